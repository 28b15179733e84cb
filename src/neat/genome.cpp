#include "pond/neat/genome.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <set>
#include <string>
#include <utility>

#include "pond/core/error.hpp"

#include "../core/simd_exp.hpp"

namespace pond::neat {
namespace {

constexpr std::array<std::string_view, activation_count> kActivationNames = {
    "sigmoid", "tanh", "sine", "cosine", "gaussian", "abs", "identity"};

}  // namespace

double apply_activation(Activation a, double x) noexcept {
  switch (a) {
    case Activation::sigmoid: return simd::sigmoid(x);
    case Activation::tanh: return std::tanh(x);
    case Activation::sine: return std::sin(x);
    case Activation::cosine: return std::cos(x);
    case Activation::gaussian: return std::exp(-2.5 * x * x);
    case Activation::abs: return std::fabs(x);
    case Activation::identity: return x;
  }
  return x;
}

std::string_view to_string(Activation a) noexcept {
  const auto i = static_cast<std::size_t>(a);
  return i < kActivationNames.size() ? kActivationNames[i] : std::string_view("unknown");
}

std::optional<Activation> activation_from_string(std::string_view name) noexcept {
  for (std::size_t i = 0; i < kActivationNames.size(); ++i) {
    if (kActivationNames[i] == name) return static_cast<Activation>(i);
  }
  return std::nullopt;
}

Genome Genome::empty(std::uint32_t inputs, std::uint32_t outputs, Activation output_activation) {
  Genome g;
  g.inputs = inputs;
  g.outputs = outputs;
  g.nodes.reserve(inputs + outputs);
  for (std::uint32_t i = 0; i < inputs; ++i) g.nodes.push_back({i, NodeKind::input, Activation::identity});
  for (std::uint32_t o = 0; o < outputs; ++o) g.nodes.push_back({inputs + o, NodeKind::output, output_activation});
  return g;
}

void Genome::validate() const {
  auto fail = [](const std::string& what) { throw Error("genome: " + what); };
  if (nodes.size() < static_cast<std::size_t>(inputs) + outputs) fail("fewer nodes than inputs + outputs");
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    const NodeGene& n = nodes[i];
    const NodeKind expected = i < inputs ? NodeKind::input : i < inputs + outputs ? NodeKind::output : NodeKind::hidden;
    if (n.kind != expected) fail("node " + std::to_string(n.id) + " at position " + std::to_string(i) + " has the wrong kind");
    if (i < static_cast<std::size_t>(inputs) + outputs && n.id != i) {
      fail("input and output nodes must have ids 0.." + std::to_string(inputs + outputs - 1));
    }
    if (i > 0 && nodes[i - 1].id >= n.id) fail("node ids must be unique and increasing (at id " + std::to_string(n.id) + ")");
    if (static_cast<std::size_t>(n.activation) >= activation_count) fail("node " + std::to_string(n.id) + " has an unknown activation");
  }
  std::set<std::pair<std::uint32_t, std::uint32_t>> links;
  for (std::size_t i = 0; i < connections.size(); ++i) {
    const ConnectionGene& c = connections[i];
    const std::string name = "connection " + std::to_string(c.innovation);
    if (i > 0 && connections[i - 1].innovation >= c.innovation) fail(name + ": innovations must be unique and increasing");
    const auto from = node_index(c.from);
    const auto to = node_index(c.to);
    if (!from) fail(name + ": source node " + std::to_string(c.from) + " does not exist");
    if (!to) fail(name + ": target node " + std::to_string(c.to) + " does not exist");
    if (nodes[*to].kind == NodeKind::input) fail(name + ": targets input node " + std::to_string(c.to));
    if (!std::isfinite(c.weight)) fail(name + ": weight is not finite");
    if (!links.insert({c.from, c.to}).second) {
      fail(name + ": duplicate link " + std::to_string(c.from) + " -> " + std::to_string(c.to));
    }
  }
}

std::optional<std::size_t> Genome::node_index(std::uint32_t id) const noexcept {
  const auto it = std::lower_bound(nodes.begin(), nodes.end(), id,
                                   [](const NodeGene& n, std::uint32_t v) { return n.id < v; });
  if (it == nodes.end() || it->id != id) return std::nullopt;
  return static_cast<std::size_t>(it - nodes.begin());
}

std::size_t Genome::enabled_connections() const noexcept {
  return static_cast<std::size_t>(
      std::count_if(connections.begin(), connections.end(), [](const ConnectionGene& c) { return c.enabled; }));
}

}  // namespace pond::neat
