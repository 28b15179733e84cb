// Breeding pages of CPPN pictures for pond serve: random first pages, branches from a picture, and
// pages bred from chosen children (mutation and crossover), with consistent innovation numbers.

#include "serve/breeding.hpp"
#include "serve/genome_text.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "pond/core/error.hpp"
#include "pond/neat/cppn.hpp"
#include "pond/neat/genome.hpp"
#include "pond/neat/genome_io.hpp"

using namespace pond;
using namespace pond::serve;

namespace {

// Every child is a valid genome that the renderer accepts (CPPN inputs and outputs, no cycle).
void expect_paintable(const BredPage& page, const std::string& context) {
  ASSERT_EQ(page.children.size(), static_cast<std::size_t>(children_per_page)) << context;
  for (std::size_t k = 0; k < page.children.size(); ++k) {
    const auto& child = page.children[k];
    EXPECT_NO_THROW(child.validate()) << context << ", child " << k;
    try {
      neat::CppnRenderer renderer(child);
      const auto image = renderer.render(4, 4);
      EXPECT_EQ(image.rgb.size(), 4u * 4 * 3) << context << ", child " << k;
    } catch (const std::exception& e) {
      ADD_FAILURE() << context << ", child " << k << ": the renderer refused it: " << e.what();
    }
  }
}

std::uint64_t largest_innovation_plus_one(const neat::Genome& g) {
  std::uint64_t next = 0;
  for (const auto& c : g.connections) next = std::max(next, c.innovation + 1);
  return next;
}

std::uint32_t largest_node_plus_one(const neat::Genome& g) {
  std::uint32_t next = 0;
  for (const auto& n : g.nodes) next = std::max(next, n.id + 1);
  return next;
}

// The page's counters lie beyond every number its children use.
void expect_counters_cover(const BredPage& page, const std::string& context) {
  for (std::size_t k = 0; k < page.children.size(); ++k) {
    EXPECT_GE(page.next_innovation, largest_innovation_plus_one(page.children[k])) << context << ", child " << k;
    EXPECT_GE(page.next_node, largest_node_plus_one(page.children[k])) << context << ", child " << k;
  }
}

// What each innovation number means (from -> to), gathered over many genomes: a number must always
// mean the same connection.
class Meanings {
 public:
  void add(const neat::Genome& g, const std::string& context) {
    for (const auto& c : g.connections) {
      const auto [it, fresh] = meaning_.emplace(c.innovation, std::pair(c.from, c.to));
      if (!fresh && it->second != std::pair(c.from, c.to)) {
        ADD_FAILURE() << context << ": innovation " << c.innovation << " means " << c.from << "->" << c.to
                      << " here but " << it->second.first << "->" << it->second.second << " elsewhere";
      }
    }
  }
  void add(const std::vector<neat::Genome>& genomes, const std::string& context) {
    for (std::size_t k = 0; k < genomes.size(); ++k) add(genomes[k], context + ", genome " + std::to_string(k));
  }

 private:
  std::map<std::uint64_t, std::pair<std::uint32_t, std::uint32_t>> meaning_;
};

std::vector<neat::Genome> pick(const BredPage& page, const std::vector<int>& chosen) {
  std::vector<neat::Genome> parents;
  for (const int k : chosen) parents.push_back(page.children.at(static_cast<std::size_t>(k)));
  return parents;
}

neat::CppnOptions colour_options(double strength = 1.0) {
  neat::CppnOptions options;
  options.colour = true;
  options.strength = strength;
  return options;
}

neat::CppnOptions grey_options(double strength = 1.0) {
  neat::CppnOptions options;
  options.colour = false;
  options.strength = strength;
  return options;
}

}  // namespace

