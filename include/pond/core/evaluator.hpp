#pragma once
/// @file
/// Evaluators run work over a batch: serially, or on a oneTBB thread pool. Results are written by
/// candidate index, so the evaluator never changes a run's result, only its speed.

#include <cstddef>
#include <functional>
#include <memory>

namespace pond {

/// Runs a loop body over index ranges, possibly in parallel.
class Evaluator {
 public:
  virtual ~Evaluator() = default;
  /// Calls body(begin, end) on disjoint ranges covering [0, n), each about `grain` long, and returns
  /// when all are done. An exception thrown by the body is rethrown here (the first one caught).
  virtual void parallel_for(std::size_t n, std::size_t grain,
                            const std::function<void(std::size_t, std::size_t)>& body) = 0;
  /// Number of threads the evaluator uses.
  virtual std::size_t threads() const noexcept = 0;
};

/// Runs everything on the calling thread.
class SerialEvaluator final : public Evaluator {
 public:
  void parallel_for(std::size_t n, std::size_t grain,
                    const std::function<void(std::size_t, std::size_t)>& body) override;
  std::size_t threads() const noexcept override { return 1; }
};

/// Runs ranges on a oneTBB arena of a fixed number of threads.
class ThreadEvaluator final : public Evaluator {
 public:
  /// An evaluator with `threads` threads; 0 means one per hardware thread.
  explicit ThreadEvaluator(std::size_t threads = 0);
  ~ThreadEvaluator() override;
  ThreadEvaluator(const ThreadEvaluator&) = delete;
  ThreadEvaluator& operator=(const ThreadEvaluator&) = delete;
  void parallel_for(std::size_t n, std::size_t grain,
                    const std::function<void(std::size_t, std::size_t)>& body) override;
  std::size_t threads() const noexcept override { return threads_; }

 private:
  struct Arena;
  std::size_t threads_;
  std::unique_ptr<Arena> arena_;
};

/// A serial evaluator for 1 thread, a thread evaluator otherwise (0 = all hardware threads).
std::unique_ptr<Evaluator> make_evaluator(std::size_t threads);

/// A grain that splits n items into a few chunks per thread.
std::size_t default_grain(std::size_t n, std::size_t threads) noexcept;

}  // namespace pond
