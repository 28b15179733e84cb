#include "pond/neat/network.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <functional>
#include <stdexcept>
#include <string>
#include <utility>

#include "pond/core/error.hpp"
#include "pond/core/simd_kernel.hpp"

#include "decoding.hpp"

#include "../core/simd_exp.hpp"

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

using detail::Incoming;
using detail::incoming_of;
using detail::kDenseLimit;
using detail::kDenseMaxSlots;


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

// apply_activation with the common case (every maze node) kept out of the switch; the same function
// (simd::sigmoid), so bit-identical to it.
inline double activate_node(Activation a, double x) noexcept {
  return a == Activation::sigmoid ? simd::sigmoid(x) : apply_activation(a, x);
}

[[noreturn]] void throw_sizes(const char* who, std::size_t inputs, std::size_t outputs, std::span<const double> in,
                              std::span<double> out) {
  throw std::invalid_argument(std::string(who) + "::activate: expected " + std::to_string(inputs) + " inputs and " +
                              std::to_string(outputs) + " outputs, got " + std::to_string(in.size()) + " and " +
                              std::to_string(out.size()));
}

// Inlined: activate runs 410 times per maze evaluation.
inline void check_sizes(const char* who, std::size_t inputs, std::size_t outputs, std::span<const double> in,
                        std::span<double> out) {
  if (in.size() != inputs || out.size() != outputs) [[unlikely]] throw_sizes(who, inputs, outputs, in, out);
}

// RecurrentNetwork's dense form: for each block of four nodes, the sigmoid of the sums over the n
// source slots of weights (`dense`, four per slot) times values, written to next[4 b .. 4 b + 3].
// Two lanes at a time here (SSE2 on x86-64, NEON on ARMv8); four in the AVX2 version, lane by lane
// the same operations.
void dense_sigmoids(const double* dense, std::size_t blocks, std::size_t n, const double* values, double* next) noexcept {
  for (std::size_t b = 0; b < blocks; ++b, dense += 4 * n) {
    simd::f64x2 low = {}, high = {};
    for (std::size_t j = 0; j < n; ++j) {
      simd::f64x2 w_low, w_high;
      std::memcpy(&w_low, dense + 4 * j, sizeof w_low);
      std::memcpy(&w_high, dense + 4 * j + 2, sizeof w_high);
      low += w_low * values[j];
      high += w_high * values[j];
    }
    simd::sigmoid_lanes<simd::f64x2, simd::i64x2>(low);
    simd::sigmoid_lanes<simd::f64x2, simd::i64x2>(high);
    std::memcpy(next + 4 * b, &low, sizeof low);
    std::memcpy(next + 4 * b + 2, &high, sizeof high);
  }
}

#if defined(__x86_64__)
__attribute__((target("avx2"))) void dense_sigmoids_avx2(const double* dense, std::size_t blocks, std::size_t n,
                                                        const double* values, double* next) noexcept {
  for (std::size_t b = 0; b < blocks; ++b, dense += 4 * n) {
    simd::f64x4 sum = {};
    for (std::size_t j = 0; j < n; ++j) {
      simd::f64x4 w;
      std::memcpy(&w, dense + 4 * j, sizeof w);
      sum += w * values[j];
    }
    simd::sigmoid_lanes<simd::f64x4, simd::i64x4>(sum);
    std::memcpy(next + 4 * b, &sum, sizeof sum);
  }
}
#endif

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
  const std::size_t count = activation_.size();
  all_sigmoid_ = std::all_of(activation_.begin(), activation_.end(), [](Activation a) { return a == Activation::sigmoid; });
  // The dense form: for every sigmoid network of moderate size whose sums cannot overflow into NaN
  // (every |weight| <= kDenseLimit, checked with the inputs at each activation) and with at most one
  // link per pair of nodes, since the form adds one weight per pair.
  bool dense = all_sigmoid_ && n <= kDenseMaxSlots &&
               std::all_of(in.weight.begin(), in.weight.end(), [](double w) { return std::abs(w) <= kDenseLimit; });
  for (std::size_t v = inputs_; dense && v < n; ++v) dense = !detail::has_duplicate_source(in, v);
  sources_ = std::move(in.source);
  weights_ = std::move(in.weight);
  if (dense) {
    blocks_ = (count + 3) / 4;
    dense_.assign(blocks_ * n * 4, 0.0);
    for (std::size_t i = 0; i < count; ++i) {
      for (std::uint32_t k = first_in_[i]; k < first_in_[i + 1]; ++k) dense_[((i / 4) * n + sources_[k]) * 4 + i % 4] = weights_[k];
    }
  }
  // Room past the last node: the sigmoids run several nodes at a time and may write there.
  previous_.assign(n + 4, 0.0);
  current_.assign(n + 4, 0.0);
}

