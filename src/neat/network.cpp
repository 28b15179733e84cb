#include "pond/neat/network.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <stdexcept>
#include <string>
#include <utility>

#include "pond/core/error.hpp"

// Every form must round alike, so no multiply-add may be fused into an FMA: with FMA available
// (-march=native, aarch64) compilers contract some `sum += w * x` loops and not others, and the fast
// forms then drift from the reference in the last bit.
#if defined(__clang__)
#pragma STDC FP_CONTRACT OFF
#elif defined(__GNUC__)
#pragma GCC optimize("fp-contract=off")
#endif

namespace pond::neat {
namespace {

// Enabled connections grouped by target, as node indices (index in genome.nodes). Within a group the
// genome's connection order is kept, which fixes the summation order every form must share.
struct Incoming {
  std::vector<std::uint32_t> first;   // per node, + 1: range into source/weight
  std::vector<std::uint32_t> source;  // source node index
  std::vector<double> weight;
};

// Throws pond::Error unless the node list has the layout the slot mapping relies on: ids increasing
// (node_index binary-searches) and inputs, then outputs, first. Cheaper than Genome::validate, which
// the fast forms skip because they are decoded once per evaluation.
void check_nodes(const Genome& g, const char* who) {
  const std::size_t fixed = static_cast<std::size_t>(g.inputs) + g.outputs;
  if (g.nodes.size() < fixed) throw Error(std::string(who) + ": genome has fewer nodes than inputs + outputs");
  for (std::size_t i = 0; i < g.nodes.size(); ++i) {
    const NodeKind expected = i < g.inputs ? NodeKind::input : i < fixed ? NodeKind::output : NodeKind::hidden;
    if (g.nodes[i].kind != expected || (i > 0 && g.nodes[i - 1].id >= g.nodes[i].id)) {
      throw Error(std::string(who) + ": genome nodes are not inputs, outputs, hidden in increasing id order (at node " +
                  std::to_string(g.nodes[i].id) + ")");
    }
  }
}

// The index of node `id`, or pond::Error naming the connection that refers to a missing node.
std::uint32_t index_of(const Genome& g, std::uint32_t id, const ConnectionGene& c, const char* who) {
  const auto i = g.node_index(id);
  if (!i) {
    throw Error(std::string(who) + ": connection " + std::to_string(c.innovation) + " refers to missing node " +
                std::to_string(id));
  }
  return static_cast<std::uint32_t>(*i);
}

// Groups the enabled connections by target with a stable counting sort. Decoding runs once per
// evaluation, so this keeps to a handful of allocations.
Incoming incoming_of(const Genome& g, const char* who) {
  check_nodes(g, who);
  const std::size_t n = g.nodes.size();
  Incoming in;
  in.first.assign(n + 1, 0);
  std::vector<std::pair<std::uint32_t, std::uint32_t>> ends;  // (source, target) index of each enabled gene
  ends.reserve(g.connections.size());
  for (const ConnectionGene& c : g.connections) {
    if (!c.enabled) continue;
    ends.emplace_back(index_of(g, c.from, c, who), index_of(g, c.to, c, who));
    if (ends.back().second < g.inputs) {
      throw Error(std::string(who) + ": connection " + std::to_string(c.innovation) + " targets input node " +
                  std::to_string(c.to));
    }
    ++in.first[ends.back().second + 1];
  }
  for (std::size_t i = 0; i < n; ++i) in.first[i + 1] += in.first[i];
  in.source.resize(ends.size());
  in.weight.resize(ends.size());
  std::vector<std::uint32_t> next(in.first.begin(), in.first.end() - 1);
  std::size_t k = 0;
  for (const ConnectionGene& c : g.connections) {
    if (!c.enabled) continue;
    const std::uint32_t slot = next[ends[k].second]++;
    in.source[slot] = ends[k++].first;
    in.weight[slot] = c.weight;
  }
  return in;
}

// Kahn's algorithm: node indices, sources before targets, layer by layer. Shorter than the node
// count exactly when there is a cycle (the missing nodes are on or downstream of one).
std::vector<std::uint32_t> topological_order(const Incoming& in) {
  const std::size_t n = in.first.size() - 1;
  std::vector<std::uint32_t> out_first(n + 1, 0), out_target(in.source.size()), pending(n);
  for (std::uint32_t s : in.source) ++out_first[s + 1];
  for (std::size_t i = 0; i < n; ++i) out_first[i + 1] += out_first[i];
  std::vector<std::uint32_t> next(out_first.begin(), out_first.end() - 1);
  for (std::uint32_t t = 0; t < n; ++t) {
    pending[t] = in.first[t + 1] - in.first[t];
    for (std::uint32_t k = in.first[t]; k < in.first[t + 1]; ++k) out_target[next[in.source[k]]++] = t;
  }
  std::vector<std::uint32_t> order;
  order.reserve(n);
  for (std::uint32_t v = 0; v < n; ++v) {
    if (pending[v] == 0) order.push_back(v);
  }
  for (std::size_t head = 0; head < order.size(); ++head) {
    const std::uint32_t v = order[head];
    for (std::uint32_t k = out_first[v]; k < out_first[v + 1]; ++k) {
      if (--pending[out_target[k]] == 0) order.push_back(out_target[k]);
    }
  }
  return order;
}

// A node on a cycle, given an incomplete topological order. Every node left out has a left-out
// source, so walking back through those n times must end inside a cycle.
std::uint32_t node_on_cycle(const Incoming& in, const std::vector<std::uint32_t>& order) {
  const std::size_t n = in.first.size() - 1;
  std::vector<bool> ordered(n, false);
  for (std::uint32_t v : order) ordered[v] = true;
  std::uint32_t v = 0;
  while (ordered[v]) ++v;
  for (std::size_t step = 0; step < n; ++step) {
    for (std::uint32_t k = in.first[v]; k < in.first[v + 1]; ++k) {
      if (!ordered[in.source[k]]) {
        v = in.source[k];
        break;
      }
    }
  }
  return v;
}

// Same expression as apply_activation's sigmoid, inlined for the hot loops; bit-identical to it.
inline double sigmoid(double x) noexcept { return 1.0 / (1.0 + std::exp(-4.924273 * x)); }

// apply_activation with the common case (every maze node) kept out of the switch.
inline double activate_node(Activation a, double x) noexcept {
  return a == Activation::sigmoid ? sigmoid(x) : apply_activation(a, x);
}

void check_sizes(const char* who, std::size_t inputs, std::size_t outputs, std::span<const double> in,
                 std::span<double> out) {
  if (in.size() != inputs || out.size() != outputs) {
    throw std::invalid_argument(std::string(who) + "::activate: expected " + std::to_string(inputs) +
                                " inputs and " + std::to_string(outputs) + " outputs, got " +
                                std::to_string(in.size()) + " and " + std::to_string(out.size()));
  }
}

}  // namespace

// ---------------------------------------------------------------------------------------------------
// FeedForwardNetwork

FeedForwardNetwork::FeedForwardNetwork(const Genome& genome)
    : inputs_(genome.inputs), outputs_(genome.outputs) {
  const Incoming in = incoming_of(genome, "FeedForwardNetwork");
  const std::vector<std::uint32_t> order = topological_order(in);
  const std::size_t n = genome.nodes.size();
  if (order.size() < n) {
    throw Error("FeedForwardNetwork: genome has a cycle (through node " +
                std::to_string(genome.nodes[node_on_cycle(in, order)].id) + ")");
  }
  // Only ancestors of outputs matter: mark them walking the order backwards, evaluate nothing else.
  std::vector<bool> needed(n, false);
  for (std::size_t o = 0; o < outputs_; ++o) needed[inputs_ + o] = true;
  for (auto it = order.rbegin(); it != order.rend(); ++it) {
    if (!needed[*it]) continue;
    for (std::uint32_t k = in.first[*it]; k < in.first[*it + 1]; ++k) needed[in.source[k]] = true;
  }
  first_in_.push_back(0);
  for (std::uint32_t v : order) {
    if (v < inputs_ || !needed[v]) continue;
    order_.push_back(v);
    activation_.push_back(genome.nodes[v].activation);
    for (std::uint32_t k = in.first[v]; k < in.first[v + 1]; ++k) {
      sources_.push_back(in.source[k]);
      weights_.push_back(in.weight[k]);
    }
    first_in_.push_back(static_cast<std::uint32_t>(sources_.size()));
  }
  values_.assign(n, 0.0);
}

void FeedForwardNetwork::activate(std::span<const double> inputs, std::span<double> outputs) {
  check_sizes("FeedForwardNetwork", inputs_, outputs_, inputs, outputs);
  double* value = values_.data();
  std::copy(inputs.begin(), inputs.end(), value);
  const std::uint32_t* source = sources_.data();
  const double* weight = weights_.data();
  for (std::size_t i = 0; i < order_.size(); ++i) {
    double sum = 0.0;
    for (std::uint32_t k = first_in_[i]; k < first_in_[i + 1]; ++k) sum += weight[k] * value[source[k]];
    value[order_[i]] = activate_node(activation_[i], sum);
  }
  // Outputs sit right after the inputs (Genome's node layout).
  std::copy(value + inputs_, value + inputs_ + outputs_, outputs.begin());
}

// ---------------------------------------------------------------------------------------------------
// RecurrentNetwork

RecurrentNetwork::RecurrentNetwork(const Genome& genome) : inputs_(genome.inputs), outputs_(genome.outputs) {
  Incoming in = incoming_of(genome, "RecurrentNetwork");
  const std::size_t n = genome.nodes.size();
  // Inputs have no incoming connections (incoming_of checks), so their ranges are empty and the
  // connection arrays serve as they are; only the per-node arrays drop the inputs.
  first_in_.assign(in.first.begin() + static_cast<std::ptrdiff_t>(inputs_), in.first.end());
  activation_.reserve(n - inputs_);
  for (std::size_t v = inputs_; v < n; ++v) activation_.push_back(genome.nodes[v].activation);
  sources_ = std::move(in.source);
  weights_ = std::move(in.weight);
  previous_.assign(n, 0.0);
  current_.assign(n, 0.0);
}

void RecurrentNetwork::activate(std::span<const double> inputs, std::span<double> outputs) {
  check_sizes("RecurrentNetwork", inputs_, outputs_, inputs, outputs);
  // Inputs take their new values before the update, so they are written into the "previous" buffer.
  const double* previous = previous_.data();
  std::copy(inputs.begin(), inputs.end(), previous_.begin());
  double* next = current_.data() + inputs_;
  const std::uint32_t* first = first_in_.data();
  const std::uint32_t* source = sources_.data();
  const double* weight = weights_.data();
  const std::size_t count = activation_.size();
  for (std::size_t i = 0; i < count; ++i) {
    double sum = 0.0;
    for (std::uint32_t k = first[i]; k < first[i + 1]; ++k) sum += weight[k] * previous[source[k]];
    next[i] = activate_node(activation_[i], sum);
  }
  // The input slots of the swapped-in buffer are stale; the next activate overwrites them first.
  previous_.swap(current_);
  std::copy(previous_.begin() + static_cast<std::ptrdiff_t>(inputs_),
            previous_.begin() + static_cast<std::ptrdiff_t>(inputs_ + outputs_), outputs.begin());
}

void RecurrentNetwork::reset() noexcept {
  std::fill(previous_.begin(), previous_.end(), 0.0);
  std::fill(current_.begin(), current_.end(), 0.0);
}

// ---------------------------------------------------------------------------------------------------
// ReferenceNetwork: deliberately naive; shares no decoding code with the fast forms.

namespace {

// Plain recursive depth-first search for a cycle, scanning every connection at each step.
bool reference_has_cycle(const Genome& g) {
  enum class Mark { unseen, open, done };
  std::vector<Mark> mark(g.nodes.size(), Mark::unseen);
  std::function<bool(std::size_t)> visit = [&](std::size_t v) {
    if (mark[v] == Mark::open) return true;
    if (mark[v] == Mark::done) return false;
    mark[v] = Mark::open;
    for (const ConnectionGene& c : g.connections) {
      if (c.enabled && c.from == g.nodes[v].id && visit(*g.node_index(c.to))) return true;
    }
    mark[v] = Mark::done;
    return false;
  };
  for (std::size_t v = 0; v < g.nodes.size(); ++v) {
    if (visit(v)) return true;
  }
  return false;
}

}  // namespace

ReferenceNetwork::ReferenceNetwork(const Genome& genome, Mode mode)
    : genome_(genome), mode_(mode), values_(genome.nodes.size(), 0.0) {
  genome_.validate();
  if (mode_ == Mode::feed_forward && reference_has_cycle(genome_)) {
    throw Error("ReferenceNetwork: genome has a cycle");
  }
}

void ReferenceNetwork::activate(std::span<const double> inputs, std::span<double> outputs) {
  check_sizes("ReferenceNetwork", genome_.inputs, genome_.outputs, inputs, outputs);
  const std::vector<NodeGene>& nodes = genome_.nodes;
  for (std::size_t i = 0; i < genome_.inputs; ++i) values_[i] = inputs[i];
  if (mode_ == Mode::recurrent) {
    // Every non-input node from the old values, all at once.
    std::vector<double> next = values_;
    for (std::size_t v = genome_.inputs; v < nodes.size(); ++v) {
      double sum = 0.0;
      for (const ConnectionGene& c : genome_.connections) {
        if (c.enabled && c.to == nodes[v].id) sum += c.weight * values_[*genome_.node_index(c.from)];
      }
      next[v] = apply_activation(nodes[v].activation, sum);
    }
    values_ = next;
  } else {
    // Each node evaluated on demand after its sources (the constructor ruled out cycles).
    std::vector<bool> done(nodes.size(), false);
    for (std::size_t i = 0; i < genome_.inputs; ++i) done[i] = true;
    std::function<double(std::size_t)> value = [&](std::size_t v) {
      if (done[v]) return values_[v];
      double sum = 0.0;
      for (const ConnectionGene& c : genome_.connections) {
        if (c.enabled && c.to == nodes[v].id) sum += c.weight * value(*genome_.node_index(c.from));
      }
      values_[v] = apply_activation(nodes[v].activation, sum);
      done[v] = true;
      return values_[v];
    };
    for (std::size_t v = genome_.inputs; v < nodes.size(); ++v) value(v);
  }
  for (std::size_t o = 0; o < genome_.outputs; ++o) outputs[o] = values_[genome_.inputs + o];
}

void ReferenceNetwork::reset() { std::fill(values_.begin(), values_.end(), 0.0); }

// ---------------------------------------------------------------------------------------------------
// Cycle queries

bool has_cycle(const Genome& genome) {
  const Incoming in = incoming_of(genome, "has_cycle");
  return topological_order(in).size() < genome.nodes.size();
}

bool would_create_cycle(const Genome& genome, std::uint32_t from, std::uint32_t to) {
  if (from == to) return true;
  const auto from_index = genome.node_index(from);
  const auto to_index = genome.node_index(to);
  if (!from_index || !to_index) return false;  // a missing node has no links to close a cycle with
  // Search backwards from `from` through its ancestors for `to`.
  const Incoming in = incoming_of(genome, "would_create_cycle");
  std::vector<bool> seen(genome.nodes.size(), false);
  std::vector<std::uint32_t> stack{static_cast<std::uint32_t>(*from_index)};
  seen[*from_index] = true;
  while (!stack.empty()) {
    const std::uint32_t v = stack.back();
    stack.pop_back();
    if (v == *to_index) return true;
    for (std::uint32_t k = in.first[v]; k < in.first[v + 1]; ++k) {
      if (!seen[in.source[k]]) {
        seen[in.source[k]] = true;
        stack.push_back(in.source[k]);
      }
    }
  }
  return false;
}

}  // namespace pond::neat
