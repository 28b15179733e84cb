#include "pond/core/demand.hpp"

#include <gtest/gtest.h>

#include "pond/core/grid_archive.hpp"
#include "pond/core/novelty_archive.hpp"
#include "pond/core/refine.hpp"
#include "pond/neat/mutation.hpp"
#include "pond/neat/neat_emitter.hpp"
#include "pond/tasks/maze_maps.hpp"
#include "pond/tasks/maze_task.hpp"

using namespace pond;

namespace {

GridOptions box10() { return {.dims = {10, 10}, .lower = {0, 0}, .upper = {10, 10}}; }

// Adds one elite per (x, y) with ids 0, 1, ... and objective = id.
template <class A>
void put(A& archive, const std::vector<std::pair<double, double>>& points) {
  std::vector<Vector> solutions;
  std::vector<double> objectives, descriptors;
  for (std::size_t i = 0; i < points.size(); ++i) {
    solutions.push_back({points[i].first, points[i].second});
    objectives.push_back(static_cast<double>(i));
    descriptors.insert(descriptors.end(), {points[i].first, points[i].second});
  }
  std::vector<Parents> parents(points.size());
  std::vector<AddStatus> status(points.size());
  archive.add({0, 0}, solutions, parents, objectives, descriptors, status, {});
}

// A task whose descriptor is the solution's first two coordinates, objective -|x|^2.
struct Plane {
  using Solution = Vector;
  static constexpr std::size_t descriptor_dim() { return 2; }
  double evaluate(const Vector& x, std::span<double> d) const {
    d[0] = x[0];
    d[1] = x[1];
    double s = 0;
    for (double v : x) s += v * v;
    return -s;
  }
};

std::vector<EliteId> ids(const std::vector<Catch<Vector>>& caught) {
  std::vector<EliteId> out;
  for (const auto& c : caught) out.push_back(c.id);
  return out;
}

}  // namespace

TEST(Fish, ReturnsTheTrueNearestStonesBestFirst) {
  GridArchive<Vector> archive(box10());
  put(archive, {{1.5, 1.5}, {3.5, 4.5}, {8.5, 8.5}, {2.5, 4.5}, {3.5, 2.5}, {9.5, 0.5}});
  const Demand demand = Demand::near({3.2, 4.1}, 0.6);
  const auto caught = fish(archive, demand, 3);
  // Distances: id1 0.5, id3 0.76, id4 1.63, id0 3.0, ...
  EXPECT_EQ(ids(caught), (std::vector<EliteId>{1, 3, 4}));
  EXPECT_NEAR(caught[0].score, -0.5, 1e-12);
  EXPECT_EQ(caught[0].descriptor, (std::vector<double>{3.5, 4.5}));
  EXPECT_EQ(caught[0].solution, (Vector{3.5, 4.5}));
  EXPECT_TRUE(demand.met(caught[0].descriptor, caught[0].objective));
  EXPECT_FALSE(demand.met(caught[1].descriptor, caught[1].objective));
  EXPECT_EQ(fish(archive, demand, 100).size(), 6u);  // fewer when the pond holds fewer
  EXPECT_THROW(fish(archive, demand, 0), std::invalid_argument);
}

TEST(Fish, AStoneInTwoArchivesCountsOnceAndScoredDemandsRankByScore) {
  GridArchive<Vector> grid(box10());
  NoveltyArchive<Vector> novelty({.descriptor_dim = 2, .k = 1, .initial_threshold = 0.1});
  put(grid, {{1.5, 1.5}, {7.5, 2.5}, {4.5, 9.5}});
  put(novelty, {{1.5, 1.5}, {7.5, 2.5}, {4.5, 9.5}});
  const Archive<Vector>* both[] = {&grid, &novelty};
  const Demand far_right = Demand::linear({1.0, 0.0}, 0.0, 100.0);  // as far along x as possible
  EXPECT_EQ(ids(fish<Vector>(both, far_right, 3)), (std::vector<EliteId>{1, 2, 0}));
  const Demand high_objective = Demand::scored([](std::span<const double>, double objective) { return objective; }, 2.0,
                                               "objective of at least 2");
  const auto caught = fish<Vector>(both, high_objective, 1);
  EXPECT_EQ(ids(caught), std::vector<EliteId>{2});
  EXPECT_TRUE(high_objective.met(caught[0].descriptor, caught[0].objective));
}

TEST(Fish, ADemandOutsideTheBoundsOrOfAnotherShapeGivesAClearError) {
  GridArchive<Vector> archive(box10());
  put(archive, {{1.5, 1.5}});
  const DescriptorBox box{{0, 0}, {10, 10}};
  try {
    fish(archive, Demand::near({4.0, 12.5}, 1.0), 1, &box);
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("coordinate 1 = 12.5 lies outside the descriptor bounds [0, 10]"), std::string::npos) << e.what();
  }
  EXPECT_THROW(fish(archive, Demand::near({4.0, 1.0, 2.0}, 1.0), 1), Error);
  EXPECT_NO_THROW(fish(archive, Demand::near({4.0, 9.5}, 1.0), 1, &box));
}

