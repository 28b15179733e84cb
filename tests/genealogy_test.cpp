#include "pond/core/genealogy.hpp"

#include <gtest/gtest.h>

#include <memory>
#include <set>

#include "pond/core/grid_archive.hpp"
#include "pond/core/scheduler.hpp"
#include "pond/core/vector_emitters.hpp"
#include "pond/run/experiment.hpp"
#include "test_tasks.hpp"

using namespace pond;

namespace {

std::vector<double> at(double x, double y) { return {x, y}; }

// 0 -> 1 -> 3 -> 5, 0 + 2 -> 4 (crossover), 6 from scratch.
Genealogy small_family() {
  Genealogy g(2);
  g.record(0, {}, 1.0, at(0, 0));
  g.record(1, {0, no_parent}, 2.0, at(1, 0));
  g.record(2, {}, 0.5, at(0, 1));
  g.record(3, {1, no_parent}, 3.0, at(2, 0));
  g.record(4, {0, 2}, 1.5, at(1, 1));
  g.record(5, {3, no_parent}, 4.0, at(3, 0));
  g.record(6, {}, 0.1, at(5, 5));
  return g;
}

// Every elite of `archive` has a complete chain in `g`: each link's parent is older, and the chain
// starts at a candidate sampled from scratch.
template <class S>
void expect_complete_chains(const Genealogy& g, const Archive<S>& archive) {
  EXPECT_TRUE(g.missing_parents().empty());
  for (EliteId id : archive.elites().ids()) {
    const auto chain = g.chain(id);
    ASSERT_FALSE(chain.empty());
    EXPECT_EQ(g.at(chain.back()).id, id);
    EXPECT_EQ(g.at(chain.front()).parents.first, no_parent);
    for (std::size_t i = 1; i < chain.size(); ++i) {
      EXPECT_LT(g.at(chain[i - 1]).id, g.at(chain[i]).id);  // acyclic: strictly older ancestors
      EXPECT_EQ(g.at(chain[i]).parents.first, g.at(chain[i - 1]).id);
    }
  }
}

using pond::testing::Bowl;

std::vector<std::unique_ptr<Emitter<Vector>>> emitters() {
  std::vector<std::unique_ptr<Emitter<Vector>>> e;
  e.push_back(std::make_unique<GaussianEmitter>(GaussianOptions{.x0 = Vector(4, 0.0), .sigma = 0.2, .batch = 16}));
  e.push_back(std::make_unique<IsoLineEmitter>(IsoLineOptions{.x0 = Vector(4, 0.0), .sigma_iso = 0.05, .sigma_line = 0.3, .batch = 16}));
  return e;
}

}  // namespace

TEST(Genealogy, ChainFollowsFirstParentsFromTheOldestAncestor) {
  const Genealogy g = small_family();
  const auto chain = g.chain(5);
  ASSERT_EQ(chain.size(), 4u);
  EXPECT_EQ(g.at(chain[0]).id, 0u);
  EXPECT_EQ(g.at(chain[3]).id, 5u);
  EXPECT_EQ(g.at(chain[3]).birth(), 6u);
  EXPECT_EQ(g.at(chain[2]).objective, 3.0);
  EXPECT_EQ(g.at(chain[2]).descriptor[0], 2.0);
  EXPECT_EQ(g.chain(6).size(), 1u);
  EXPECT_THROW(g.chain(7), Error);
  EXPECT_TRUE(g.missing_parents().empty());
}

TEST(Genealogy, RecordRejectsIdsOutOfOrderAndWrongDescriptors) {
  Genealogy g = small_family();
  EXPECT_THROW(g.record(6, {}, 0.0, at(0, 0)), std::invalid_argument);
  EXPECT_THROW(g.record(9, {}, 0.0, std::vector<double>{1.0}), std::invalid_argument);
}

TEST(Genealogy, PruneKeepsExactlyTheRootsAndTheirAncestors) {
  Genealogy g = small_family();
  const std::vector<EliteId> roots{4, 99};  // 99 is not recorded: ignored
  EXPECT_EQ(g.prune(roots), 4u);
  std::set<EliteId> left;
  for (std::size_t i = 0; i < g.size(); ++i) left.insert(g.at(i).id);
  EXPECT_EQ(left, (std::set<EliteId>{0, 2, 4}));  // both parents of the crossover stay
  EXPECT_TRUE(g.missing_parents().empty());
  EXPECT_EQ(g.at(g.find(4)).objective, 1.5);  // records moved with their data
  EXPECT_EQ(g.at(g.find(2)).descriptor[1], 1.0);
}

