#pragma once
/// @file
/// NEAT's speciation: the compatibility distance between genomes and the species it groups them into.

#include <cstdint>
#include <limits>
#include <vector>

#include "pond/neat/genome.hpp"
#include "pond/neat/options.hpp"

namespace pond::neat {

/// The parts of the compatibility distance, for tests and diagnostics.
struct GeneComparison {
  std::size_t excess = 0;         ///< genes beyond the other genome's last innovation
  std::size_t disjoint = 0;       ///< unmatched genes within the other's innovation range
  std::size_t matching = 0;       ///< genes with the same innovation in both
  double mean_weight_difference = 0.0;  ///< mean |w_a - w_b| over matching genes (0 when none match)
  std::size_t larger_size = 0;    ///< connection genes in the larger genome
};

/// Lines up the connection genes of `a` and `b` by innovation.
GeneComparison compare_genes(const Genome& a, const Genome& b) noexcept;

/// delta = c1 E / N + c2 D / N + c3 W, with N the larger genome's gene count, or 1 when both genomes
/// have fewer than normalize_min_genes genes (as the 2002 paper allows for small genomes).
double compatibility_distance(const Genome& a, const Genome& b, const NeatOptions& options) noexcept;

/// A species: genomes within the compatibility threshold of its representative.
struct Species {
  std::uint64_t id = 0;                 ///< unique within the run
  Genome representative;                ///< new genomes are compared with it
  std::vector<std::size_t> members;     ///< indices into the population
  double best_fitness = -std::numeric_limits<double>::infinity();  ///< best fitness any member ever had
  std::uint64_t last_improvement = 0;   ///< generation when best_fitness last rose
  std::uint64_t created = 0;            ///< generation when it appeared
};

}  // namespace pond::neat
