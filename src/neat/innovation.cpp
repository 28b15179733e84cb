#include "pond/neat/innovation.hpp"

#include <algorithm>

namespace pond::neat {
namespace {

// A count of records of `record_bytes` each; a corrupt count larger than the data left is refused
// before anything is allocated.
std::uint64_t read_count(BinaryReader& in, std::string_view what, std::uint64_t record_bytes) {
  const auto n = in.read<std::uint64_t>(what);
  if (n > in.remaining() / record_bytes) in.fail(std::string(what) + ": count " + std::to_string(n) + " exceeds the data");
  return n;
}

}  // namespace

InnovationRecord InnovationRecord::after(const Genome& seed) {
  std::uint64_t innovation = 0;
  for (const auto& c : seed.connections) innovation = std::max(innovation, c.innovation + 1);
  std::uint32_t node = 0;
  for (const auto& n : seed.nodes) node = std::max(node, n.id + 1);
  return {innovation, node};
}

std::uint64_t InnovationRecord::connection(std::uint32_t from, std::uint32_t to) {
  const auto [it, fresh] = connections_.try_emplace({from, to}, next_innovation_);
  if (fresh) ++next_innovation_;
  return it->second;
}

InnovationRecord::Split InnovationRecord::split(std::uint64_t innovation, std::uint32_t from, std::uint32_t to) {
  if (const auto it = splits_.find(innovation); it != splits_.end()) return it->second;
  const Split s{next_node_++, next_innovation_, next_innovation_ + 1};
  next_innovation_ += 2;
  splits_.emplace(innovation, s);
  // An add-connection mutation of the same link later this generation must get the same number.
  connections_.emplace(std::pair{from, s.node}, s.incoming);
  connections_.emplace(std::pair{s.node, to}, s.outgoing);
  return s;
}

void InnovationRecord::new_generation() noexcept {
  connections_.clear();
  splits_.clear();
}

void InnovationRecord::save(BinaryWriter& out) const {
  out.write<std::uint64_t>(next_innovation_);
  out.write<std::uint64_t>(next_node_);
  out.write<std::uint64_t>(connections_.size());
  for (const auto& [key, innovation] : connections_) {
    out.write<std::uint64_t>(key.first);
    out.write<std::uint64_t>(key.second);
    out.write<std::uint64_t>(innovation);
  }
  out.write<std::uint64_t>(splits_.size());
  for (const auto& [innovation, s] : splits_) {
    out.write<std::uint64_t>(innovation);
    out.write<std::uint64_t>(s.node);
    out.write<std::uint64_t>(s.incoming);
    out.write<std::uint64_t>(s.outgoing);
  }
}

void InnovationRecord::load(BinaryReader& in) {
  next_innovation_ = in.read<std::uint64_t>("next innovation");
  next_node_ = static_cast<std::uint32_t>(in.read<std::uint64_t>("next node"));
  connections_.clear();
  splits_.clear();
  const std::uint64_t links = read_count(in, "innovation links", 24);
  for (std::uint64_t i = 0; i < links; ++i) {
    const auto from = static_cast<std::uint32_t>(in.read<std::uint64_t>("link source"));
    const auto to = static_cast<std::uint32_t>(in.read<std::uint64_t>("link target"));
    connections_[{from, to}] = in.read<std::uint64_t>("link innovation");
  }
  const std::uint64_t splits = read_count(in, "innovation splits", 32);
  for (std::uint64_t i = 0; i < splits; ++i) {
    const std::uint64_t innovation = in.read<std::uint64_t>("split innovation");
    Split s{};
    s.node = static_cast<std::uint32_t>(in.read<std::uint64_t>("split node"));
    s.incoming = in.read<std::uint64_t>("split incoming");
    s.outgoing = in.read<std::uint64_t>("split outgoing");
    splits_[innovation] = s;
  }
}

}  // namespace pond::neat