void RecurrentNetwork::activate(std::span<const double> inputs, std::span<double> outputs) {
  check_sizes("RecurrentNetwork", inputs_, outputs_, inputs, outputs);
  // Inputs take their new values before the update, so they are written into the "previous" buffer.
  const double* previous = previous_.data();
  std::copy(inputs.begin(), inputs.end(), previous_.begin());
  double* next = current_.data() + inputs_;
  const std::size_t count = activation_.size();
  const std::size_t n = previous_.size() - 4;
  bool bounded = !dense_.empty();
  for (std::size_t j = 0; j < n && bounded; j += 4) {
    // Inputs and node values (NaN after a NaN input, say) within the dense form's bound, four at a time.
    bool ok = true;
    for (std::size_t l = j; l < j + 4; ++l) ok &= std::abs(previous[l]) <= kDenseLimit;
    bounded = ok;
  }
  if (bounded) {
    // Four nodes at a time, each lane summing over every source slot in order: an absent link weighs
    // 0 and adds +-0, which leaves a sum as it is (no sum is ever -0, and no term NaN or infinite:
    // weights and values are bounded), so each lane is the sparse loop's sum.
#if defined(__x86_64__)
    if (pond::detail::simd_kernel() == pond::detail::SimdKernel::avx2) {
      dense_sigmoids_avx2(dense_.data(), blocks_, n, previous, next);
    } else
#endif
    {
      dense_sigmoids(dense_.data(), blocks_, n, previous, next);
    }
  } else {
    const std::uint32_t* first = first_in_.data();
    const std::uint32_t* source = sources_.data();
    const double* weight = weights_.data();
    for (std::size_t i = 0; i < count; ++i) {
      double sum = 0.0;
      for (std::uint32_t k = first[i]; k < first[i + 1]; ++k) sum += weight[k] * previous[source[k]];
      next[i] = sum;
    }
    if (all_sigmoid_) {
      // Two nodes per exp, lane by lane what simd::sigmoid computes for one (the slot past the last
      // node is scratch).
      for (std::size_t i = 0; i < count; i += 2) {
        simd::f64x2 v;
        std::memcpy(&v, next + i, sizeof v);
        simd::sigmoid_lanes<simd::f64x2, simd::i64x2>(v);
        std::memcpy(next + i, &v, sizeof v);
      }
    } else {
      for (std::size_t i = 0; i < count; ++i) next[i] = activate_node(activation_[i], next[i]);
    }
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
    for (std::size_t v = genome_.inputs; v < nodes.size(); ++v) next[v] = apply_activation(nodes[v].activation, weighted_sum(v, values_));
    values_ = next;
  } else {
    // Each node evaluated on demand after its sources (the constructor ruled out cycles).
    std::vector<bool> done(nodes.size(), false);
    for (std::size_t i = 0; i < genome_.inputs; ++i) done[i] = true;
    std::function<double(std::size_t)> value = [&](std::size_t v) {
      if (done[v]) return values_[v];
      for (const ConnectionGene& c : genome_.connections) {
        if (c.enabled && c.to == nodes[v].id) value(*genome_.node_index(c.from));  // the sources first
      }
      values_[v] = apply_activation(nodes[v].activation, weighted_sum(v, values_));
      done[v] = true;
      return values_[v];
    };
    for (std::size_t v = genome_.inputs; v < nodes.size(); ++v) value(v);
  }
  for (std::size_t o = 0; o < genome_.outputs; ++o) outputs[o] = values_[genome_.inputs + o];
}

double ReferenceNetwork::weighted_sum(std::size_t v, const std::vector<double>& values) const {
  // Sources in order of their position in the genome; the links from each in genome order.
  double sum = 0.0;
  for (std::size_t s = 0; s < genome_.nodes.size(); ++s) {
    for (const ConnectionGene& c : genome_.connections) {
      if (c.enabled && c.from == genome_.nodes[s].id && c.to == genome_.nodes[v].id) sum += c.weight * values[s];
    }
  }
  return sum;
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
