#pragma once
// The Python task objects: every task, built in or written in Python, is one of two handle types, by
// solution type, so schedulers and pond.run take any of them through one path.

#include <functional>
#include <span>
#include <string>
#include <vector>

#include "common.hpp"
#include "pond/core/task.hpp"
#include "pond/neat/genome.hpp"

namespace pond::python {

/// pond.tasks.VectorTask: a task on real vectors (Sphere, Rastrigin, Arm, PythonTask).
struct VectorTaskHandle {
  explicit VectorTaskHandle(AnyTask<Vector> t) : task(std::move(t)) {}
  virtual ~VectorTaskHandle() = default;
  AnyTask<Vector> task;                   ///< the task
  /// Built-in tasks: evaluates one row in place (no copy into a vector); empty for Python tasks.
  std::function<double(std::span<const double>, std::span<double>)> evaluate_row;
  std::size_t solution_dim = 0;           ///< coordinates of a solution
  std::vector<double> lower, upper;       ///< the descriptor box (the published grid's, for built-ins)
  double solution_bound = 1.0;            ///< the random baseline samples in [-bound, bound]^dim
  bool python = false;                    ///< a PythonTask (config task "user"), not a built-in
};

/// pond.tasks.GenomeTask: a task on NEAT genomes (Maze, Xor, Pole, PythonNeatTask).
struct GenomeTaskHandle {
  explicit GenomeTaskHandle(AnyTask<neat::Genome> t) : task(std::move(t)) {}
  virtual ~GenomeTaskHandle() = default;
  AnyTask<neat::Genome> task;             ///< the task
  std::uint32_t inputs = 0, outputs = 0;  ///< network inputs (a bias counts as one) and outputs
  std::vector<double> lower, upper;       ///< the descriptor box
  bool recurrent = false;                 ///< Python tasks: whose networks are RecurrentNetwork (else FeedForwardNetwork)
  bool python = false;                    ///< a PythonNeatTask (config task "user-neat"), not a built-in
};

}  // namespace pond::python
