#pragma once
/// @file
/// NEAT genomes (Stanley and Miikkulainen, "Evolving neural networks through augmenting topologies",
/// Evolutionary Computation 10(2), 2002): node genes and connection genes carrying innovation numbers.
/// A genome is plain data; mutation, crossover and speciation live in the other neat/ headers, and
/// `network.hpp` decodes a genome into an executable network.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace pond::neat {

/// A node's activation function. `sigmoid` is NEAT's steepened sigmoid 1 / (1 + exp(-4.924273 x)),
/// as in the published NEAT and maze code, with pond's own exp (about one unit in the last place of the
/// library's, and the same bits on every machine); the others serve CPPNs.
enum class Activation : std::uint8_t {
  sigmoid = 0,   ///< 1 / (1 + exp(-4.924273 x)), in [0, 1] (0 and 1 only where |x| is large)
  tanh = 1,      ///< tanh(x)
  sine = 2,      ///< sin(x)
  cosine = 3,    ///< cos(x)
  gaussian = 4,  ///< exp(-2.5 x^2)
  abs = 5,       ///< |x|
  identity = 6,  ///< x
};

/// Number of activation functions.
inline constexpr std::size_t activation_count = 7;

/// Applies `a` to `x` (see Activation). gaussian is exp(-2.5 x^2) (peak 1 at 0, as in Picbreeder).
double apply_activation(Activation a, double x) noexcept;

/// The lower-case name of an activation ("sigmoid", "tanh", "sine", "cosine", "gaussian", "abs",
/// "identity").
std::string_view to_string(Activation a) noexcept;

/// The activation named `name`, or nothing when no activation has that name.
std::optional<Activation> activation_from_string(std::string_view name) noexcept;

/// What a node is.
enum class NodeKind : std::uint8_t {
  input = 0,   ///< set from outside on each activation (a bias is just an input fixed at 1)
  output = 1,  ///< read from outside after each activation
  hidden = 2,  ///< added by mutation
};

/// A node gene. Node ids are unique within a run: inputs are 0..inputs-1, outputs follow, hidden
/// nodes get fresh ids from the run's innovation record when they are created.
struct NodeGene {
  std::uint32_t id = 0;                       ///< the node's id
  NodeKind kind = NodeKind::hidden;           ///< input, output or hidden
  Activation activation = Activation::sigmoid;  ///< ignored for inputs
  friend bool operator==(const NodeGene&, const NodeGene&) = default;
};

/// A connection gene: a weighted link from one node to another, with its historical marking.
struct ConnectionGene {
  std::uint64_t innovation = 0;  ///< historical marking: equal numbers mean the same structural origin
  std::uint32_t from = 0;        ///< source node id
  std::uint32_t to = 0;          ///< target node id (never an input)
  double weight = 0.0;           ///< the weight
  bool enabled = true;           ///< disabled genes are inherited but not expressed
  friend bool operator==(const ConnectionGene&, const ConnectionGene&) = default;
};

/// A NEAT genome.
///
/// Invariants (checked by `validate`): `nodes` is sorted by id with unique ids; it starts with the
/// `inputs` input nodes (ids 0..inputs-1) then the `outputs` output nodes (ids inputs..inputs+outputs-1),
/// then hidden nodes; `connections` is sorted by innovation with unique innovations, at most one gene
/// per (from, to) pair, both ends existing, and no gene into an input node.
struct Genome {
  std::uint32_t inputs = 0;                 ///< number of input nodes (a bias counts as an input)
  std::uint32_t outputs = 0;                ///< number of output nodes
  std::vector<NodeGene> nodes;              ///< all nodes, sorted by id
  std::vector<ConnectionGene> connections;  ///< all connection genes, sorted by innovation

  /// A genome with `inputs` inputs and `outputs` outputs (activation `output_activation`) and no
  /// hidden nodes or connections.
  static Genome empty(std::uint32_t inputs, std::uint32_t outputs,
                      Activation output_activation = Activation::sigmoid);

  /// Throws pond::Error naming the first broken invariant (see the class comment).
  void validate() const;

  /// Index in `nodes` of the node with id `id`, or nothing.
  std::optional<std::size_t> node_index(std::uint32_t id) const noexcept;

  /// Number of enabled connection genes.
  std::size_t enabled_connections() const noexcept;

  /// Number of hidden nodes.
  std::size_t hidden_nodes() const noexcept { return nodes.size() - inputs - outputs; }

  friend bool operator==(const Genome&, const Genome&) = default;
};

}  // namespace pond::neat
