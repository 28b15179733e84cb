#include "pond/run/deception_bench.hpp"

#include <fmt/format.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <limits>
#include <mutex>

#include "basic_experiment.hpp"
#include "pond/core/error.hpp"
#include "pond/run/progress.hpp"
#include "pond/tasks/maze_maps.hpp"

namespace pond {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

RunConfig run_config(const DeceptionOptions& o, const std::string& method, std::uint64_t seed) {
  nlohmann::json j = o.overrides;
  j["task"] = "maze";
  j["map"] = o.map;
  j["algo"] = method;
  j["seed"] = seed;
  j["evals"] = o.evals;
  j["threads"] = 1;
  j["stop_when_solved"] = true;
  return resolve_config(j, "bench deception");
}

DeceptionSummary summarise(const std::string& method, const std::vector<DeceptionRun>& runs) {
  DeceptionSummary s{method, 0, 0, kNaN, kNaN, kNaN, 0.0};
  std::vector<double> evaluations;
  double connections = 0.0;
  for (const DeceptionRun& r : runs) {
    if (r.method != method) continue;
    ++s.runs;
    s.seconds += r.seconds;
    if (!r.solved) continue;
    ++s.solved;
    evaluations.push_back(static_cast<double>(r.evaluations_to_solve));
    connections += static_cast<double>(r.connections);
  }
  if (!evaluations.empty()) {
    double sum = 0.0;
    for (double e : evaluations) sum += e;
    s.mean_evaluations = sum / static_cast<double>(evaluations.size());
    std::sort(evaluations.begin(), evaluations.end());
    const std::size_t n = evaluations.size();
    s.median_evaluations = n % 2 == 1 ? evaluations[n / 2] : 0.5 * (evaluations[n / 2 - 1] + evaluations[n / 2]);
    s.mean_connections = connections / static_cast<double>(n);
  }
  return s;
}

// The paper's results (40 runs, 250,000 evaluations), for the built-in maps.
std::string published(const std::string& map, const std::string& method) {
  if (map == "medium" && method == "novelty") return "40/40, mean 18274";
  if (map == "medium" && method == "fitness") return "40/40, mean 56334";
  if (map == "hard" && method == "novelty") return "39/40, mean 35109";
  if (map == "hard" && method == "fitness") return "3/40";
  if (map == "hard" && method == "random") return "4/40";
  return "-";
}

std::string number_or_dash(double v, const char* format) {
  return std::isfinite(v) ? fmt::format(fmt::runtime(format), v) : std::string("-");
}

}  // namespace

namespace {

// One run's outcome in binary, to gather runs made by other processes.
void write_run(BinaryWriter& out, const DeceptionRun& r) {
  out.write_string(r.method);
  out.write(r.seed);
  out.write<std::uint8_t>(r.solved);
  out.write(r.evaluations_to_solve);
  out.write(r.evaluations);
  out.write<std::uint64_t>(r.connections);
  out.write<std::uint64_t>(r.hidden_nodes);
  out.write<std::uint64_t>(r.archive_size);
  out.write(r.seconds);
}

DeceptionRun read_run(BinaryReader& in) {
  DeceptionRun r;
  r.method = in.read_string("method");
  r.seed = in.read<std::uint64_t>("seed");
  r.solved = in.read<std::uint8_t>("solved") != 0;
  r.evaluations_to_solve = in.read<std::uint64_t>("evaluations to solve");
  r.evaluations = in.read<std::uint64_t>("evaluations");
  r.connections = in.read<std::uint64_t>("connections");
  r.hidden_nodes = in.read<std::uint64_t>("hidden nodes");
  r.archive_size = in.read<std::uint64_t>("archive size");
  r.seconds = in.read<double>("seconds");
  return r;
}

}  // namespace