TEST(Demand, ReadsTargetsAndLinearScoringsFromJsonAndRejectsTheRest) {
  const Demand near = demand_from_json({{"target", {120, 40}}, {"tolerance", 5}}, "goal.json");
  EXPECT_EQ(near.target(), (std::vector<double>{120, 40}));
  EXPECT_EQ(near.tolerance(), 5.0);
  EXPECT_EQ(near.description(), "end within 5 of (120, 40)");
  const std::vector<double> d{123, 44};
  EXPECT_DOUBLE_EQ(near.score(d, 0.0), -5.0);
  EXPECT_TRUE(near.met(d, 0.0));

  const Demand linear = demand_from_json(nlohmann::json::parse(R"({"maximize": {"descriptor": [1, -1], "objective": 0.5}, "at_least": 3})"), "d.json");
  EXPECT_DOUBLE_EQ(linear.score(d, 10.0), 123 - 44 + 5);
  EXPECT_FALSE(linear.met(std::vector<double>{0, 0}, 2.0));

  auto message = [](const char* text) {
    try {
      demand_from_json(nlohmann::json::parse(text), "d.json");
    } catch (const Error& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_EQ(message(R"({"target": [1, 2]})"), "d.json: field 'tolerance' is missing");
  EXPECT_EQ(message(R"({"target": [1, "x"], "tolerance": 1})"), "d.json: field 'target' must be an array of numbers");
  EXPECT_EQ(message(R"({"target": [1, 2], "tolerance": -1})"), "d.json: demand: the tolerance must be finite and >= 0");
  EXPECT_EQ(message(R"({"goal": [1, 2]})").rfind("d.json: unknown field 'goal'", 0), 0u);
  EXPECT_EQ(message(R"({"target": [1], "tolerance": 1, "maximize": {}})").rfind("d.json: give either", 0), 0u);
  EXPECT_EQ(message(R"({"maximize": {"speed": [1]}, "at_least": 1})"), "d.json: unknown field 'maximize.speed'");
  EXPECT_EQ(message("[1, 2]"), "d.json: a demand must be a JSON object");
}

TEST(Refine, VectorsReachTheDemandWithinTheBudgetDeterministically) {
  GridArchive<Vector> archive(box10());
  put(archive, {{1.5, 1.5}, {6.5, 6.5}});
  const Demand demand = Demand::near({3.0, 2.0}, 0.05);
  const auto stones = fish(archive, demand, 2);
  SerialEvaluator serial;
  ThreadEvaluator threads(2);
  const RefineOptions options{.budget = 3000, .seed = 5};
  const auto a = refine(Plane{}, demand, std::span<const Catch<Vector>>(stones), refine_emitters(stones[0].solution, 0.5, 12), options, serial);
  const auto b = refine(Plane{}, demand, std::span<const Catch<Vector>>(stones), refine_emitters(stones[0].solution, 0.5, 12), options, threads);
  EXPECT_TRUE(a.met);
  EXPECT_FALSE(a.from_stone);
  EXPECT_GT(a.evaluations, 0u);
  EXPECT_LE(a.evaluations, 3000u);
  EXPECT_LE(std::hypot(a.descriptor[0] - 3.0, a.descriptor[1] - 2.0), 0.05);
  EXPECT_EQ(a.solution, b.solution);  // same seed, same answer, whatever the threads
  EXPECT_EQ(a.evaluations, b.evaluations);
}

TEST(Refine, RespectsItsBudgetAndReturnsAStoneThatAlreadyServes) {
  GridArchive<Vector> archive(box10());
  put(archive, {{1.5, 1.5}});
  const Demand hard = Demand::near({9.0, 9.0}, 1e-9);
  const auto stones = fish(archive, hard, 1);
  SerialEvaluator serial;
  const auto r = refine(Plane{}, hard, std::span<const Catch<Vector>>(stones), refine_emitters(stones[0].solution, 0.01, 7), {.budget = 50, .seed = 1}, serial);
  EXPECT_FALSE(r.met);
  EXPECT_EQ(r.evaluations, 50u);  // 7 per iteration: the last batch is cut to fit
  EXPECT_GE(r.score, stones[0].score);  // never worse than the stone it started from

  const Demand easy = Demand::near({1.6, 1.4}, 0.5);
  const auto near_stones = fish(archive, easy, 1);
  const auto s = refine(Plane{}, easy, std::span<const Catch<Vector>>(near_stones), refine_emitters(near_stones[0].solution, 0.1, 7), {.budget = 50}, serial);
  EXPECT_TRUE(s.met);
  EXPECT_TRUE(s.from_stone);
  EXPECT_EQ(s.evaluations, 0u);
  EXPECT_THROW(refine(Plane{}, easy, std::span<const Catch<Vector>>(), refine_emitters(near_stones[0].solution, 0.1, 7), {.budget = 0}, serial), std::invalid_argument);
}

TEST(Refine, WithoutStonesItIsAPlanFromScratch) {
  const Demand demand = Demand::near({3.0, 2.0}, 0.05);
  SerialEvaluator serial;
  const auto plan = refine(Plane{}, demand, std::span<const Catch<Vector>>(), refine_emitters(Vector(4, 0.0), 0.5, 12), {.budget = 3000, .seed = 2}, serial);
  EXPECT_FALSE(plan.from_stone);
  EXPECT_TRUE(plan.met);
  EXPECT_LE(plan.evaluations, 3000u);
  EXPECT_GT(plan.evaluations, 12u);
  const auto short_plan = refine(Plane{}, demand, std::span<const Catch<Vector>>(), refine_emitters(Vector(4, 0.0), 0.5, 12), {.budget = 5, .seed = 2}, serial);
  EXPECT_FALSE(short_plan.met);
  EXPECT_EQ(short_plan.evaluations, 5u);
  EXPECT_EQ(short_plan.descriptor.size(), 2u);
}

TEST(Refine, NeatStartsFromTheStonesAndStaysWithinItsBudget) {
  const tasks::MazeTask maze(tasks::load_maze("medium"));
  // A small pond: the first generations of a NEAT population, kept in a novelty archive.
  NoveltyArchive<neat::Genome> pond({.descriptor_dim = 2, .k = 15, .initial_threshold = 6.0});
  neat::NeatOptions neat_options;
  neat_options.population = 50;
  Rng rng(3);
  const neat::Genome seed = neat::one_hidden_genome(tasks::maze_inputs, tasks::maze_outputs, 1.0, rng);
  std::vector<std::unique_ptr<Emitter<neat::Genome>>> emitters;
  emitters.push_back(std::make_unique<neat::NeatEmitter>(neat::NeatEmitterOptions{neat_options, neat::Selection::novelty, seed, {}}));
  Scheduler<neat::Genome> grow(pond, std::move(emitters), 3);
  SerialEvaluator serial;
  grow.run(maze, serial, {.evaluations = 1000});
  ASSERT_GT(pond.size(), 3u);

  const auto& first = pond.elites().descriptor(0);
  const Demand demand = Demand::near({first[0] + 20.0, first[1]}, 2.0);
  const auto stones = fish(pond, demand, 5);
  auto founders = [&] {
    neat::NeatEmitterOptions o{neat_options, neat::Selection::fitness, seed, {}};
    for (const auto& s : stones) o.founders.push_back(s.solution);
    std::vector<std::unique_ptr<Emitter<neat::Genome>>> e;
    e.push_back(std::make_unique<neat::NeatEmitter>(std::move(o)));
    return e;
  };
  const auto a = refine(maze, demand, std::span<const Catch<neat::Genome>>(stones), founders(), {.budget = 300, .seed = 2}, serial);
  const auto b = refine(maze, demand, std::span<const Catch<neat::Genome>>(stones), founders(), {.budget = 300, .seed = 2}, serial);
  EXPECT_LE(a.evaluations, 300u);
  EXPECT_GE(a.score, stones[0].score);
  EXPECT_EQ(a.solution, b.solution);
  EXPECT_EQ(a.evaluations, b.evaluations);
  std::vector<double> d(2);
  EXPECT_EQ(maze.evaluate(a.solution, d), a.objective);  // the answer's numbers are its own
  EXPECT_EQ(d, a.descriptor);
}

TEST(Population, StartsFromFoundersWithTheirWeights) {
  neat::NeatOptions options;
  options.population = 6;
  Rng rng(1);
  const neat::Genome seed = neat::fully_connected_genome(3, 1, 1.0, rng);
  neat::Genome a = neat::fully_connected_genome(3, 1, 1.0, rng), b = neat::fully_connected_genome(3, 1, 1.0, rng);
  neat::Population population(options, seed);
  population.start_from({a, b});
  Rng generation(2);
  population.advance(generation, [](std::size_t i) { return Rng(100 + i); });
  EXPECT_EQ(population.members()[0].genome, a);
  EXPECT_EQ(population.members()[1].genome, b);
  EXPECT_NE(population.members()[2].genome, a);  // the rest are mutated copies
  EXPECT_EQ(population.members()[2].genome.inputs, 3u);

  neat::Population other(options, seed);
  EXPECT_THROW(other.start_from({neat::fully_connected_genome(2, 1, 1.0, rng)}), Error);
  EXPECT_THROW(other.start_from({}), Error);
  EXPECT_THROW(population.start_from({a}), std::logic_error);
}
