#pragma once
/// @file
/// XOR, the first check of NEAT (Stanley and Miikkulainen 2002): a network with inputs (a, b, bias 1)
/// and one output must compute a XOR b on the four patterns.

#include <span>

#include "pond/neat/genome.hpp"

namespace pond::tasks {

/// XOR for feed-forward NEAT genomes with 3 inputs (a, b, bias) and 1 output.
class XorTask {
 public:
  using Solution = neat::Genome;
  /// Inputs of a controller: a, b and a bias of 1.
  static constexpr std::size_t inputs = 3;
  /// Outputs: one.
  static constexpr std::size_t outputs = 1;

  /// 4: the output on (0,0), (0,1), (1,0), (1,1).
  std::size_t descriptor_dim() const noexcept { return 4; }
  /// Writes the four outputs and returns the 2002 paper's fitness (4 - sum of |output - target|)^2,
  /// in [0, 16]. A genome whose enabled connections contain a cycle is run as a recurrent network
  /// activated until it settles (up to 20 times). Throws std::invalid_argument when the genome's
  /// inputs or outputs are not 3 and 1.
  double evaluate(const neat::Genome& genome, std::span<double> descriptor) const;
  /// Solved: every output is on the right side of 0.5.
  bool solved(double objective, std::span<const double> descriptor) const;
};

}  // namespace pond::tasks
