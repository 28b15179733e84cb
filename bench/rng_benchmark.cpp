// Micro-benchmarks of pond's random number generator (xoshiro256** with a 256-layer ziggurat for
// normals), with the standard library's mt19937_64 + normal_distribution as a reference.

#include <benchmark/benchmark.h>

#include <cstdint>
#include <random>
#include <vector>

#include "pond/core/rng.hpp"

namespace {

void BM_RngNext(benchmark::State& state) {
  pond::Rng rng(1);
  for (auto _ : state) benchmark::DoNotOptimize(rng());
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}
BENCHMARK(BM_RngNext);

void BM_RngUniform(benchmark::State& state) {
  pond::Rng rng(1);
  for (auto _ : state) benchmark::DoNotOptimize(rng.uniform());
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}
BENCHMARK(BM_RngUniform);

void BM_RngBelow(benchmark::State& state) {
  pond::Rng rng(1);
  for (auto _ : state) benchmark::DoNotOptimize(rng.below(10'000));
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}
BENCHMARK(BM_RngBelow);

void BM_RngNormal(benchmark::State& state) {
  pond::Rng rng(1);
  for (auto _ : state) benchmark::DoNotOptimize(rng.normal());
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}
BENCHMARK(BM_RngNormal);

// n normals into a buffer by n calls of normal(), as a Gaussian mutation of an n-dimensional solution
// needs (n = 10: the arm; n = 100: the linear projections). Items are normals.
void BM_RngNormalLoop(benchmark::State& state) {
  pond::Rng rng(1);
  std::vector<double> x(static_cast<std::size_t>(state.range(0)));
  for (auto _ : state) {
    for (double& v : x) v = rng.normal();
    benchmark::DoNotOptimize(x.data());
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * x.size()));
}
BENCHMARK(BM_RngNormalLoop)->ArgName("n")->Arg(10)->Arg(100);

// The same n normals through Rng::fill_normal, as the Gaussian emitters draw them. Items are normals.
void BM_RngFillNormal(benchmark::State& state) {
  pond::Rng rng(1);
  std::vector<double> x(static_cast<std::size_t>(state.range(0)));
  for (auto _ : state) {
    rng.fill_normal(x);
    benchmark::DoNotOptimize(x.data());
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * x.size()));
}
BENCHMARK(BM_RngFillNormal)->ArgName("n")->Arg(10)->Arg(100);

// Making one candidate's generator, as every emitter does per candidate (Rng::stream with four tags).
void BM_RngStream(benchmark::State& state) {
  std::uint64_t i = 0;
  for (auto _ : state) {
    pond::Rng rng = pond::Rng::stream(1, {pond::stream_tag::ask, 17, 3, i++});
    benchmark::DoNotOptimize(rng);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}
BENCHMARK(BM_RngStream);

void BM_StdMt19937_64Normal(benchmark::State& state) {
  std::mt19937_64 gen(1);
  std::normal_distribution<double> normal(0.0, 1.0);
  for (auto _ : state) benchmark::DoNotOptimize(normal(gen));
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}
BENCHMARK(BM_StdMt19937_64Normal);

}  // namespace
