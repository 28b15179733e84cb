#pragma once
/// @file
/// Evaluation spread over processes. A `Distributor` moves encoded candidates and their results between
/// one coordinator and any number of workers (pond::mpi::MpiDistributor does it over MPI); a
/// `DistributedTask` makes any task evaluate its batches that way, so the scheduler, the archives and
/// the emitters stay exactly as they are. Results are written by candidate index, so a distributed
/// run gives the same archive, bit for bit, as the same seed on one process.
///
///     rank 0:   scheduler.run(DistributedTask(task, distributor, local), evaluator, limits);
///     others:   serve_task(task, distributor, local);   // until rank 0's distributor stops them

#include <cstddef>
#include <functional>
#include <span>
#include <string>

#include "pond/core/binary_io.hpp"
#include "pond/core/error.hpp"
#include "pond/core/evaluator.hpp"
#include "pond/core/solution_codec.hpp"
#include "pond/core/task.hpp"

namespace pond {

/// The evaluation of one candidate threw. `index` is its position in the batch being evaluated.
class CandidateFailure : public Error {
 public:
  CandidateFailure(std::size_t index, const std::string& what) : Error(what), index_(index) {}
  /// The candidate's position in its batch.
  std::size_t index() const noexcept { return index_; }

 private:
  std::size_t index_;
};

/// Moves a batch's candidates to worker processes and their results back.
class Distributor {
 public:
  /// Writes candidates [begin, end) of the batch to `out`.
  using Encoder = std::function<void(std::size_t begin, std::size_t end, BinaryWriter& out)>;
  /// Evaluates candidates [begin, end) of the batch in this process (results land in place).
  using LocalEvaluation = std::function<void(std::size_t begin, std::size_t end)>;
  /// Worker side: decodes `count` candidates from `in` and evaluates them into the spans (count
  /// objectives, count × descriptor_dim descriptor values). Throws CandidateFailure for a candidate
  /// whose evaluation threw (index within the chunk).
  using ChunkEvaluation =
      std::function<void(BinaryReader& in, std::size_t count, std::span<double> objectives, std::span<double> descriptors)>;

  virtual ~Distributor() = default;
  /// This process's rank (0: the coordinator) and the number of processes.
  virtual int rank() const noexcept = 0;
  virtual int size() const noexcept = 0;
  /// Coordinator: evaluates a batch of `n` candidates, handing chunks to the workers as they become free
  /// and evaluating chunks itself with `here` in between. Fills objectives (n) and descriptors
  /// (n × descriptor_dim). Throws pond::Error naming the rank and the candidate when an evaluation
  /// failed somewhere (after every chunk handed out came back, so the next batch starts clean).
  virtual void evaluate(std::size_t n, std::size_t descriptor_dim, const Encoder& encode, const LocalEvaluation& here,
                        std::span<double> objectives, std::span<double> descriptors) = 0;
  /// Worker: evaluates the chunks the coordinator sends with `evaluate` until the coordinator stops.
  virtual void serve(std::size_t descriptor_dim, const ChunkEvaluation& evaluate) = 0;
  /// Coordinator: tells every worker to return from `serve`. Safe to call more than once.
  virtual void stop_workers() = 0;
};

/// Evaluates solutions [begin, end) with `task` on `evaluator`, rethrowing a failure as CandidateFailure
/// with the candidate's index relative to `begin`.
template <Task T>
void evaluate_indexed(const T& task, Evaluator& evaluator, std::span<const typename T::Solution> solutions, std::size_t begin,
                      std::size_t end, std::span<double> objectives, std::span<double> descriptors) {
  const std::size_t dim = task.descriptor_dim();
  auto body = [&](std::size_t b, std::size_t e) {
    if constexpr (requires { task.evaluate_range(solutions, b, e, objectives, descriptors); }) {
      // A task that evaluates ranges faster (the maze runs its robots side by side); when it throws,
      // the candidates are evaluated one by one below to name the one that fails.
      try {
        task.evaluate_range(solutions, b, e, objectives, descriptors);
        return;
      } catch (const std::exception&) {
      }
    }
    for (std::size_t i = b; i < e; ++i) {
      try {
        objectives[i] = task.evaluate(solutions[i], descriptors.subspan(i * dim, dim));
      } catch (const std::exception& error) {
        throw CandidateFailure(i - begin, error.what());
      }
    }
  };
  if (evaluator.threads() > 1 && is_thread_safe(task) && end - begin > 1) {
    evaluator.parallel_for(end - begin, default_grain(end - begin, evaluator.threads()),
                           [&](std::size_t b, std::size_t e) { body(begin + b, begin + e); });
  } else {
    body(begin, end);
  }
}

/// A task whose batches are evaluated across the processes of a Distributor: the coordinator's side.
/// Each process also uses its own `local` evaluator's threads. The wrapped task must be the same on
/// every process (built from the same configuration).
template <Task T>
class DistributedTask {
 public:
  using Solution = typename T::Solution;
  /// Wraps `task`; `distributor` and `local` must outlive this object.
  DistributedTask(T task, Distributor& distributor, Evaluator& local)
      : task_(std::move(task)), distributor_(&distributor), local_(&local) {}

