#pragma once
// Decoding a genome's enabled connections for the networks (network.cpp, network_lanes.cpp): grouped
// by target node, each group in the order of its sources, which fixes the summation order every form
// of network shares.

#include <cstdint>
#include <vector>

#include "pond/neat/genome.hpp"

namespace pond::neat::detail {

/// Enabled connections grouped by target, as node indices (index in genome.nodes), each group in order
/// of source.
struct Incoming {
  std::vector<std::uint32_t> first;   ///< per node, + 1: range into source/weight
  std::vector<std::uint32_t> source;  ///< source node index
  std::vector<double> weight;         ///< the connection's weight
};

/// The dense forms of all-sigmoid networks (RecurrentNetwork, RecurrentNetworkLanes) take networks of
/// at most kDenseMaxSlots nodes whose weights, inputs and values are all within kDenseLimit in
/// magnitude: then no product or sum is infinite or NaN, and a missing link, weight 0, adds +-0 to a
/// sum, which leaves it as it is (no sum is ever -0).
inline constexpr std::size_t kDenseMaxSlots = 64;
inline constexpr double kDenseLimit = 1e150;

/// The incoming connections of every node of `g`. Throws pond::Error, naming `who`, if the nodes are
/// not inputs, outputs and hidden nodes in increasing id order, if a connection refers to a missing
/// node, or if one targets an input.
Incoming incoming_of(const Genome& g, const char* who);

/// Whether node `i` of `in` has two links from the same source (which a valid genome does not).
bool has_duplicate_source(const Incoming& in, std::size_t i) noexcept;

}  // namespace pond::neat::detail
