// NEAT on its classic checks and the whole novelty-search loop on the hard maze, printed as markdown
// tables: XOR success over many seeds, double pole balancing (with velocities), and throughput in
// evaluations per CPU-second (simulation or network, novelty and NEAT bookkeeping together).
//
//   ./build/bench/pond_neat_bench [--xor-runs 100] [--pole-runs 10] [--maze-evals 50000]

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "pond/core/evaluator.hpp"
#include "pond/run/experiment.hpp"
#include "pond/run/run_config.hpp"

#include "cpu_time.hpp"

namespace {

using pond::bench::cpu_seconds;

struct Outcome {
  std::uint64_t evaluations = 0, first_solution = 0;
  double cpu = 0.0, wall = 0.0;
};

// One run of `config` (given as JSON fields) on `threads` threads.
Outcome run(nlohmann::json fields, std::size_t threads) {
  fields["threads"] = threads;
  const pond::RunConfig config = pond::resolve_config(fields, "bench");
  auto experiment = pond::make_experiment(config);
  auto evaluator = pond::make_evaluator(threads);
  const double cpu0 = cpu_seconds();
  const auto wall0 = std::chrono::steady_clock::now();
  experiment->run(*evaluator, {.evaluations = config.evals, .stop_when_solved = config.stop_when_solved}, [] { return true; });
  Outcome o;
  o.cpu = cpu_seconds() - cpu0;
  o.wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - wall0).count();
  o.evaluations = experiment->evaluations();
  o.first_solution = experiment->first_solution();
  return o;
}

struct Success {
  std::size_t runs = 0, solved = 0;
  double mean = 0.0, worst = 0.0, evals_per_cpu = 0.0;
};

Success success_over_seeds(const nlohmann::json& fields, std::size_t runs) {
  Success s;
  double sum = 0.0, cpu = 0.0, evaluations = 0.0;
  for (std::size_t seed = 1; seed <= runs; ++seed) {
    nlohmann::json f = fields;
    f["seed"] = seed;
    const Outcome o = run(f, 1);
    ++s.runs;
    cpu += o.cpu;
    evaluations += static_cast<double>(o.evaluations);
    if (o.first_solution == 0) continue;
    ++s.solved;
    sum += static_cast<double>(o.first_solution);
    s.worst = std::max(s.worst, static_cast<double>(o.first_solution));
  }
  s.mean = s.solved ? sum / static_cast<double>(s.solved) : 0.0;
  s.evals_per_cpu = evaluations / cpu;
  return s;
}

std::size_t flag(int argc, char** argv, const char* name, std::size_t fallback) {
  for (int i = 1; i + 1 < argc; ++i) {
    if (std::strcmp(argv[i], name) == 0) return static_cast<std::size_t>(std::strtoull(argv[i + 1], nullptr, 10));
  }
  return fallback;
}

}  // namespace

int main(int argc, char** argv) {
  const std::size_t xor_runs = flag(argc, argv, "--xor-runs", 100);
  const std::size_t pole_runs = flag(argc, argv, "--pole-runs", 10);
  const std::uint64_t maze_evals = flag(argc, argv, "--maze-evals", 50'000);

  fmt::print("| check | setting | runs | solved | mean evaluations | worst | evaluations per CPU-second |\n");
  fmt::print("|---|---|--:|--:|--:|--:|--:|\n");
  const Success x = success_over_seeds({{"task", "xor"}, {"algo", "fitness"}}, xor_runs);
  fmt::print("| XOR | NEAT, population 150, pond's XOR setting | {} | {} | {:.0f} | {:.0f} | {:.0f} |\n", x.runs, x.solved,
             x.mean, x.worst, x.evals_per_cpu);
  if (pole_runs > 0) {
    const Success p = success_over_seeds({{"task", "pole"}, {"algo", "fitness"}}, pole_runs);
    fmt::print("| double pole, velocities | NEAT, population 150 | {} | {} | {:.0f} | {:.0f} | {:.0f} |\n", p.runs,
               p.solved, p.mean, p.worst, p.evals_per_cpu);
  }

  fmt::print("\nWhole novelty-search loop on the hard maze (seed 1, {} evaluations, not stopping at the goal):\n\n", maze_evals);
  fmt::print("| threads | evaluations per CPU-second | evaluations per wall second |\n|--:|--:|--:|\n");
  for (std::size_t threads : {std::size_t{1}, std::size_t{2}}) {
    const Outcome o = run({{"task", "maze"}, {"map", "hard"}, {"algo", "novelty"}, {"seed", 1}, {"evals", maze_evals},
                           {"stop_when_solved", false}},
                          threads);
    fmt::print("| {} | {:.0f} | {:.0f} |\n", threads, static_cast<double>(o.evaluations) / o.cpu,
               static_cast<double>(o.evaluations) / o.wall);
  }
  return 0;
}
