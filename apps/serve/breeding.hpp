#pragma once
/// @file
/// How `pond serve` breeds a page of pictures: 15 children, from nothing (random CPPNs), from a
/// published picture (branching), or from the children a person chose on the previous page (one:
/// mutants of it; several: crossovers of two of them, then mutated).

#include <cstdint>
#include <span>
#include <vector>

#include "pond/neat/cppn.hpp"
#include "pond/neat/genome.hpp"
#include "pond/neat/innovation.hpp"

namespace pond::serve {

/// Children on one page (shown 3 × 5).
inline constexpr int children_per_page = 15;

/// A bred page and the innovation counters after it (the next page continues from them, so
/// crossover between a page's children lines up genes of the same origin).
struct BredPage {
  std::vector<neat::Genome> children;  ///< children_per_page genomes
  std::uint64_t next_innovation = 0;   ///< next innovation number to hand out
  std::uint32_t next_node = 0;         ///< next node id to hand out
};

/// A first page of random pictures: random CPPNs, each mutated a few times so that they already
/// have some structure. Same options and seed, same page.
BredPage random_page(const neat::CppnOptions& options, std::uint64_t seed);

/// A first page branching from `start`: `start` itself first, then mutants of it.
BredPage branch_page(const neat::Genome& start, const neat::CppnOptions& options, std::uint64_t seed);

/// The next page from the chosen `parents` (one or more genomes of the previous page, whose counters
/// are `next_innovation` and `next_node`): the first parent unchanged first (so what was liked is
/// never lost), then children made by mutating one parent, or, with several parents, by crossing two
/// of them at random and mutating the result. Throws std::invalid_argument without parents.
BredPage bred_page(std::span<const neat::Genome> parents, std::uint64_t next_innovation, std::uint32_t next_node,
                   const neat::CppnOptions& options, std::uint64_t seed);

}  // namespace pond::serve
