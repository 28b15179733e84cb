// Micro-benchmarks of the built-in tasks' evaluate: linear projection sphere and Rastrigin (n = 100) and
// the planar arm (10 and 100 joints). 1024 solutions are drawn once and evaluated in turn.
//
// The projections' descriptor folds coordinates beyond +-5.12 (clip), so their speed can depend on how
// many coordinates lie beyond it and how predictably: the `sigma` argument is the spread of the drawn
// coordinates, N(0, sigma^2). sigma = 1 is like a MAP-Elites run on sphere (about 1% of a batch's
// coordinates lie beyond 5.12 there); sigma = 5 puts about 30% beyond, at random. The arm's angles are
// N(0, 0.3^2).

#include <benchmark/benchmark.h>

#include <cstdint>
#include <span>
#include <vector>

#include "pond/core/rng.hpp"
#include "pond/tasks/arm.hpp"
#include "pond/tasks/projection.hpp"

namespace {

constexpr std::size_t kSolutions = 1024;  // a power of two

std::vector<std::vector<double>> solutions(std::size_t dim, double scale) {
  pond::Rng rng(5);
  std::vector<std::vector<double>> out(kSolutions, std::vector<double>(dim));
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
    i = (i + 1) & (kSolutions - 1);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}

void BM_SphereEvaluate(benchmark::State& state) {
  const auto dim = static_cast<std::size_t>(state.range(0));
  evaluate(state, pond::tasks::Sphere({.dim = dim}), dim, static_cast<double>(state.range(1)));
}
BENCHMARK(BM_SphereEvaluate)->ArgNames({"n", "sigma"})->Args({100, 1})->Args({100, 5});

void BM_RastriginEvaluate(benchmark::State& state) {
  const auto dim = static_cast<std::size_t>(state.range(0));
  evaluate(state, pond::tasks::Rastrigin({.dim = dim}), dim, static_cast<double>(state.range(1)));
}
BENCHMARK(BM_RastriginEvaluate)->ArgNames({"n", "sigma"})->Args({100, 1})->Args({100, 5});

void BM_ArmEvaluate(benchmark::State& state) {
  const auto joints = static_cast<std::size_t>(state.range(0));
  evaluate(state, pond::tasks::Arm({.joints = joints}), joints, 0.3);
}
BENCHMARK(BM_ArmEvaluate)->ArgName("joints")->Arg(10)->Arg(100);

}  // namespace
