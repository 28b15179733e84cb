#pragma once
/// @file
/// Historical markings. Within one generation, the same structural mutation gets the same numbers in
/// every genome where it happens (so crossover can line those genes up); the counters run on over the
/// whole run, so a mutation in a later generation always gets new numbers.

#include <cstdint>
#include <map>
#include <utility>

#include "pond/core/binary_io.hpp"
#include "pond/neat/genome.hpp"

namespace pond::neat {

/// The innovation numbers and node ids handed out during a run.
class InnovationRecord {
 public:
  /// What splitting a connection made: the new node and its two connections.
  struct Split {
    std::uint32_t node;      ///< id of the new hidden node
    std::uint64_t incoming;  ///< innovation of from -> node
    std::uint64_t outgoing;  ///< innovation of node -> to
  };

  /// A record whose next numbers follow everything in `seed` (its largest innovation and node id).
  static InnovationRecord after(const Genome& seed);

  /// A record handing out `next_innovation` and `next_node` next.
  InnovationRecord(std::uint64_t next_innovation, std::uint32_t next_node) noexcept
      : next_innovation_(next_innovation), next_node_(next_node) {}

  /// The innovation of a new connection from -> to: the one already given this generation, or a new one.
  std::uint64_t connection(std::uint32_t from, std::uint32_t to);

  /// The node and connections of splitting the connection `innovation` (from -> to): those already
  /// given this generation, or new ones.
  Split split(std::uint64_t innovation, std::uint32_t from, std::uint32_t to);

  /// Starts a new generation: mutations from now on get new numbers.
  void new_generation() noexcept;

  /// The next innovation number to hand out.
  std::uint64_t next_innovation() const noexcept { return next_innovation_; }
  /// The next node id to hand out.
  std::uint32_t next_node() const noexcept { return next_node_; }

  /// Saves the counters and this generation's table.
  void save(BinaryWriter& out) const;
  /// Restores what save wrote.
  void load(BinaryReader& in);

 private:
  std::uint64_t next_innovation_;
  std::uint32_t next_node_;
  std::map<std::pair<std::uint32_t, std::uint32_t>, std::uint64_t> connections_;  // this generation's
  std::map<std::uint64_t, Split> splits_;                                          // this generation's
};

}  // namespace pond::neat