TEST(Breeding, RandomPageHas15PaintableGenomes) {
  for (std::uint64_t seed = 1; seed <= 20; ++seed) {
    const auto page = random_page(colour_options(), seed);
    expect_paintable(page, "seed " + std::to_string(seed));
    expect_counters_cover(page, "seed " + std::to_string(seed));
    for (const auto& child : page.children) {
      EXPECT_EQ(child.inputs, neat::cppn_still_inputs);
      EXPECT_EQ(child.outputs, 3u);
    }
  }
}

TEST(Breeding, RandomPageChildrenHaveStructureAndDiffer) {
  const auto page = random_page(colour_options(), 7);
  std::size_t with_hidden = 0;
  for (std::size_t i = 0; i < page.children.size(); ++i) {
    with_hidden += page.children[i].hidden_nodes() > 0;
    for (std::size_t j = i + 1; j < page.children.size(); ++j) {
      EXPECT_NE(page.children[i], page.children[j]) << i << " and " << j;
    }
  }
  EXPECT_GT(with_hidden, 0u) << "the first page should already show some structure";
}

TEST(Breeding, RandomPageIsDeterministicForASeed) {
  const auto a = random_page(colour_options(), 42);
  const auto b = random_page(colour_options(), 42);
  EXPECT_EQ(a.children, b.children);
  EXPECT_EQ(a.next_innovation, b.next_innovation);
  EXPECT_EQ(a.next_node, b.next_node);
  const auto c = random_page(colour_options(), 43);
  EXPECT_NE(a.children, c.children);
}

TEST(Breeding, RandomPageInnovationsAreConsistent) {
  const auto page = random_page(colour_options(), 5);
  Meanings meanings;
  meanings.add(page.children, "page");
}

TEST(Breeding, GreyscaleGivesOneOutput) {
  for (std::uint64_t seed = 1; seed <= 5; ++seed) {
    const auto page = random_page(grey_options(), seed);
    expect_paintable(page, "grey seed " + std::to_string(seed));
    for (const auto& child : page.children) {
      EXPECT_EQ(child.outputs, 1u);
      EXPECT_EQ(neat::CppnRenderer(child).outputs(), 1u);
    }
    const auto next = bred_page(pick(page, {0, 3}), page.next_innovation, page.next_node, grey_options(), seed + 100);
    expect_paintable(next, "grey bred " + std::to_string(seed));
    for (const auto& child : next.children) EXPECT_EQ(child.outputs, 1u);
  }
}

TEST(Breeding, BranchPageKeepsTheStartAndMutatesTheRest) {
  const auto first = random_page(colour_options(), 11);
  const neat::Genome& start = first.children[4];
  const auto page = branch_page(start, colour_options(), 99);
  expect_paintable(page, "branch");
  expect_counters_cover(page, "branch");
  EXPECT_EQ(page.children[0], start);
  for (std::size_t k = 1; k < page.children.size(); ++k) EXPECT_NE(page.children[k], start) << "child " << k;
  EXPECT_GE(page.next_innovation, largest_innovation_plus_one(start));
  EXPECT_GE(page.next_node, largest_node_plus_one(start));
  Meanings meanings;
  meanings.add(start, "start");
  meanings.add(page.children, "branch");
  // Same start and seed, same page.
  const auto again = branch_page(start, colour_options(), 99);
  EXPECT_EQ(again.children, page.children);
}

TEST(Breeding, BranchPageKeepsGreyscale) {
  const auto first = random_page(grey_options(), 3);
  const auto page = branch_page(first.children[0], grey_options(), 4);
  expect_paintable(page, "grey branch");
  for (const auto& child : page.children) EXPECT_EQ(child.outputs, 1u);
}

TEST(Breeding, BredPageFromOneParentKeepsItFirstAndMutatesTheRest) {
  const auto first = random_page(colour_options(), 21);
  const auto parents = pick(first, {6});
  const auto page = bred_page(parents, first.next_innovation, first.next_node, colour_options(), 1234);
  expect_paintable(page, "one parent");
  expect_counters_cover(page, "one parent");
  EXPECT_EQ(page.children[0], parents[0]);
  for (std::size_t k = 1; k < page.children.size(); ++k) EXPECT_NE(page.children[k], parents[0]) << "child " << k;
  EXPECT_GE(page.next_innovation, first.next_innovation);
  EXPECT_GE(page.next_node, first.next_node);
}