TEST(Genealogy, MissingParentsAreReportedAndBreakTheChain) {
  Genealogy g(1);
  g.record(3, {1, no_parent}, 0.0, std::vector<double>{0.0});
  EXPECT_EQ(g.missing_parents(), std::vector<EliteId>{1});
  EXPECT_THROW(g.chain(3), Error);
}

TEST(Genealogy, SaveLoadRoundTripsAndRejectsAParentNotOlder) {
  const Genealogy g = small_family();
  BinaryWriter out;
  g.save(out);
  Genealogy back(2);
  BinaryReader in(out.bytes(), "genealogy");
  back.load(in);
  EXPECT_EQ(back, g);

  Genealogy bad(2);
  bad.record(5, {7, no_parent}, 0.0, at(0, 0));  // a child older than its parent
  BinaryWriter bad_out;
  bad.save(bad_out);
  BinaryReader bad_in(bad_out.bytes(), "genealogy");
  EXPECT_THROW(back.load(bad_in), FormatError);
  EXPECT_EQ(back, g);  // nothing changed

  Genealogy other_dim(3);
  BinaryReader in2(out.bytes(), "genealogy");
  EXPECT_THROW(other_dim.load(in2), FormatError);
}

TEST(Genealogy, MapElitesKeepsCompleteChainsForEveryEliteAndStaysSmall) {
  GridArchive<Vector> archive({.dims = {20, 20}, .lower = {0, 0}, .upper = {1, 1}});
  Scheduler<Vector> scheduler(archive, emitters(), 3);
  SerialEvaluator serial;
  scheduler.run(Bowl{}, serial, {.evaluations = 40'000});
  const Genealogy& g = scheduler.genealogy();
  expect_complete_chains(g, archive);
  EXPECT_TRUE(g.contains(scheduler.best_id()));
  // Pruned to the family tree of what is kept: far fewer records than evaluations.
  EXPECT_LT(g.size(), 40'000u / 4);
  EXPECT_GE(g.size(), archive.size());
  // Not a single lineage: the pond's elites descend from more than one line.
  std::set<EliteId> founders;
  for (EliteId id : archive.elites().ids()) founders.insert(g.at(g.chain(id).front()).id);
  EXPECT_GT(founders.size(), 1u);
}

TEST(Genealogy, SameSeedSameGenealogyWithOneOrTwoThreads) {
  GridArchive<Vector> a1({.dims = {10, 10}, .lower = {0, 0}, .upper = {1, 1}});
  GridArchive<Vector> a2({.dims = {10, 10}, .lower = {0, 0}, .upper = {1, 1}});
  Scheduler<Vector> s1(a1, emitters(), 9), s2(a2, emitters(), 9);
  SerialEvaluator serial;
  ThreadEvaluator threads(2);
  s1.run(Bowl{}, serial, {.evaluations = 8000});
  s2.run(Bowl{}, threads, {.evaluations = 8000});
  EXPECT_EQ(s1.genealogy(), s2.genealogy());
}

TEST(Genealogy, NoveltySearchOnTheMazeKeepsChainsThroughUnarchivedPopulationMembers) {
  RunConfig config = resolve_config({{"task", "maze"}, {"algo", "novelty"}, {"evals", 5000}, {"seed", 4}}, "test");
  config.stop_when_solved = false;
  auto experiment = make_experiment(config);
  SerialEvaluator serial;
  experiment->run(serial, {.evaluations = config.evals}, [] { return true; });
  const Genealogy& g = experiment->genealogy();
  EXPECT_TRUE(g.missing_parents().empty());
  // Every candidate of the last generation may still have children, so all are recorded.
  for (EliteId id = 4750; id < 5000; ++id) EXPECT_TRUE(g.contains(id)) << id;
  // NEAT breeds from the population: chains run through members no archive took, so they are long.
  const auto chain = g.chain(4999);
  EXPECT_GT(chain.size(), 10u);
  for (std::size_t i = 1; i < chain.size(); ++i) EXPECT_LT(g.at(chain[i - 1]).id, g.at(chain[i]).id);
  EXPECT_LT(g.size(), 5000u);
}

TEST(Genealogy, AnEmptyGenealogyRoundTrips) {
  const Genealogy empty(2);
  BinaryWriter out;
  empty.save(out);
  Genealogy back = small_family();
  BinaryReader in(out.bytes(), "genealogy");
  back.load(in);
  EXPECT_EQ(back, empty);
}
