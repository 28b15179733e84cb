#pragma once
/// @file
/// Executable networks decoded from NEAT genomes (only enabled connections are expressed).
///
/// Two activation semantics, both summing a node's weighted inputs in order of their source node's
/// position in the genome (inputs, outputs, then hidden nodes by id), so that every form gives
/// bit-identical results:
/// - feed-forward: nodes are evaluated in dependency order in one pass; each output is final after
///   one `activate`. Only for genomes whose enabled connections form no cycle.
/// - recurrent (synchronous, one hop per activation, as the maze experiments did): every non-input
///   node's new value is act(sum of weight * previous value of the source), computed from the values
///   of the previous activation (inputs take their new values first). A signal thus advances one
///   connection per activation; node values persist between activations until `reset`.
///
/// A node with no enabled incoming connection takes act(0). `ReferenceNetwork` is the slow, plainly
/// written oracle the fast forms are tested against.

#include <cstdint>
#include <span>
#include <vector>

#include "pond/neat/genome.hpp"

namespace pond::neat {

/// Fast feed-forward network: nodes in layers (topological order), connections in flat arrays.
class FeedForwardNetwork {
 public:
  /// Decodes `genome`. Throws pond::Error if its enabled connections contain a cycle (naming a node
  /// on it) or if a connection refers to a missing node or targets an input.
  explicit FeedForwardNetwork(const Genome& genome);
  /// Sets the inputs (exactly inputs() values), evaluates once every node an output depends on
  /// (nodes no output depends on are skipped: they cannot change the result), writes the outputs
  /// (exactly outputs() values). Throws std::invalid_argument on wrong sizes.
  void activate(std::span<const double> inputs, std::span<double> outputs);
  /// Number of inputs.
  std::size_t inputs() const noexcept { return inputs_; }
  /// Number of outputs.
  std::size_t outputs() const noexcept { return outputs_; }

 private:
  // A node's value slot is its index in genome.nodes, so outputs sit at slots inputs_..inputs_+outputs_-1.
  std::size_t inputs_ = 0, outputs_ = 0;
  std::vector<double> values_;            // per value slot
  std::vector<std::uint32_t> order_;      // non-input nodes some output depends on, sources first (slots)
  std::vector<Activation> activation_;    // per entry of order_
  std::vector<std::uint32_t> first_in_;   // per entry of order_, + 1: range into sources_/weights_
  std::vector<std::uint32_t> sources_;    // value slot of each enabled incoming connection's source,
                                          // grouped by target, in order of source slot
  std::vector<double> weights_;           // weight of each of those connections
};

/// Fast recurrent network with synchronous one-hop activation (see the file comment).
class RecurrentNetwork {
 public:
  /// Decodes `genome` (any topology, cycles and self-loops allowed). All node values start at 0.
  /// Throws pond::Error if a connection refers to a missing node or targets an input.
  explicit RecurrentNetwork(const Genome& genome);
  /// One synchronous activation: sets the inputs, updates every non-input node from the previous
  /// values, writes the outputs. Throws std::invalid_argument on wrong sizes.
  void activate(std::span<const double> inputs, std::span<double> outputs);
  /// Sets every node value back to 0.
  void reset() noexcept;
  /// Number of inputs.
  std::size_t inputs() const noexcept { return inputs_; }
  /// Number of outputs.
  std::size_t outputs() const noexcept { return outputs_; }

 private:
  // Value slots as in FeedForwardNetwork. activate() reads previous_, writes current_, then swaps them:
  // no allocation on the hot path.
  std::size_t inputs_ = 0, outputs_ = 0;
  std::vector<double> previous_, current_;  // per value slot: last activation's values, scratch
  std::vector<Activation> activation_;      // per non-input node (slot inputs_ + i)
  std::vector<std::uint32_t> first_in_;     // per non-input node, + 1: range into sources_/weights_
  std::vector<std::uint32_t> sources_;      // source slots of enabled connections, grouped by target in
                                            // order of source slot
  std::vector<double> weights_;             // their weights
  bool all_sigmoid_ = false;                // every non-input node is a sigmoid: activate vectorises them
  // The dense form of an all-sigmoid network (empty when not used): per block of four non-input
  // nodes, per source slot, the four nodes' weights from that slot (0 where there is no link).
  std::vector<double> dense_;
  std::size_t blocks_ = 0;
};

/// The oracle: a direct, unoptimised reading of the genome, kept only to test the fast forms.
class ReferenceNetwork {
 public:
  /// Which semantics `activate` follows.
  enum class Mode { feed_forward, recurrent };
  /// Keeps a copy of `genome`. Throws pond::Error if the genome is invalid (Genome::validate) or, in
  /// feed_forward mode, if there is a cycle.
  ReferenceNetwork(const Genome& genome, Mode mode);
  /// As FeedForwardNetwork::activate or RecurrentNetwork::activate.
  void activate(std::span<const double> inputs, std::span<double> outputs);
  /// Sets every node value back to 0.
  void reset();

 private:
  // The weighted sum into node v (index in genome_.nodes) from `values`, in the documented order.
  double weighted_sum(std::size_t v, const std::vector<double>& values) const;

  Genome genome_;
  Mode mode_;
  std::vector<double> values_;  // by index in genome_.nodes
};

/// True if the enabled connections of `genome` contain a cycle (a self-loop counts). Like the fast
/// networks, throws pond::Error if a connection refers to a missing node or targets an input.
bool has_cycle(const Genome& genome);

/// True if adding an enabled connection from `from` to `to` would close a cycle (to == from counts),
/// that is if `to` already reaches `from` through enabled connections. A node id absent from the
/// genome has no links, so it closes a cycle only when to == from. Throws as has_cycle does.
bool would_create_cycle(const Genome& genome, std::uint32_t from, std::uint32_t to);

}  // namespace pond::neat