  std::size_t descriptor_dim() const { return task_.descriptor_dim(); }
  /// One call per batch: the distributor balances the batch itself.
  bool thread_safe() const noexcept { return false; }
  bool deterministic() const { return is_deterministic(task_); }
  /// Evaluates one solution here.
  double evaluate(const Solution& solution, std::span<double> descriptor) const { return task_.evaluate(solution, descriptor); }
  /// Evaluates solutions [begin, end) across the processes.
  void evaluate_range(std::span<const Solution> solutions, std::size_t begin, std::size_t end, std::span<double> objectives,
                      std::span<double> descriptors) const {
    const std::size_t dim = task_.descriptor_dim();
    const std::size_t n = end - begin;
    const auto batch = solutions.subspan(begin, n);
    const auto out_objectives = objectives.subspan(begin, n);
    const auto out_descriptors = descriptors.subspan(begin * dim, n * dim);
    distributor_->evaluate(
        n, dim,
        [&](std::size_t b, std::size_t e, BinaryWriter& out) {
          for (std::size_t i = b; i < e; ++i) SolutionCodec<Solution>::write(out, batch[i]);
        },
        [&](std::size_t b, std::size_t e) { evaluate_indexed(task_, *local_, batch, b, e, out_objectives, out_descriptors); },
        out_objectives, out_descriptors);
  }
  /// Whether the wrapped task judges solutions (see Task).
  bool judges_solutions() const {
    if constexpr (requires { task_.judges_solutions(); }) {
      return task_.judges_solutions();
    } else {
      return requires(std::span<const double> d) { task_.solved(0.0, d); };
    }
  }
  /// The wrapped task's verdict (false when it has no goal).
  bool solved(double objective, std::span<const double> descriptor) const {
    if constexpr (requires { task_.solved(objective, descriptor); }) {
      return task_.solved(objective, descriptor);
    } else {
      return false;
    }
  }

 private:
  T task_;
  Distributor* distributor_;
  Evaluator* local_;
};

/// A worker's side: evaluates with `task` (on `local`'s threads) what the coordinator hands out, until
/// it stops the workers.
template <Task T>
void serve_task(const T& task, Distributor& distributor, Evaluator& local) {
  using S = typename T::Solution;
  std::vector<S> solutions;
  distributor.serve(task.descriptor_dim(),
                    [&](BinaryReader& in, std::size_t count, std::span<double> objectives, std::span<double> descriptors) {
                      solutions.resize(count);
                      for (auto& s : solutions) SolutionCodec<S>::read(in, s);
                      evaluate_indexed(task, local, std::span<const S>(solutions), 0, count, objectives, descriptors);
                    });
}

}  // namespace pond