TEST(Breeding, BredPageFromSeveralParentsKeepsTheFirstFirst) {
  const auto first = random_page(colour_options(), 22);
  const auto parents = pick(first, {9, 2, 13});
  const auto page = bred_page(parents, first.next_innovation, first.next_node, colour_options(), 77);
  expect_paintable(page, "three parents");
  expect_counters_cover(page, "three parents");
  EXPECT_EQ(page.children[0], parents[0]);
  for (std::size_t k = 1; k < page.children.size(); ++k) {
    for (std::size_t p = 0; p < parents.size(); ++p) {
      EXPECT_NE(page.children[k], parents[p]) << "child " << k << " equals parent " << p;
    }
  }
  // Same parents, counters and seed: same page.
  const auto again = bred_page(parents, first.next_innovation, first.next_node, colour_options(), 77);
  EXPECT_EQ(again.children, page.children);
}

TEST(Breeding, BredPageWithoutParentsThrows) {
  const std::vector<neat::Genome> none;
  EXPECT_THROW(bred_page(none, 0, 0, colour_options(), 1), std::invalid_argument);
}

TEST(Breeding, CountersOnlyGrowAlongASession) {
  auto page = random_page(colour_options(), 31);
  for (int generation = 1; generation <= 25; ++generation) {
    const std::vector<int> chosen = generation % 3 == 0 ? std::vector<int>{generation % 15}
                                                        : std::vector<int>{generation % 15, (generation * 7 + 1) % 15};
    auto next = bred_page(pick(page, chosen), page.next_innovation, page.next_node,
                          colour_options(0.5 + 0.1 * (generation % 10)), 1000 + static_cast<std::uint64_t>(generation));
    const std::string context = "generation " + std::to_string(generation);
    EXPECT_GE(next.next_innovation, page.next_innovation) << context;
    EXPECT_GE(next.next_node, page.next_node) << context;
    expect_counters_cover(next, context);
    page = std::move(next);
  }
}

TEST(Breeding, CrossoverWithinAPageNeverMakesACycle) {
  // Many sessions, several generations each, always crossing two or more children of one page.
  for (std::uint64_t seed = 1; seed <= 200; ++seed) {
    const auto options = colour_options(0.5 + static_cast<double>(seed % 8) * 0.5);  // strengths 0.5..4
    auto page = random_page(options, seed);
    for (int generation = 1; generation <= 10; ++generation) {
      const std::vector<int> chosen = {static_cast<int>((seed + static_cast<std::uint64_t>(generation)) % 15),
                                       static_cast<int>((seed * 3 + static_cast<std::uint64_t>(generation) * 5 + 1) % 15)};
      if (chosen[0] == chosen[1]) continue;
      auto next = bred_page(pick(page, chosen), page.next_innovation, page.next_node, options,
                            seed * 1000 + static_cast<std::uint64_t>(generation));
      const std::string context = "seed " + std::to_string(seed) + ", generation " + std::to_string(generation);
      expect_paintable(next, context);
      if (::testing::Test::HasFailure()) return;
      page = std::move(next);
    }
  }
}

TEST(Breeding, InnovationNumbersMeanTheSameAcrossASession) {
  for (std::uint64_t seed = 1; seed <= 20; ++seed) {
    Meanings meanings;
    auto page = random_page(colour_options(2.0), seed);
    meanings.add(page.children, "seed " + std::to_string(seed) + " page 0");
    for (int generation = 1; generation <= 5; ++generation) {
      const std::vector<int> chosen = {generation % 15, (generation + 4) % 15, (generation + 9) % 15};
      const auto parents = pick(page, chosen);
      auto next = bred_page(parents, page.next_innovation, page.next_node, colour_options(2.0),
                            seed * 100 + static_cast<std::uint64_t>(generation));
      const std::string context = "seed " + std::to_string(seed) + " page " + std::to_string(generation);
      meanings.add(parents, context + " parents");
      meanings.add(next.children, context + " children");
      if (::testing::Test::HasFailure()) return;
      page = std::move(next);
    }
  }
}

