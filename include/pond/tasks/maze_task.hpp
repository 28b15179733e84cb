#pragma once
/// @file
/// The deceptive maze as a task on NEAT genomes: the genome becomes a recurrent network (synchronous,
/// one hop per activation) that drives the robot; the descriptor is the final position and the
/// objective the published fitness, 300 - final distance to the goal.

#include <span>
#include <vector>

#include "pond/neat/genome.hpp"
#include "pond/tasks/maze.hpp"

namespace pond::tasks {

/// Maze navigation for NEAT genomes with maze_inputs inputs and maze_outputs outputs.
class MazeTask {
 public:
  using Solution = neat::Genome;

  /// A task on `map` with simulator `options`. Throws std::invalid_argument on bad options.
  explicit MazeTask(MazeMap map, MazeOptions options = {});

  /// 2: the final (x, y).
  std::size_t descriptor_dim() const noexcept { return 2; }
  /// Runs the robot; writes the final (x, y) and returns 300 - distance to the goal. Throws
  /// std::invalid_argument when the genome's inputs or outputs are not 11 and 2.
  double evaluate(const neat::Genome& genome, std::span<double> descriptor) const;
  /// Evaluates solutions [begin, end) as evaluate does, writing objectives[i] and descriptors
  /// [2i, 2i + 2), the robots run side by side (MazeSimulator::run_many): the same results, faster.
  /// Throws std::invalid_argument, before running any, when a genome's shape is wrong.
  void evaluate_range(std::span<const neat::Genome> solutions, std::size_t begin, std::size_t end,
                      std::span<double> objectives, std::span<double> descriptors) const;
  /// Solved: the final position is within goal_radius of the goal.
  bool solved(double objective, std::span<const double> descriptor) const;
  /// The full outcome of one run, and the path when `path` is given (see MazeSimulator::run).
  MazeOutcome simulate(const neat::Genome& genome, std::vector<double>* path = nullptr) const;

  /// The simulator.
  const MazeSimulator& simulator() const noexcept { return simulator_; }
  /// Lower corner of the walls' bounding box (the descriptor space).
  std::vector<double> descriptor_lower() const;
  /// Upper corner of the walls' bounding box.
  std::vector<double> descriptor_upper() const;

 private:
  MazeSimulator simulator_;
};

}  // namespace pond::tasks
