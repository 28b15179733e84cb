// Breeding a page of CPPN pictures: random first pages, branches, and offspring of chosen children.

#include "serve/breeding.hpp"

#include <algorithm>
#include <stdexcept>

#include "pond/neat/mutation.hpp"
#include "pond/neat/options.hpp"
#include "serve/genome_text.hpp"

namespace pond::serve {
namespace {

// Mutations a random first picture goes through: enough for a few hidden nodes, so the first page
// already shows shapes rather than plain gradients.
constexpr int first_page_mutations = 6;

bool within_limits(const neat::Genome& genome) {
  return genome.nodes.size() <= max_genome_nodes && genome.connections.size() <= max_genome_connections;
}

// A Picbreeder mutation that keeps the genome within the server's limits: one that would grow it
// past them is redone with weight changes only, so a long session cannot grow genomes without bound.
void mutate_within_limits(neat::Genome& child, neat::InnovationRecord& innovations, const neat::CppnOptions& options,
                          Rng& rng) {
  const neat::Genome before = child;
  neat::mutate_cppn(child, innovations, options, rng);
  if (within_limits(child)) return;
  child = before;
  neat::CppnOptions weights_only = options;
  weights_only.add_node_rate = weights_only.add_link_rate = 0.0;
  neat::mutate_cppn(child, innovations, weights_only, rng);
}

BredPage finish(std::vector<neat::Genome> children, const neat::InnovationRecord& innovations) {
  return {std::move(children), innovations.next_innovation(), innovations.next_node()};
}

}  // namespace

BredPage random_page(const neat::CppnOptions& options, std::uint64_t seed) {
  Rng rng(seed);
  std::vector<neat::Genome> children;
  children.reserve(children_per_page);
  for (int i = 0; i < children_per_page; ++i) children.push_back(neat::random_cppn(options, rng));
  // One record for the whole page: every random CPPN has the same input-to-output genes, and the
  // same structural mutation on this page gets the same numbers in each child.
  auto innovations = neat::InnovationRecord::after(children.front());
  for (auto& child : children) {
    for (int m = 0; m < first_page_mutations; ++m) neat::mutate_cppn(child, innovations, options, rng);
  }
  return finish(std::move(children), innovations);
}

BredPage branch_page(const neat::Genome& start, const neat::CppnOptions& options, std::uint64_t seed) {
  Rng rng(seed);
  auto innovations = neat::InnovationRecord::after(start);
  std::vector<neat::Genome> children(children_per_page, start);
  for (std::size_t i = 1; i < children.size(); ++i) mutate_within_limits(children[i], innovations, options, rng);
  return finish(std::move(children), innovations);
}

BredPage bred_page(std::span<const neat::Genome> parents, std::uint64_t next_innovation, std::uint32_t next_node,
                   const neat::CppnOptions& options, std::uint64_t seed) {
  if (parents.empty()) throw std::invalid_argument("bred_page: no parents chosen");
  Rng rng(seed);
  // Counters come from the page, but a genome posted from elsewhere could hold larger numbers: new
  // genes must never reuse one.
  for (const auto& parent : parents) {
    const auto after = neat::InnovationRecord::after(parent);
    next_innovation = std::max(next_innovation, after.next_innovation());
    next_node = std::max(next_node, after.next_node());
  }
  neat::InnovationRecord innovations(next_innovation, next_node);
  const neat::NeatOptions crossing;  // only disable_inherit_prob matters to crossover
  std::vector<neat::Genome> children;
  children.reserve(children_per_page);
  children.push_back(parents.front());
  while (static_cast<int>(children.size()) < children_per_page) {
    neat::Genome child;
    if (parents.size() == 1) {
      child = parents.front();
    } else {
      // Two different parents; which one lends its structure is drawn too (there is no fitness).
      const auto a = rng.below(parents.size());
      auto b = rng.below(parents.size() - 1);
      if (b >= a) ++b;
      child = neat::crossover(parents[a], parents[b], crossing, rng);
    }
    mutate_within_limits(child, innovations, options, rng);
    children.push_back(std::move(child));
  }
  return finish(std::move(children), innovations);
}

}  // namespace pond::serve
