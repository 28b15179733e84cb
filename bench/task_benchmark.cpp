// Micro-benchmarks of the built-in tasks' evaluate: linear projection sphere and Rastrigin (n = 100) and
// the planar arm (10 and 100 joints). 256 solutions are drawn once and evaluated in turn: N(0, 5^2)
// coordinates for the projections (about 30% lie beyond +-5.12 and are folded by clip), N(0, 0.3^2) angles
// for the arm.

#include <benchmark/benchmark.h>

#include <cstdint>
#include <span>
#include <vector>

#include "pond/core/rng.hpp"
#include "pond/tasks/arm.hpp"
#include "pond/tasks/projection.hpp"

namespace {

std::vector<std::vector<double>> solutions(std::size_t dim, double scale) {
  pond::Rng rng(5);
  std::vector<std::vector<double>> out(256, std::vector<double>(dim));
  for (auto& x : out) {
    for (double& v : x) v = scale * rng.normal();
  }
  return out;
}

template <class TaskT>
void evaluate(benchmark::State& state, const TaskT& task, std::size_t dim, double scale) {
  const auto xs = solutions(dim, scale);
  double descriptor[2];
  std::size_t i = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(task.evaluate(xs[i], std::span<double>(descriptor, 2)));
    benchmark::DoNotOptimize(descriptor);
    i = (i + 1) & 255;
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}

void BM_SphereEvaluate(benchmark::State& state) {
  const auto dim = static_cast<std::size_t>(state.range(0));
  evaluate(state, pond::tasks::Sphere({.dim = dim}), dim, 5.0);
}
BENCHMARK(BM_SphereEvaluate)->ArgName("n")->Arg(100);

void BM_RastriginEvaluate(benchmark::State& state) {
  const auto dim = static_cast<std::size_t>(state.range(0));
  evaluate(state, pond::tasks::Rastrigin({.dim = dim}), dim, 5.0);
}
BENCHMARK(BM_RastriginEvaluate)->ArgName("n")->Arg(100);

void BM_ArmEvaluate(benchmark::State& state) {
  const auto joints = static_cast<std::size_t>(state.range(0));
  evaluate(state, pond::tasks::Arm({.joints = joints}), joints, 0.3);
}
BENCHMARK(BM_ArmEvaluate)->ArgName("joints")->Arg(10)->Arg(100);

}  // namespace
