#include "pond/neat/network_lanes.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <stdexcept>
#include <string>

#include "pond/core/simd_kernel.hpp"

#include "../core/simd_exp.hpp"
#include "decoding.hpp"

// As in network.cpp: no multiply-add may be fused, or the lanes would round differently from the
// scalar forms.
#if defined(__clang__)
#pragma STDC FP_CONTRACT OFF
#elif defined(__GNUC__)
#pragma GCC optimize("fp-contract=off")
#endif

namespace pond::neat {
namespace {

// The dense form's activation for lanes in pairs (stride lanes, a multiple of 2): for each non-input
// node, the sum over its columns of weight times previous value, in column order, then the sigmoid.
// Two lanes per vector here (SSE2 on x86-64, NEON on ARMv8).
void dense_pairs(std::size_t nodes, std::size_t stride, const std::uint32_t* row_first, const std::uint32_t* columns,
                 const double* weights, const double* previous, double* next) noexcept {
  for (std::size_t i = 0; i < nodes; ++i) {
    for (std::size_t pair = 0; pair < stride; pair += 2) {
      simd::f64x2 sum = {};
      for (std::uint32_t e = row_first[i]; e < row_first[i + 1]; ++e) {
        simd::f64x2 w, v;
        std::memcpy(&w, weights + e * stride + pair, sizeof w);
        std::memcpy(&v, previous + columns[e] * stride + pair, sizeof v);
        sum += w * v;
      }
      simd::sigmoid_lanes<simd::f64x2, simd::i64x2>(sum);
      std::memcpy(next + i * stride + pair, &sum, sizeof sum);
    }
  }
}

#if defined(__x86_64__)
// The same for four lanes per vector (stride 4), in AVX2: lane by lane the same operations.
__attribute__((target("avx2"))) void dense_fours(std::size_t nodes, const std::uint32_t* row_first,
                                                const std::uint32_t* columns, const double* weights,
                                                const double* previous, double* next) noexcept {
  for (std::size_t i = 0; i < nodes; ++i) {
    simd::f64x4 sum = {};
    for (std::uint32_t e = row_first[i]; e < row_first[i + 1]; ++e) {
      simd::f64x4 w, v;
      std::memcpy(&w, weights + e * 4, sizeof w);
      std::memcpy(&v, previous + columns[e] * 4, sizeof v);
      sum += w * v;
    }
    simd::sigmoid_lanes<simd::f64x4, simd::i64x4>(sum);
    std::memcpy(next + i * 4, &sum, sizeof sum);
  }
}
#endif

}  // namespace

RecurrentNetworkLanes::RecurrentNetworkLanes(std::span<const Genome> genomes, std::size_t lanes) : lanes_(lanes) {
  if (lanes == 0 || lanes > 8 || genomes.empty() || genomes.size() > lanes) {
    throw std::invalid_argument("RecurrentNetworkLanes: " + std::to_string(genomes.size()) + " genomes for " +
                                std::to_string(lanes) + " lanes (1 to 8 lanes, 1 to lanes genomes)");
  }
  inputs_ = genomes[0].inputs;
  outputs_ = genomes[0].outputs;
  std::vector<detail::Incoming> incoming;
  incoming.reserve(genomes.size());
  dense_ = true;
  for (const Genome& g : genomes) {
    if (g.inputs != inputs_ || g.outputs != outputs_) {
      throw std::invalid_argument("RecurrentNetworkLanes: genomes with " + std::to_string(inputs_) + " and " +
                                  std::to_string(g.inputs) + " inputs, or " + std::to_string(outputs_) + " and " +
                                  std::to_string(g.outputs) + " outputs, in one bank");
    }
    incoming.push_back(detail::incoming_of(g, "RecurrentNetworkLanes"));
    const detail::Incoming& in = incoming.back();
    slots_ = std::max(slots_, g.nodes.size());
    Lane lane;
    lane.first_in.assign(in.first.begin() + inputs_, in.first.end());
    for (std::size_t v = inputs_; v < g.nodes.size(); ++v) {
      lane.activation.push_back(g.nodes[v].activation);
      dense_ = dense_ && g.nodes[v].activation == Activation::sigmoid && !detail::has_duplicate_source(in, v);
    }
    lane.source = in.source;
    lane.weight = in.weight;
    dense_ = dense_ && std::all_of(in.weight.begin(), in.weight.end(),
                                   [](double w) { return std::abs(w) <= detail::kDenseLimit; });
    lane_.push_back(std::move(lane));
  }
  slots_ = std::max(slots_, inputs_ + outputs_);
  // Lanes without a genome: networks without connections (their nodes take sigmoid(0)).
  while (lane_.size() < lanes_) {
    Lane idle;
    idle.first_in.assign(outputs_ + 1, 0);
    idle.activation.assign(outputs_, Activation::sigmoid);
    lane_.push_back(std::move(idle));
  }
  dense_ = dense_ && slots_ <= detail::kDenseMaxSlots;
  const std::size_t stride = lanes_ + lanes_ % 2;  // the dense form works on pairs of lanes
  previous_.assign(slots_ * stride, 0.0);
  current_.assign(slots_ * stride, 0.0);
  if (dense_) {
    // Per node, the union of the lanes' source slots in order, and every lane's weight for each.
    const std::size_t nodes = slots_ - inputs_;
    row_first_.push_back(0);
    std::vector<double> weights(slots_ * stride);
    for (std::size_t i = 0; i < nodes; ++i) {
      std::fill(weights.begin(), weights.end(), 0.0);
      std::vector<bool> linked(slots_, false);
      for (std::size_t l = 0; l < lane_.size(); ++l) {
        const Lane& lane = lane_[l];
        if (i >= lane.activation.size()) continue;
        for (std::uint32_t k = lane.first_in[i]; k < lane.first_in[i + 1]; ++k) {
          linked[lane.source[k]] = true;
          weights[lane.source[k] * stride + l] = lane.weight[k];
        }
      }
      for (std::size_t j = 0; j < slots_; ++j) {
        if (!linked[j]) continue;
        columns_.push_back(static_cast<std::uint32_t>(j));
        dense_weights_.insert(dense_weights_.end(), weights.begin() + static_cast<std::ptrdiff_t>(j * stride),
                              weights.begin() + static_cast<std::ptrdiff_t>((j + 1) * stride));
      }
      row_first_.push_back(static_cast<std::uint32_t>(columns_.size()));
    }
  }
}

void RecurrentNetworkLanes::activate(std::span<const double> inputs, std::span<double> outputs) {
  if (inputs.size() != inputs_ * lanes_ || outputs.size() != outputs_ * lanes_) {
    throw std::invalid_argument("RecurrentNetworkLanes::activate: expected " + std::to_string(inputs_ * lanes_) +
                                " inputs and " + std::to_string(outputs_ * lanes_) + " outputs, got " +
                                std::to_string(inputs.size()) + " and " + std::to_string(outputs.size()));
  }
  // Inputs take their new values before the update, so they are written into the "previous" values;
  // on the way, whether all are within the dense form's bound (NaN is not), two at a time.
  const std::size_t stride = lanes_ + lanes_ % 2;
  const simd::f64x2 limit = simd::f64x2{} + detail::kDenseLimit;
  simd::i64x2 within = simd::i64x2{} - 1;
  const auto magnitude = [](simd::f64x2 v) {
    return reinterpret_cast<simd::f64x2>(reinterpret_cast<simd::i64x2>(v) & std::numeric_limits<std::int64_t>::max());
  };
  if (stride == lanes_) {
    const double* in = inputs.data();
    double* previous = previous_.data();
    for (std::size_t i = 0; i < inputs.size(); i += 2) {  // an even count: stride is
      simd::f64x2 v;
      std::memcpy(&v, in + i, sizeof v);
      std::memcpy(previous + i, &v, sizeof v);
      within &= magnitude(v) <= limit;
    }
  } else {
    for (std::size_t k = 0; k < inputs_; ++k) {
      for (std::size_t l = 0; l < lanes_; ++l) {
        const double x = inputs[k * lanes_ + l];
        previous_[k * stride + l] = x;
        within &= magnitude(simd::f64x2{x, x}) <= limit;
      }
    }
  }
  const bool bounded = dense_ && values_bounded_ && (within[0] & within[1]) != 0;
  if (bounded) {
    activate_dense();
  } else {
    activate_sparse();
  }
  // The input slots of the swapped-in values are stale; the next activate overwrites them first.
  previous_.swap(current_);
  const double* values = previous_.data() + inputs_ * stride;
  if (stride == lanes_) {
    for (std::size_t i = 0; i < outputs_ * lanes_; ++i) outputs[i] = values[i];
  } else {
    for (std::size_t k = 0; k < outputs_; ++k) {
      for (std::size_t l = 0; l < lanes_; ++l) outputs[k * lanes_ + l] = values[k * stride + l];
    }
  }
}

void RecurrentNetworkLanes::activate_dense() {
  const std::size_t stride = lanes_ + lanes_ % 2;
  double* next = current_.data() + inputs_ * stride;
#if defined(__x86_64__)
  if (stride == 4 && pond::detail::simd_kernel() == pond::detail::SimdKernel::avx2) {
    dense_fours(slots_ - inputs_, row_first_.data(), columns_.data(), dense_weights_.data(), previous_.data(), next);
    return;
  }
#endif
  dense_pairs(slots_ - inputs_, stride, row_first_.data(), columns_.data(), dense_weights_.data(), previous_.data(), next);
}

void RecurrentNetworkLanes::activate_sparse() {
  // Lane by lane, RecurrentNetwork's sparse loop on this layout.
  const std::size_t stride = lanes_ + lanes_ % 2;
  bool bounded = true;
  for (std::size_t l = 0; l < lanes_; ++l) {
    const Lane& lane = lane_[l];
    for (std::size_t i = 0; i < lane.activation.size(); ++i) {
      double sum = 0.0;
      for (std::uint32_t k = lane.first_in[i]; k < lane.first_in[i + 1]; ++k) {
        sum += lane.weight[k] * previous_[lane.source[k] * stride + l];
      }
      const double value = lane.activation[i] == Activation::sigmoid ? simd::sigmoid(sum) : apply_activation(lane.activation[i], sum);
      current_[(inputs_ + i) * stride + l] = value;
      bounded &= std::abs(value) <= detail::kDenseLimit;
    }
  }
  values_bounded_ = bounded;
}

}  // namespace pond::neat
