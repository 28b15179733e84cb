// NEAT: innovations, mutations, crossover, speciation, the population and its emitter.

#include <gtest/gtest.h>

#include <set>

#include "pond/core/grid_archive.hpp"
#include "pond/core/scheduler.hpp"
#include "pond/neat/mutation.hpp"
#include "pond/neat/neat_emitter.hpp"
#include "pond/neat/network.hpp"
#include "pond/neat/options.hpp"
#include "pond/neat/population.hpp"
#include "pond/neat/speciation.hpp"
#include "pond/run/run_config.hpp"
#include "pond/tasks/xor.hpp"

namespace pond::neat {
namespace {

// Applies many random structural and weight mutations, checking the invariants after each.
Genome evolve_randomly(Genome g, InnovationRecord& record, const NeatOptions& options, Rng& rng, int steps) {
  for (int i = 0; i < steps; ++i) {
    switch (rng.below(5)) {
      case 0: mutate_add_node(g, record, rng); break;
      case 1: mutate_add_connection(g, record, options, rng); break;
      case 2: mutate_weights(g, options, rng); break;
      case 3: mutate_toggle_enable(g, options, rng); break;
      default: mutate_reenable(g, options, rng); break;
    }
    g.validate();
  }
  return g;
}

TEST(NeatMutation, KeepsInvariantsAndFeedForwardGenomesAcyclic) {
  NeatOptions options;
  options.allow_recurrent = false;
  for (std::uint64_t seed = 0; seed < 30; ++seed) {
    Rng rng(seed);
    Genome g = fully_connected_genome(4, 2, 1.0, rng);
    InnovationRecord record = InnovationRecord::after(g);
    g = evolve_randomly(g, record, options, rng, 200);
    EXPECT_FALSE(has_cycle(g)) << "seed " << seed;
    // Every gene, enabled or not, must be acyclic too, so that any later re-enabling stays acyclic.
    Genome all_enabled = g;
    for (auto& c : all_enabled.connections) c.enabled = true;
    EXPECT_FALSE(has_cycle(all_enabled)) << "seed " << seed;
    EXPECT_GT(g.hidden_nodes(), 0u);
    for (const auto& c : g.connections) EXPECT_LE(std::abs(c.weight), options.weight_limit);
  }
}

TEST(NeatMutation, RecurrentGenomesMayGrowCycles) {
  NeatOptions options;
  options.allow_recurrent = true;
  bool any_cycle = false;
  for (std::uint64_t seed = 0; seed < 20 && !any_cycle; ++seed) {
    Rng rng(seed);
    Genome g = fully_connected_genome(3, 2, 1.0, rng);
    InnovationRecord record = InnovationRecord::after(g);
    g = evolve_randomly(g, record, options, rng, 100);
    any_cycle = has_cycle(g);
  }
  EXPECT_TRUE(any_cycle);
}

TEST(NeatInnovation, SameMutationInOneGenerationGetsSameNumbers) {
  Rng rng(1);
  const Genome seed = fully_connected_genome(2, 1, 1.0, rng);
  InnovationRecord record = InnovationRecord::after(seed);
  EXPECT_EQ(record.next_innovation(), 2u);
  EXPECT_EQ(record.next_node(), 3u);
  const auto a = record.split(0, 0, 2);
  const auto b = record.split(0, 0, 2);
  EXPECT_EQ(a.node, b.node);
  EXPECT_EQ(a.incoming, b.incoming);
  EXPECT_EQ(a.outgoing, b.outgoing);
  EXPECT_EQ(record.connection(0, a.node), a.incoming);  // the same link added by add-connection
  const auto link = record.connection(1, a.node);
  EXPECT_EQ(record.connection(1, a.node), link);
  record.new_generation();
  const auto c = record.split(0, 0, 2);
  EXPECT_NE(c.node, a.node);  // a later generation: new numbers
  EXPECT_NE(record.connection(1, a.node), link);
}

TEST(NeatInnovation, TwoGenomesSplittingTheSameLinkLineUp) {
  Rng rng(2);
  const Genome seed = fully_connected_genome(2, 1, 1.0, rng);
  InnovationRecord record = InnovationRecord::after(seed);
  Genome x = seed, y = seed;
  // Split connection 1 in both (the only way to pick it deterministically: disable the other first).
  x.connections[0].enabled = y.connections[0].enabled = false;
  Rng r1(10), r2(20);
  ASSERT_TRUE(mutate_add_node(x, record, r1));
  ASSERT_TRUE(mutate_add_node(y, record, r2));
  EXPECT_EQ(x.nodes, y.nodes);
  ASSERT_EQ(x.connections.size(), y.connections.size());
  for (std::size_t i = 0; i < x.connections.size(); ++i) {
    EXPECT_EQ(x.connections[i].innovation, y.connections[i].innovation);
    EXPECT_EQ(x.connections[i].from, y.connections[i].from);
    EXPECT_EQ(x.connections[i].to, y.connections[i].to);
  }
  const GeneComparison g = compare_genes(x, y);
  EXPECT_EQ(g.matching, x.connections.size());
  EXPECT_EQ(g.disjoint + g.excess, 0u);
}

TEST(NeatCrossover, WithItselfGivesTheSameGenome) {
  NeatOptions options;
  options.allow_recurrent = true;
  Rng rng(3);
  Genome g = fully_connected_genome(3, 2, 1.0, rng);
  InnovationRecord record = InnovationRecord::after(g);
  g = evolve_randomly(g, record, options, rng, 60);
  options.disable_inherit_prob = 1.0;  // a disabled gene stays disabled (both parents have it disabled)
  const Genome child = crossover(g, g, options, rng);
  EXPECT_EQ(child, g);
}

TEST(NeatCrossover, MatchingFromEitherDisjointAndExcessFromFitter) {
  NeatOptions options;
  Genome fitter = Genome::empty(2, 1);
  fitter.nodes.push_back({3, NodeKind::hidden, Activation::sigmoid});
  fitter.connections = {{0, 0, 2, 1.0, true}, {2, 0, 3, 1.0, true}, {3, 3, 2, 1.0, true}};
  Genome other = Genome::empty(2, 1);
  other.connections = {{0, 0, 2, -1.0, true}, {1, 1, 2, -1.0, true}};
  std::set<double> seen;
  for (std::uint64_t s = 0; s < 64; ++s) {
    Rng rng(s);
    const Genome child = crossover(fitter, other, options, rng);
    child.validate();
    ASSERT_EQ(child.connections.size(), 3u);  // innovation 1 (other's disjoint gene) is not inherited
    EXPECT_EQ(child.connections[0].innovation, 0u);
    EXPECT_EQ(child.connections[1].innovation, 2u);
    EXPECT_EQ(child.connections[2].innovation, 3u);
    seen.insert(child.connections[0].weight);
    EXPECT_EQ(child.connections[1].weight, 1.0);
    EXPECT_EQ(child.nodes, fitter.nodes);
  }
  EXPECT_EQ(seen, (std::set<double>{-1.0, 1.0}));  // the matching gene comes from either parent
}

TEST(NeatSpeciation, DistanceFromKnownGenes) {
  NeatOptions options;
  options.c1 = 1.0;
  options.c2 = 2.0;
  options.c3 = 0.5;
  Genome a = Genome::empty(2, 1);
  Genome b = Genome::empty(2, 1);
  a.nodes.push_back({3, NodeKind::hidden, Activation::sigmoid});
  b.nodes.push_back({3, NodeKind::hidden, Activation::sigmoid});
  // a: 1 2 4 6 7   b: 1 3 4 5   -> matching 1, 4; disjoint 2, 3, 5 (within b's range); excess 6, 7.
  a.connections = {{1, 0, 2, 1.0, true}, {2, 1, 2, 0.0, true}, {4, 0, 3, 3.0, true}, {6, 3, 2, 0.0, true}, {7, 1, 3, 0.0, true}};
  b.connections = {{1, 0, 2, 2.0, true}, {3, 1, 2, 0.0, true}, {4, 0, 3, 1.0, true}, {5, 3, 2, 0.0, true}};
  const GeneComparison g = compare_genes(a, b);
  EXPECT_EQ(g.matching, 2u);
  EXPECT_EQ(g.disjoint, 3u);
  EXPECT_EQ(g.excess, 2u);
  EXPECT_DOUBLE_EQ(g.mean_weight_difference, 1.5);  // (|1-2| + |3-1|) / 2
  // Small genomes: N = 1.
  EXPECT_DOUBLE_EQ(compatibility_distance(a, b, options), 1.0 * 2 + 2.0 * 3 + 0.5 * 1.5);
  options.normalize_min_genes = 1;  // N = the larger genome's size, 5
  EXPECT_DOUBLE_EQ(compatibility_distance(a, b, options), (1.0 * 2 + 2.0 * 3) / 5 + 0.5 * 1.5);
  EXPECT_DOUBLE_EQ(compatibility_distance(a, a, options), 0.0);
}

// A population where members 0..n-1 are told fitness f(i).
std::vector<double> fitness_of(const Population& p, double (*f)(std::size_t)) {
  std::vector<double> out(p.members().size());
  for (std::size_t i = 0; i < out.size(); ++i) out[i] = f(i);
  return out;
}

TEST(NeatPopulation, SpeciatesByThreshold) {
  NeatOptions options;
  options.population = 20;
  options.compat_threshold = 0.5;
  Rng rng(4);
  Population p(options, fully_connected_genome(3, 1, 1.0, rng));
  Rng g(5);
  p.advance(g, [](std::size_t i) { return Rng(100 + i); });
  ASSERT_EQ(p.members().size(), 20u);
  // Every member is closer than the threshold to its species' representative, and no member could
  // have joined an earlier species.
  for (std::size_t m = 0; m < p.members().size(); ++m) {
    const std::size_t s = p.members()[m].species;
    EXPECT_LT(compatibility_distance(p.members()[m].genome, p.species()[s].representative, options), 0.5);
    for (std::size_t e = 0; e < s; ++e) {
      EXPECT_GE(compatibility_distance(p.members()[m].genome, p.species()[e].representative, options), 0.5);
    }
  }
  EXPECT_GT(p.species().size(), 1u);  // weights in ±1 over 3 genes: distances up to 0.8
}

TEST(NeatPopulation, NextGenerationKeepsSizeAndElites) {
  NeatOptions options;
  options.population = 50;
  Rng rng(6);
  Population p(options, fully_connected_genome(3, 1, 1.0, rng));
  Rng g(7);
  auto member_rng = [](std::size_t i) { return Rng(1000 + i); };
  p.advance(g, member_rng);
  ASSERT_EQ(p.species().size(), 1u);  // threshold 3 holds them all
  std::vector<EliteId> ids(50);
  for (std::size_t i = 0; i < 50; ++i) ids[i] = 500 + i;
  const auto fitness = fitness_of(p, [](std::size_t i) { return static_cast<double>(i); });
  p.tell(fitness, ids);
  const Genome champion = p.members()[49].genome;
  p.advance(g, member_rng);
  EXPECT_EQ(p.members().size(), 50u);
  EXPECT_EQ(p.generation(), 1u);
  // The champion (fitness 49) is copied unchanged with itself as the only parent.
  EXPECT_EQ(p.members()[0].genome, champion);
  EXPECT_EQ(p.members()[0].parents, (Parents{549, no_parent}));
  // Parents come from the top 20% (+1): ids 539..549.
  for (const Member& m : p.members()) {
    EXPECT_GE(m.parents.first, 539u);
    if (m.parents.second != no_parent) {
      EXPECT_GE(m.parents.second, 539u);
    }
  }
}

TEST(NeatPopulation, RejectsBadFitnessAndAdvanceWithoutEvaluation) {
  NeatOptions options;
  options.population = 4;
  Rng rng(8);
  Population p(options, fully_connected_genome(2, 1, 1.0, rng));
  Rng g(9);
  p.advance(g, [](std::size_t i) { return Rng(i); });
  const std::vector<EliteId> ids{0, 1};
  EXPECT_THROW(p.tell(std::vector<double>{1.0, -1.0}, ids), std::invalid_argument);
  EXPECT_THROW(p.tell(std::vector<double>{1.0, std::nan("")}, ids), std::invalid_argument);
  EXPECT_THROW(p.advance(g, [](std::size_t i) { return Rng(i); }), std::logic_error);
}

TEST(NeatOptions, JsonRoundTripAndErrors) {
  NeatOptions o;
  o.population = 250;
  o.c3 = 3.0;
  o.allow_recurrent = true;
  const NeatOptions back = neat_options_from_json(o.to_json(), "x");
  EXPECT_EQ(back.to_json(), o.to_json());
  EXPECT_EQ(neat_options_from_json({{"add_node_prob", 0.005}}, "x").add_node_prob, 0.005);
  auto message = [](const nlohmann::json& j) {
    try {
      neat_options_from_json(j, "neat.json");
    } catch (const Error& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_EQ(message({{"popsize", 5}}), "neat.json: unknown NEAT option 'popsize'");
  EXPECT_EQ(message({{"population", 0}}), "neat.json: NEAT option 'population' must be at least 1 (got 0)");
  EXPECT_EQ(message({{"add_node_prob", 1.5}}), "neat.json: NEAT option 'add_node_prob' must be in [0, 1] (got 1.5)");
  EXPECT_EQ(message({{"allow_recurrent", 1}}), "neat.json: NEAT option 'allow_recurrent' must be true or false (got 1)");
  EXPECT_EQ(message({{"c1", "one"}}), "neat.json: NEAT option 'c1' must be a number (got \"one\")");
}

// One NEAT emitter for XOR (3 inputs, 1 output, fully connected start) selecting on `selection`.
std::vector<std::unique_ptr<Emitter<Genome>>> xor_emitters(const NeatOptions& neat, Selection selection) {
  NeatEmitterOptions o;
  o.neat = neat;
  o.selection = selection;
  Rng rng(0);
  o.seed = fully_connected_genome(3, 1, 1.0, rng);
  std::vector<std::unique_ptr<Emitter<Genome>>> emitters;
  emitters.push_back(std::make_unique<NeatEmitter>(o));
  return emitters;
}

// A NEAT run on XOR through the scheduler, as the CLI builds it.
RunSummary run_xor(std::uint64_t seed, Selection selection, std::size_t threads, std::vector<double>* final_archive = nullptr) {
  GridArchive<Genome> archive(GridOptions{.dims = {1, 1, 1, 1}, .lower = {0, 0, 0, 0}, .upper = {1, 1, 1, 1}});
  const NeatOptions neat = resolve_config({{"task", "xor"}}, "test").neat;  // pond's published XOR setting
  Scheduler<Genome> scheduler(archive, xor_emitters(neat, selection), seed);
  auto evaluator = make_evaluator(threads);
  const RunSummary s = scheduler.run(tasks::XorTask{}, *evaluator, {.evaluations = 60'000, .stop_when_solved = true});
  if (final_archive != nullptr) {
    BinaryWriter out;
    scheduler.save(out);
    final_archive->assign(out.bytes().begin(), out.bytes().end());
  }
  return s;
}

TEST(NeatXor, SolvesXor) {
  int solved = 0;
  for (std::uint64_t seed = 1; seed <= 5; ++seed) {
    const RunSummary s = run_xor(seed, Selection::fitness, 1);
    if (s.first_solution != 0) {
      ++solved;
      EXPECT_EQ(s.termination, "solved");
    }
  }
  EXPECT_EQ(solved, 5);
}

TEST(NeatXor, SameSeedSameRunWhateverTheThreads) {
  std::vector<double> one, two;
  const RunSummary a = run_xor(11, Selection::fitness, 1, &one);
  const RunSummary b = run_xor(11, Selection::fitness, 2, &two);
  EXPECT_EQ(a.first_solution, b.first_solution);
  EXPECT_EQ(a.evaluations, b.evaluations);
  EXPECT_EQ(one, two);  // the whole scheduler state, population included, byte for byte
}

TEST(NeatEmitterTest, CheckpointResumesIdentically) {
  auto make = [](GridArchive<Genome>& archive) {
    NeatOptions neat;
    neat.population = 30;
    return std::make_unique<Scheduler<Genome>>(archive, xor_emitters(neat, Selection::fitness), 5);
  };
  const GridOptions grid{.dims = {2, 2, 2, 2}, .lower = {0, 0, 0, 0}, .upper = {1, 1, 1, 1}};
  SerialEvaluator evaluator;
  GridArchive<Genome> straight_archive(grid);
  auto straight = make(straight_archive);
  straight->run(tasks::XorTask{}, evaluator, {.iterations = 20});

  GridArchive<Genome> first_archive(grid);
  auto first = make(first_archive);
  first->run(tasks::XorTask{}, evaluator, {.iterations = 8});
  BinaryWriter saved;
  first->save(saved);
  GridArchive<Genome> resumed_archive(grid);
  auto resumed = make(resumed_archive);
  BinaryReader in(saved.bytes(), "checkpoint");
  resumed->load(in);
  resumed->run(tasks::XorTask{}, evaluator, {.iterations = 20});

  BinaryWriter a, b;
  straight->save(a);
  resumed->save(b);
  EXPECT_EQ(a.bytes(), b.bytes());
}

TEST(NeatEmitterTest, SelectionNames) {
  EXPECT_EQ(selection_from_string("novelty"), Selection::novelty);
  EXPECT_EQ(to_string(Selection::random), "random");
  EXPECT_THROW(selection_from_string("best"), Error);
}

}  // namespace
}  // namespace pond::neat
