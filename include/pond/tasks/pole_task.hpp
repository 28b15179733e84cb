#pragma once
/// @file
/// Double pole balancing as a task on NEAT genomes (Stanley and Miikkulainen 2002): the genome becomes
/// a recurrent network activated once per control step.
///
/// With velocities (7 inputs): objective = steps balanced, solved at max_steps (100,000).
/// Without velocities (4 inputs): objective = Gruau's damping fitness over 1,000 steps; a network that
/// balances all 1,000 is then tested as in the paper: solved when it also balances 100,000 steps from
/// the start state and keeps both poles up for 1,000 steps from at least 200 of the 625 start states
/// of the generalization test.
/// Descriptor: (fraction of the run balanced, 1 if solved else 0).

#include <span>

#include "pond/neat/genome.hpp"
#include "pond/tasks/pole.hpp"

namespace pond::tasks {

/// Double pole balancing for NEAT genomes with pole_outputs outputs.
class PoleTask {
 public:
  using Solution = neat::Genome;
  /// A task with simulator `options` (with_velocities chooses the variant). Throws
  /// std::invalid_argument on bad options.
  explicit PoleTask(PoleOptions options = {});
  /// 2: fraction balanced, solved flag.
  std::size_t descriptor_dim() const noexcept { return 2; }
  /// See the file comment. Throws std::invalid_argument when the genome's inputs or outputs do not
  /// match the variant (7 or 4 inputs, 1 output).
  double evaluate(const neat::Genome& genome, std::span<double> descriptor) const;
  /// Solved: the descriptor's flag.
  bool solved(double objective, std::span<const double> descriptor) const;
  /// Number of network inputs of this variant.
  std::size_t inputs() const noexcept { return simulator_.input_count(); }
  /// The simulator.
  const PoleSimulator& simulator() const noexcept { return simulator_; }

 private:
  PoleSimulator simulator_;
  PoleSimulator long_run_;  // without velocities: the 100,000-step check
};

}  // namespace pond::tasks
