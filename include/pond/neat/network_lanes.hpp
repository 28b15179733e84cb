#pragma once
/// @file
/// Several recurrent networks activated together, one per lane of a vector of doubles: the maze
/// evaluates the controllers of the robots it runs side by side this way. Each lane computes exactly
/// what its own RecurrentNetwork would (same semantics, same operations in the same order).

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "pond/neat/genome.hpp"

namespace pond::neat {

/// Up to `lanes` recurrent networks (synchronous, one hop per activation; see network.hpp) in lanes.
/// Values are laid out by slot and then lane: value k of lane l at [k * lanes + l].
class RecurrentNetworkLanes {
 public:
  /// Decodes `genomes` into lanes 0 .. genomes.size() - 1 of `lanes` (1 to 8); the lanes past them
  /// hold networks without connections. Throws std::invalid_argument if there are more genomes than
  /// lanes, none, or genomes with different numbers of inputs or outputs, and pond::Error as
  /// RecurrentNetwork does for a broken genome.
  RecurrentNetworkLanes(std::span<const Genome> genomes, std::size_t lanes);
  /// One activation of every lane: input k of lane l is inputs[k * lanes + l] (inputs() * lanes()
  /// values), output k of lane l goes to outputs[k * lanes + l]. Lane l gives bit for bit what
  /// RecurrentNetwork(genomes[l]).activate gives at the same step. Throws std::invalid_argument on
  /// wrong sizes.
  void activate(std::span<const double> inputs, std::span<double> outputs);
  /// Number of lanes.
  std::size_t lanes() const noexcept { return lanes_; }
  /// Inputs of each network.
  std::size_t inputs() const noexcept { return inputs_; }
  /// Outputs of each network.
  std::size_t outputs() const noexcept { return outputs_; }

 private:
  // One lane's network in the sparse form (as RecurrentNetwork): per non-input node its activation and
  // its links, by source slot.
  struct Lane {
    std::vector<Activation> activation;
    std::vector<std::uint32_t> first_in;  // per non-input node, + 1: range into source/weight
    std::vector<std::uint32_t> source;
    std::vector<double> weight;
  };
  void activate_sparse();
  void activate_dense();

  std::size_t lanes_ = 0, inputs_ = 0, outputs_ = 0;
  std::size_t slots_ = 0;                   // value slots: the largest lane's node count
  std::vector<double> previous_, current_;  // values by slot, then lane
  std::vector<Lane> lane_;
  // The dense form, when every lane's network allows it (all sigmoid nodes, at most one link per pair
  // of nodes, bounded weights): per non-input node, the source slots some lane links from, in order,
  // and for each the lanes' weights (0 for a lane without that link).
  bool dense_ = false;
  bool values_bounded_ = true;  // every value within the dense form's bound (false after NaN, say)
  std::vector<std::uint32_t> row_first_;  // per non-input node, + 1: range into columns_
  std::vector<std::uint32_t> columns_;    // source slots
  std::vector<double> dense_weights_;     // per entry of columns_, `lanes_` weights
};

}  // namespace pond::neat
