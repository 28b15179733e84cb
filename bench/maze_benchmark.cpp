// Micro-benchmarks of the deceptive-maze simulator: one whole MazeSimulator::run (10 warm-up activations
// and 400 steps of sensing and physics) on the hard map, with a trivial controller so that the time is
// the simulator's own. Time per iteration is time per run.
//
// Fixed: constant outputs (0.6, 0.9): the robot speeds up to full speed while turning at the largest
// rate. Zigzag: turns one way, then the other, every 20 activations, with a throttle that follows the
// front rangefinder.

#include <benchmark/benchmark.h>

#include <cstdint>
#include <filesystem>
#include <span>
#include <vector>

#include "pond/tasks/maze.hpp"

namespace {

using pond::tasks::MazeMap;
using pond::tasks::MazeSimulator;

MazeSimulator HardMaze() {
  return MazeSimulator(MazeMap::load(std::filesystem::path(__FILE__).parent_path().parent_path() / "data" / "mazes" /
                                     "hard.txt"));
}

template <class MakeController>
void Run(benchmark::State& state, MakeController make_controller) {
  const MazeSimulator sim = HardMaze();
  for (auto _ : state) {
    const pond::tasks::MazeOutcome outcome = sim.run(make_controller());
    benchmark::DoNotOptimize(outcome);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}

void BM_MazeRun_Fixed(benchmark::State& state) {
  Run(state, [] {
    return [](std::span<const double>, std::span<double> out) {
      out[0] = 0.6;
      out[1] = 0.9;
    };
  });
}
BENCHMARK(BM_MazeRun_Fixed)->Unit(benchmark::kMicrosecond);

void BM_MazeRun_Zigzag(benchmark::State& state) {
  Run(state, [] {
    return [activations = 0](std::span<const double> in, std::span<double> out) mutable {
      ++activations;
      out[0] = (activations / 20) % 2 == 0 ? 0.9 : 0.1;
      out[1] = 0.5 + 0.4 * (in[2] - 0.3);
    };
  });
}
BENCHMARK(BM_MazeRun_Zigzag)->Unit(benchmark::kMicrosecond);

// The same controllers, 16 robots side by side (MazeSimulator::run_many): time per iteration is time
// for all 16; items per second are robots per second.
template <class MakeController>
void RunMany(benchmark::State& state, MakeController make_controller) {
  const MazeSimulator sim = HardMaze();
  constexpr std::size_t kRobots = 16;
  std::vector<pond::tasks::MazeOutcome> outcomes(kRobots);
  for (auto _ : state) {
    std::vector<decltype(make_controller())> controllers;
    for (std::size_t i = 0; i < kRobots; ++i) controllers.push_back(make_controller());
    sim.run_many(std::span(controllers), std::span(outcomes));
    benchmark::DoNotOptimize(outcomes.data());
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * kRobots));
}

void BM_MazeRunMany_Fixed(benchmark::State& state) {
  RunMany(state, [] {
    return [](std::span<const double>, std::span<double> out) {
      out[0] = 0.6;
      out[1] = 0.9;
    };
  });
}
BENCHMARK(BM_MazeRunMany_Fixed)->Unit(benchmark::kMicrosecond);

void BM_MazeRunMany_Zigzag(benchmark::State& state) {
  RunMany(state, [] {
    return [activations = 0](std::span<const double> in, std::span<double> out) mutable {
      ++activations;
      out[0] = (activations / 20) % 2 == 0 ? 0.9 : 0.1;
      out[1] = 0.5 + 0.4 * (in[2] - 0.3);
    };
  });
}
BENCHMARK(BM_MazeRunMany_Zigzag)->Unit(benchmark::kMicrosecond);

}  // namespace