DeceptionResult run_deception_bench(const DeceptionOptions& o) {
  if (o.runs == 0) throw Error("bench deception: --runs must be at least 1");
  if (o.methods.empty()) throw Error("bench deception: name at least one method");
  // Build every configuration first, so a bad option fails before any run.
  struct Job {
    RunConfig config;
    std::size_t method_index;
  };
  std::vector<Job> jobs;
  for (std::size_t m = 0; m < o.methods.size(); ++m) {
    for (std::size_t i = 0; i < o.runs; ++i) jobs.push_back({run_config(o, o.methods[m], o.first_seed + i), m});
  }
  tasks::load_maze(o.map);  // a bad map fails here, before any run

  DeceptionResult result;
  result.runs.resize(jobs.size());
  result.panels.resize(o.methods.size());
  // This process's jobs; the first seed's runs stay on rank 0, which draws their end points.
  const Sharing& sharing = o.sharing;
  std::vector<std::size_t> mine;
  for (std::size_t j = 0; j < jobs.size(); ++j) {
    if (sharing.owns(j, jobs[j].config.seed == o.first_seed)) mine.push_back(j);
  }
  const std::size_t mine_count = mine.size();
  std::atomic<std::size_t> done{0};
  std::mutex progress_mutex;
  const auto start = std::chrono::steady_clock::now();
  auto report = [&](const DeceptionRun& r) {
    if (o.progress == nullptr) return;
    const std::size_t n = ++done;
    const std::lock_guard lock(progress_mutex);
    const std::string line = fmt::format("bench deception: {}/{} runs{} ({} seed {}: {})", n, mine_count,
                                         mine_count == jobs.size() ? "" : " here (the other ranks run the rest)", r.method,
                                         r.seed, r.solved ? fmt::format("solved at {}", r.evaluations_to_solve) : "not solved");
    *o.progress << (o.terminal ? "\r\033[K" + line : line + "\n") << std::flush;
  };

  auto run_one = [&](std::size_t j) {
    const Job& job = jobs[j];
    const auto run_start = std::chrono::steady_clock::now();
    auto experiment = make_experiment(job.config);
    SerialEvaluator evaluator;
    experiment->run(evaluator, {.evaluations = job.config.evals, .stop_when_solved = true}, [] { return true; });
    DeceptionRun& r = result.runs[j];
    r.method = job.config.algo;
    r.seed = job.config.seed;
    r.evaluations_to_solve = experiment->first_solution();
    r.solved = r.evaluations_to_solve != 0;
    r.evaluations = experiment->evaluations();
    if (const auto* neat = dynamic_cast<const BasicExperiment<neat::Genome>*>(experiment.get())) {
      if (const auto& solution = neat->scheduler().first_solved()) {
        r.connections = solution->enabled_connections();
        r.hidden_nodes = solution->hidden_nodes();
      }
    }
    r.archive_size = experiment->archive_size();
    r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - run_start).count();
    if (job.config.seed == o.first_seed) result.panels[job.method_index] = maze_drawing(*experiment);
    report(r);
  };

  tbb::task_arena arena(static_cast<int>(std::max<std::size_t>(1, o.threads)));
  arena.execute([&] {
    tbb::parallel_for(tbb::blocked_range<std::size_t>(0, mine.size(), 1), [&](const tbb::blocked_range<std::size_t>& r) {
      for (std::size_t k = r.begin(); k != r.end(); ++k) run_one(mine[k]);
    });
  });
  if (o.progress != nullptr && o.terminal) *o.progress << "\n";
  if (sharing.gather) {
    BinaryWriter out;
    for (std::size_t j : mine) {
      out.write<std::uint64_t>(j);
      write_run(out, result.runs[j]);
    }
    for (const std::string& part : sharing.gather(out.bytes())) {
      BinaryReader in(part, "a rank's deception runs");
      while (in.remaining() > 0) {
        const auto j = in.read<std::uint64_t>("job");
        if (j >= jobs.size()) in.fail("job " + std::to_string(j) + " is not one of the bench's");
        result.runs[j] = read_run(in);
      }
    }
    if (!sharing.is_root()) return result;
  }
  result.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  for (const std::string& method : o.methods) result.summary.push_back(summarise(method, result.runs));
  return result;
}

std::string deception_table(const DeceptionResult& result, const DeceptionOptions& o) {
  std::string out = fmt::format("Deceptive maze '{}', {} runs per method, budget {} evaluations, stop at the first solver\n\n",
                                o.map, o.runs, o.evals);
  out += fmt::format("{:<10} {:>8} {:>14} {:>14} {:>13} {:>11}   {}\n", "method", "solved", "mean evals", "median evals",
                     "connections", "run time s", "published (Lehman and Stanley 2011)");
  for (const DeceptionSummary& s : result.summary) {
    out += fmt::format("{:<10} {:>8} {:>14} {:>14} {:>13} {:>11.1f}   {}\n", s.method,
                       fmt::format("{}/{}", s.solved, s.runs), number_or_dash(s.mean_evaluations, "{:.0f}"),
                       number_or_dash(s.median_evaluations, "{:.0f}"), number_or_dash(s.mean_connections, "{:.1f}"), s.seconds,
                       published(o.map, s.method));
  }
  out += fmt::format("\nrun time: the runs' wall times summed; the whole bench took {:.1f} s. Evaluations to solve count every\n"
                     "evaluation up to and including the first solver.\n",
                     result.wall_seconds);
  return out;
}

std::string deception_csv(const DeceptionResult& result) {
  std::string out = "method,seed,solved,evaluations_to_solve,evaluations,connections,hidden_nodes,archive_size,seconds\n";
  for (const DeceptionRun& r : result.runs) {
    out += fmt::format("{},{},{},{},{},{},{},{},{:.3f}\n", r.method, r.seed, r.solved ? 1 : 0, r.evaluations_to_solve,
                       r.evaluations, r.connections, r.hidden_nodes, r.archive_size, r.seconds);
  }
  return out;
}

}  // namespace pond
