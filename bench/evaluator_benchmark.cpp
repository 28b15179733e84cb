// Micro-benchmark of the evaluators' fork/join overhead: one parallel_for over a batch whose body does
// (almost) nothing, so the time is what the evaluator itself costs per batch. The scheduler calls
// parallel_for twice per iteration on a ThreadEvaluator (ask and evaluate), so this overhead is paid twice
// per batch; it matters when a batch's work is small (e.g. the arm with 10 joints, batch 128).

#include <benchmark/benchmark.h>

#include <atomic>
#include <cstdint>

#include "pond/core/evaluator.hpp"

namespace {

void run(benchmark::State& state, pond::Evaluator& evaluator) {
  const auto n = static_cast<std::size_t>(state.range(0));
  const std::size_t grain = pond::default_grain(n, evaluator.threads());
  std::atomic<std::size_t> sum{0};
  for (auto _ : state) {
    evaluator.parallel_for(n, grain, [&](std::size_t begin, std::size_t end) {
      sum.fetch_add(end - begin, std::memory_order_relaxed);
    });
  }
  benchmark::DoNotOptimize(sum.load());
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));  // items: batches
}

void BM_SerialParallelFor(benchmark::State& state) {
  pond::SerialEvaluator evaluator;
  run(state, evaluator);
}
BENCHMARK(BM_SerialParallelFor)->ArgName("batch")->Arg(128)->Arg(540);

void BM_ThreadParallelFor(benchmark::State& state) {
  pond::ThreadEvaluator evaluator(static_cast<std::size_t>(state.range(1)));
  run(state, evaluator);
}
BENCHMARK(BM_ThreadParallelFor)->ArgNames({"batch", "threads"})->Args({128, 2})->Args({540, 2})->UseRealTime();

}  // namespace