TEST(Breeding, NewInnovationsNeverReuseAParentsNumbers) {
  // Parents whose numbers run beyond the counters given (a genome from elsewhere, or stale counters):
  // new genes must still get numbers of their own.
  for (std::uint64_t seed = 1; seed <= 20; ++seed) {
    auto grown = random_page(colour_options(3.0), seed);
    for (int generation = 1; generation <= 3; ++generation) {
      grown = bred_page(pick(grown, {0, 1}), grown.next_innovation, grown.next_node, colour_options(3.0),
                        seed * 10 + static_cast<std::uint64_t>(generation));
    }
    const auto parents = pick(grown, {2, 5});
    for (const auto& [innovation, node] : {std::pair<std::uint64_t, std::uint32_t>{0, 0}, {3, 5}, {1, 1000}, {1000, 1}}) {
      const auto page = bred_page(parents, innovation, node, colour_options(3.0), seed + 7);
      const std::string context = "seed " + std::to_string(seed) + ", counters " + std::to_string(innovation) + "/" +
                                  std::to_string(node);
      expect_paintable(page, context);
      expect_counters_cover(page, context);
      Meanings meanings;
      meanings.add(parents, context + " parents");
      meanings.add(page.children, context + " children");
      // Whatever a child has that no parent has is numbered beyond everything the parents use.
      std::uint64_t parents_innovation = 0;
      std::uint32_t parents_node = 0;
      std::set<std::uint64_t> old_innovations;
      std::set<std::uint32_t> old_nodes;
      for (const auto& g : parents) {
        parents_innovation = std::max(parents_innovation, largest_innovation_plus_one(g));
        parents_node = std::max(parents_node, largest_node_plus_one(g));
        for (const auto& c : g.connections) old_innovations.insert(c.innovation);
        for (const auto& n : g.nodes) old_nodes.insert(n.id);
      }
      for (const auto& g : page.children) {
        for (const auto& c : g.connections) {
          if (!old_innovations.count(c.innovation)) {
            EXPECT_GE(c.innovation, parents_innovation) << context;
          }
        }
        for (const auto& n : g.nodes) {
          if (!old_nodes.count(n.id)) {
            EXPECT_GE(n.id, parents_node) << context;
          }
        }
      }
      if (::testing::Test::HasFailure()) return;
    }
  }
}

TEST(Breeding, GenomesNeverGrowPastTheServersLimits) {
  // The strongest mutations, page after page: growth stops at the limits (weights still change).
  neat::CppnOptions options;
  options.strength = 4.0;
  options.add_node_rate = 1.0;
  options.add_link_rate = 1.0;
  auto page = random_page(options, 5);
  std::size_t largest_nodes = 0, largest_connections = 0;
  for (int generation = 0; generation < 400; ++generation) {
    const std::vector<neat::Genome> parents{page.children[1]};
    page = bred_page(parents, page.next_innovation, page.next_node, options, 1000 + generation);
    for (const auto& child : page.children) {
      ASSERT_LE(child.nodes.size(), max_genome_nodes);
      ASSERT_LE(child.connections.size(), max_genome_connections);
      largest_nodes = std::max(largest_nodes, child.nodes.size());
      largest_connections = std::max(largest_connections, child.connections.size());
    }
  }
  // The limits were reached (so the test exercised them), and children at the limit still differ.
  EXPECT_TRUE(largest_nodes == max_genome_nodes || largest_connections >= max_genome_connections - 1)
      << largest_nodes << " nodes, " << largest_connections << " connections";
  EXPECT_NE(neat::genome_to_json(page.children[1]), neat::genome_to_json(page.children[2]));
}
