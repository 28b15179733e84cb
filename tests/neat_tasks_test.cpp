// The NEAT tasks: maze, XOR and double pole on genomes; the built-in maps.

#include <gtest/gtest.h>

#include <cmath>

#include "pond/core/file_io.hpp"
#include "pond/neat/mutation.hpp"
#include "pond/run/experiment.hpp"
#include "pond/run/run_config.hpp"
#include "pond/tasks/maze_maps.hpp"
#include "pond/tasks/maze_task.hpp"
#include "pond/tasks/pole_task.hpp"
#include "pond/tasks/xor.hpp"

namespace pond::tasks {
namespace {

using neat::Genome;

TEST(MazeMaps, BuiltInMapsEqualTheShippedFiles) {
  for (const std::string& name : builtin_maze_names()) {
    const std::string file = read_file(std::string(POND_SOURCE_DIR) + "/data/mazes/" + name + ".txt");
    EXPECT_EQ(builtin_maze_text(name), file) << name;
    const MazeMap built_in = load_maze(name);
    EXPECT_EQ(built_in.to_text(), MazeMap::parse(file, name).to_text());
  }
  EXPECT_TRUE(builtin_maze_text("nowhere").empty());
  EXPECT_THROW(load_maze("/no/such/maze.txt"), Error);
}

TEST(MazeTaskTest, AStillRobotEndsAtTheStart) {
  const MazeTask task(load_maze("hard"));
  // No connections: both outputs are sigmoid(0) = 0.5, so speed and turn never change from 0.
  const Genome still = Genome::empty(maze_inputs, maze_outputs);
  double d[2];
  const double objective = task.evaluate(still, d);
  const MazeMap& m = task.simulator().map();
  EXPECT_EQ(d[0], m.start_x);
  EXPECT_EQ(d[1], m.start_y);
  EXPECT_DOUBLE_EQ(objective, 300.0 - std::hypot(m.start_x - m.goal_x, m.start_y - m.goal_y));
  EXPECT_FALSE(task.solved(objective, d));
  const double at_goal[2] = {m.goal_x + 3.0, m.goal_y + 4.0};  // exactly 5 away: solved
  EXPECT_TRUE(task.solved(0.0, at_goal));
  const double near_goal[2] = {m.goal_x + 3.0, m.goal_y + 4.01};
  EXPECT_FALSE(task.solved(0.0, near_goal));
}

TEST(MazeTaskTest, ABiasToSpeedDrivesTheRobotForward) {
  const MazeTask task(load_maze("hard"));
  // Bias (input 10) -> output 1 (speed) with a large weight: o2 near 1, so speed grows by ~0.5 per
  // step up to 3; the robot heads along +x (heading 0) until a wall stops it.
  Genome g = Genome::empty(maze_inputs, maze_outputs);
  g.connections.push_back({0, 10, 12, 5.0, true});
  std::vector<double> path;
  const MazeOutcome o = task.simulate(g, &path);
  EXPECT_GT(o.final_x, task.simulator().map().start_x + 20);
  EXPECT_DOUBLE_EQ(o.final_y, task.simulator().map().start_y);
  EXPECT_EQ(path.size(), 2u * (o.steps_taken + 1));
}

TEST(MazeTaskTest, WrongShapeAndBounds) {
  const MazeTask task(load_maze("medium"));
  double d[2];
  EXPECT_THROW(task.evaluate(Genome::empty(3, 1), d), std::invalid_argument);
  const auto lo = task.descriptor_lower();
  const auto hi = task.descriptor_upper();
  EXPECT_EQ(lo, (std::vector<double>{6, 5}));
  EXPECT_EQ(hi, (std::vector<double>{293, 134}));
}

// A hand-made XOR network: hidden h = sigmoid(w(a + b) - 1.5w) acts as AND; out = a + b - 2h.
Genome xor_solution() {
  Genome g = Genome::empty(3, 1);
  g.nodes.push_back({4, neat::NodeKind::hidden, neat::Activation::sigmoid});
  const double w = 4.0;
  g.connections = {{0, 0, 4, w, true},        {1, 1, 4, w, true},          {2, 2, 4, -1.5 * w, true},
                   {3, 0, 3, w, true},        {4, 1, 3, w, true},          {5, 2, 3, -0.5 * w, true},
                   {6, 4, 3, -2.0 * w, true}};
  g.validate();
  return g;
}

TEST(XorTaskTest, SolutionAndBlankNetwork) {
  const XorTask task;
  double d[4];
  const double good = task.evaluate(xor_solution(), d);
  EXPECT_TRUE(task.solved(good, d));
  EXPECT_GT(good, 12.0);
  EXPECT_LT(d[0], 0.5);
  EXPECT_GT(d[1], 0.5);
  EXPECT_GT(d[2], 0.5);
  EXPECT_LT(d[3], 0.5);
  const double blank = task.evaluate(Genome::empty(3, 1), d);  // every output 0.5: error 2
  EXPECT_DOUBLE_EQ(blank, 4.0);
  EXPECT_FALSE(task.solved(blank, d));
  EXPECT_THROW(task.evaluate(Genome::empty(2, 1), d), std::invalid_argument);
}

TEST(PoleTaskTest, BlankNetworkFallsAndShapesAreChecked) {
  const PoleTask with(PoleOptions{.with_velocities = true});
  EXPECT_EQ(with.inputs(), 7u);
  double d[2];
  const double steps = with.evaluate(Genome::empty(7, 1), d);  // output 0.5: no force
  EXPECT_GT(steps, 5.0);
  EXPECT_LT(steps, 100.0);
  EXPECT_DOUBLE_EQ(d[0], steps / 100000.0);
  EXPECT_EQ(d[1], 0.0);
  EXPECT_FALSE(with.solved(steps, d));
  EXPECT_THROW(with.evaluate(Genome::empty(4, 1), d), std::invalid_argument);
  const PoleTask without(PoleOptions{.with_velocities = false});
  EXPECT_EQ(without.inputs(), 4u);
  const double damping = without.evaluate(Genome::empty(4, 1), d);
  EXPECT_GT(damping, 0.0);
  EXPECT_LT(damping, 0.1);  // fell before 100 steps: only the 0.1 t / 1000 part
}

TEST(NeatExperimentTest, RegistryBuildsEveryNeatTaskAndRuns) {
  for (const std::string task : {"maze", "xor", "pole", "pole-nv"}) {
    for (const std::string algo : {"novelty", "fitness", "random"}) {
      const RunConfig c = resolve_config({{"task", task}, {"algo", algo}, {"evals", 300}, {"population", 50}}, "test");
      EXPECT_EQ(c.batch, 50u);
      auto e = make_experiment(c);
      SerialEvaluator evaluator;
      e->run(evaluator, {.evaluations = c.evals}, [] { return true; });
      EXPECT_EQ(e->evaluations(), 300u) << task << " " << algo;
      EXPECT_EQ(e->has_result_archive(), algo == "novelty");
      // (A novelty archive may stay empty early on the tasks whose behaviours barely differ at first.)
      if (algo != "novelty" || task == "maze") {
        EXPECT_GT(e->archive_size(), 0u) << task << " " << algo;
      }
      // The whole state round-trips into a freshly built experiment.
      BinaryWriter saved;
      e->save(saved);
      auto again = make_experiment(c);
      BinaryReader in(saved.bytes(), "state");
      again->load(in);
      BinaryWriter resaved;
      again->save(resaved);
      EXPECT_EQ(saved.bytes(), resaved.bytes()) << task << " " << algo;
    }
  }
}

}  // namespace
}  // namespace pond::tasks
