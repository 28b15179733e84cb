#include "pond/core/evaluator.hpp"

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include <algorithm>
#include <thread>

namespace pond {

void SerialEvaluator::parallel_for(std::size_t n, std::size_t grain,
                                   const std::function<void(std::size_t, std::size_t)>& body) {
  grain = std::max<std::size_t>(grain, 1);
  for (std::size_t begin = 0; begin < n; begin += grain) body(begin, std::min(n, begin + grain));
}

struct ThreadEvaluator::Arena {
  explicit Arena(int threads) : arena(threads) {}
  tbb::task_arena arena;
};

ThreadEvaluator::ThreadEvaluator(std::size_t threads)
    : threads_(threads == 0 ? std::max(1u, std::thread::hardware_concurrency()) : threads),
      arena_(std::make_unique<Arena>(static_cast<int>(threads_))) {}

ThreadEvaluator::~ThreadEvaluator() = default;

void ThreadEvaluator::parallel_for(std::size_t n, std::size_t grain,
                                   const std::function<void(std::size_t, std::size_t)>& body) {
  if (n == 0) return;
  grain = std::max<std::size_t>(grain, 1);
  arena_->arena.execute([&] {
    tbb::parallel_for(tbb::blocked_range<std::size_t>(0, n, grain),
                      [&](const tbb::blocked_range<std::size_t>& r) { body(r.begin(), r.end()); },
                      tbb::simple_partitioner());
  });
}

std::unique_ptr<Evaluator> make_evaluator(std::size_t threads) {
  if (threads == 1) return std::make_unique<SerialEvaluator>();
  return std::make_unique<ThreadEvaluator>(threads);
}

std::size_t default_grain(std::size_t n, std::size_t threads) noexcept {
  const std::size_t chunks = std::max<std::size_t>(1, threads * 2);
  return std::max<std::size_t>(1, (n + chunks - 1) / chunks);
}

}  // namespace pond
