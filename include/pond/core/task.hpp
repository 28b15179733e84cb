#pragma once
/// @file
/// What a task is. A task is a plain type with a `Solution` type, a `descriptor_dim()` and a const
/// `evaluate(solution, descriptor) -> objective`; the `Task` concept checks it. Optional abilities are
/// detected, not demanded: `static constexpr bool thread_safe` (default true: evaluate is const, so
/// concurrent calls must be safe unless the task says otherwise) and `deterministic` (default true).
/// A task may also judge candidates solved with `bool solved(double objective, std::span<const double>
/// descriptor) const` (the maze: within 5 units of the goal); runs then report when the first was found.
/// A task that is cheaper per batch than per candidate (one call into Python, say) may also have
/// `evaluate_range(solutions, begin, end, objectives, descriptors)`; evaluators then call it per range.
/// `AnyTask<S>` holds any task of solution type S behind one interface (for the CLI and bindings).

#include <concepts>
#include <cstddef>
#include <memory>
#include <span>
#include <stdexcept>
#include <string>
#include <utility>

#include "pond/core/evaluator.hpp"

namespace pond {

/// A task: maps a solution to an objective (higher is better) and a descriptor.
template <class T>
concept Task = requires(const T& task, const typename T::Solution& solution, std::span<double> descriptor) {
  typename T::Solution;
  { task.descriptor_dim() } -> std::convertible_to<std::size_t>;
  { task.evaluate(solution, descriptor) } -> std::convertible_to<double>;
};

/// Whether one task object may be evaluated from several threads (run-time answer).
template <Task T>
bool is_thread_safe(const T& task) {
  if constexpr (requires { T::thread_safe; }) {
    return T::thread_safe;
  } else if constexpr (requires { task.thread_safe(); }) {
    return task.thread_safe();
  } else {
    return true;
  }
}

/// Whether a task gives the same result for the same solution (run-time answer).
template <Task T>
bool is_deterministic(const T& task) {
  if constexpr (requires { T::deterministic; }) {
    return T::deterministic;
  } else if constexpr (requires { task.deterministic(); }) {
    return task.deterministic();
  } else {
    return true;
  }
}

/// Any task with solution type S, behind one interface. Cheap to copy (shares the task).
template <class S>
class AnyTask {
 public:
  using Solution = S;

  /// Wraps `task`, named `name` in messages.
  template <Task T>
    requires(std::same_as<typename T::Solution, S> && !std::same_as<std::remove_cvref_t<T>, AnyTask>)
  AnyTask(T task, std::string name = "task")  // NOLINT: implicit on purpose, any task converts
      : self_(std::make_shared<Model<T>>(std::move(task))), name_(std::move(name)) {}

  /// Length of the descriptor.
  std::size_t descriptor_dim() const { return self_->descriptor_dim(); }
  /// Evaluates one solution (see Task).
  double evaluate(const S& solution, std::span<double> descriptor) const {
    return self_->evaluate(solution, descriptor);
  }
  /// Evaluates solutions [begin, end): one virtual call per range, not per candidate.
  void evaluate_range(std::span<const S> solutions, std::size_t begin, std::size_t end,
                      std::span<double> objectives, std::span<double> descriptors) const {
    self_->evaluate_range(solutions, begin, end, objectives, descriptors);
  }
  /// Whether evaluators may share the task across threads.
  bool thread_safe() const { return self_->thread_safe(); }
  /// Whether the task is deterministic.
  bool deterministic() const { return self_->deterministic(); }
  /// Whether the wrapped task judges candidates solved (has a `solved` test).
  bool judges_solutions() const { return self_->judges_solutions(); }
  /// The wrapped task's `solved(objective, descriptor)`; false when it has none.
  bool solved(double objective, std::span<const double> descriptor) const { return self_->solved(objective, descriptor); }
  /// The task's name.
  const std::string& name() const noexcept { return name_; }

 private:
  struct Concept {
    virtual ~Concept() = default;
    virtual std::size_t descriptor_dim() const = 0;
    virtual double evaluate(const S&, std::span<double>) const = 0;
    virtual void evaluate_range(std::span<const S>, std::size_t, std::size_t, std::span<double>,
                                std::span<double>) const = 0;
    virtual bool thread_safe() const = 0;
    virtual bool deterministic() const = 0;
    virtual bool judges_solutions() const = 0;
    virtual bool solved(double, std::span<const double>) const = 0;
  };
  template <class T>
  struct Model final : Concept {
    explicit Model(T t) : task(std::move(t)) {}
    std::size_t descriptor_dim() const override { return task.descriptor_dim(); }
    double evaluate(const S& s, std::span<double> d) const override { return task.evaluate(s, d); }
    void evaluate_range(std::span<const S> solutions, std::size_t begin, std::size_t end, std::span<double> objectives,
                        std::span<double> descriptors) const override {
      if constexpr (requires { task.evaluate_range(solutions, begin, end, objectives, descriptors); }) {
        task.evaluate_range(solutions, begin, end, objectives, descriptors);  // a task that wants whole ranges
      } else {
        const std::size_t dim = task.descriptor_dim();
        for (std::size_t i = begin; i < end; ++i) {
          objectives[i] = task.evaluate(solutions[i], descriptors.subspan(i * dim, dim));
        }
      }
    }
    bool thread_safe() const override { return is_thread_safe(task); }
    bool deterministic() const override { return is_deterministic(task); }
    bool judges_solutions() const override {
      if constexpr (requires { task.judges_solutions(); }) {
        return task.judges_solutions();  // a wrapper that knows whether what it wraps judges
      } else {
        return requires(std::span<const double> d) { task.solved(0.0, d); };
      }
    }
    bool solved(double objective, std::span<const double> descriptor) const override {
      if constexpr (requires { task.solved(objective, descriptor); }) {
        return task.solved(objective, descriptor);
      } else {
        return false;
      }
    }
    T task;
  };
  std::shared_ptr<const Concept> self_;
  std::string name_;
};

/// Evaluates a batch of solutions with `task` on `evaluator`: objectives[i] and
/// descriptors[i·dim, (i+1)·dim) receive candidate i's result. Tasks that are not thread safe run
/// serially. Throws std::invalid_argument when the output sizes are wrong; exceptions thrown by the
/// task propagate.
template <Task T>
void evaluate_batch(Evaluator& evaluator, const T& task, std::span<const typename T::Solution> solutions,
                    std::span<double> objectives, std::span<double> descriptors) {
  const std::size_t n = solutions.size();
  const std::size_t dim = task.descriptor_dim();
  if (objectives.size() != n || descriptors.size() != n * dim) {
    throw std::invalid_argument("evaluate_batch: output sizes do not match a batch of " + std::to_string(n));
  }
  auto body = [&](std::size_t begin, std::size_t end) {
    if constexpr (requires { task.evaluate_range(solutions, begin, end, objectives, descriptors); }) {
      task.evaluate_range(solutions, begin, end, objectives, descriptors);
    } else {
      for (std::size_t i = begin; i < end; ++i) {
        objectives[i] = task.evaluate(solutions[i], descriptors.subspan(i * dim, dim));
      }
    }
  };
  if (evaluator.threads() > 1 && is_thread_safe(task)) {
    evaluator.parallel_for(n, default_grain(n, evaluator.threads()), body);
  } else {
    body(0, n);
  }
}

}  // namespace pond
