// Tests of the deceptive maze: map format, sensor geometry and physics against hand-computed cases
// from the definitions in DESIGN.md ("Deceptive maze navigation").

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <cstdint>
#include <initializer_list>
#include <limits>
#include <numbers>
#include <random>
#include <span>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "pond/core/error.hpp"
#include "pond/core/simd_kernel.hpp"
#include "pond/tasks/maze.hpp"

namespace pond::tasks {
namespace {

std::filesystem::path MazeDir() {
#ifdef POND_SOURCE_DIR
  return std::filesystem::path(POND_SOURCE_DIR) / "data" / "mazes";
#else
  return std::filesystem::path("data") / "mazes";
#endif
}

// An open box [0, 200] x [0, 200] with the robot at (50, 50), heading `heading`, goal at (goal_x, goal_y),
// plus `extra` walls.
MazeMap Box(double heading, double goal_x, double goal_y, std::vector<Segment> extra = {}) {
  MazeMap map;
  map.walls = {{0, 0, 200, 0}, {200, 0, 200, 200}, {200, 200, 0, 200}, {0, 200, 0, 0}};
  map.walls.insert(map.walls.end(), extra.begin(), extra.end());
  map.start_x = 50;
  map.start_y = 50;
  map.start_heading_deg = heading;
  map.goal_x = goal_x;
  map.goal_y = goal_y;
  return map;
}

std::array<double, maze_inputs> Sense(const MazeSimulator& sim, const MazeState& s) {
  std::array<double, maze_inputs> in{};
  sim.sense(s, in);
  return in;
}

// The radar slice that reads 1 (-1 if none; fails if more than one).
int LitRadar(const std::array<double, maze_inputs>& in) {
  int lit = -1;
  for (int k = 0; k < 4; ++k) {
    const double r = in[6 + static_cast<std::size_t>(k)];
    EXPECT_TRUE(r == 0.0 || r == 1.0) << r;
    if (r == 1.0) {
      EXPECT_EQ(lit, -1) << "two radars lit";
      lit = k;
    }
  }
  return lit;
}

// Runs `make` and checks that it throws pond::Error whose message contains every piece.
template <class Make>
void ExpectError(Make make, std::initializer_list<std::string> pieces) {
  try {
    make();
    ADD_FAILURE() << "expected pond::Error";
  } catch (const Error& error) {
    const std::string message = error.what();
    for (const std::string& piece : pieces) {
      EXPECT_NE(message.find(piece), std::string::npos) << "message: " << message << "\nmissing: " << piece;
    }
  }
}

// ---------------------------------------------------------------------------------------------------
// Geometry helpers

TEST(MazeGeometry, PointSegmentDistance) {
  const Segment s{0, 0, 10, 0};
  EXPECT_DOUBLE_EQ(detail::point_segment_distance(5, 3, s), 3.0);    // over the interior
  EXPECT_DOUBLE_EQ(detail::point_segment_distance(-3, 4, s), 5.0);   // past the first end
  EXPECT_DOUBLE_EQ(detail::point_segment_distance(13, -4, s), 5.0);  // past the second end
  EXPECT_DOUBLE_EQ(detail::point_segment_distance(7, 0, s), 0.0);    // on it
  EXPECT_DOUBLE_EQ(detail::point_segment_distance(3, 4, Segment{0, 0, 0, 0}), 5.0);  // a point
}

TEST(MazeGeometry, RaySegmentFraction) {
  // Ray from (0, 0) to (100, 0).
  EXPECT_DOUBLE_EQ(detail::ray_segment_fraction(0, 0, 100, 0, Segment{30, -5, 30, 5}), 0.3);
  EXPECT_DOUBLE_EQ(detail::ray_segment_fraction(0, 0, 100, 0, Segment{30, 5, 30, -5}), 0.3);  // reversed
  EXPECT_EQ(detail::ray_segment_fraction(0, 0, 100, 0, Segment{130, -5, 130, 5}), -1.0);      // beyond range
  EXPECT_EQ(detail::ray_segment_fraction(0, 0, 100, 0, Segment{-30, -5, -30, 5}), -1.0);      // behind
  EXPECT_EQ(detail::ray_segment_fraction(0, 0, 100, 0, Segment{30, 1, 30, 5}), -1.0);         // misses
  EXPECT_DOUBLE_EQ(detail::ray_segment_fraction(0, 0, 100, 0, Segment{30, 0, 30, 5}), 0.3);   // endpoint hit
  EXPECT_DOUBLE_EQ(detail::ray_segment_fraction(0, 0, 100, 0, Segment{100, -1, 100, 1}), 1.0);  // at the tip
  EXPECT_EQ(detail::ray_segment_fraction(0, 0, 100, 0, Segment{0, 3, 50, 3}), -1.0);          // parallel
  EXPECT_DOUBLE_EQ(detail::ray_segment_fraction(0, 0, 100, 0, Segment{60, 0, 40, 0}), 0.4);   // collinear
  EXPECT_DOUBLE_EQ(detail::ray_segment_fraction(0, 0, 100, 0, Segment{-10, 0, 10, 0}), 0.0);  // around start
  EXPECT_EQ(detail::ray_segment_fraction(0, 0, 100, 0, Segment{110, 0, 120, 0}), -1.0);       // collinear, far
  // A diagonal ray: from (0, 0) toward (60, 80) (length 100) meets the line x = 30 at (30, 40): 0.5.
  EXPECT_DOUBLE_EQ(detail::ray_segment_fraction(0, 0, 60, 80, Segment{30, 0, 30, 100}), 0.5);
}

TEST(MazeGeometry, CosSinDegIsExactOnAxes) {
  using A = std::array<double, 2>;
  EXPECT_EQ(detail::cos_sin_deg(0), (A{1, 0}));
  EXPECT_EQ(detail::cos_sin_deg(90), (A{0, 1}));
  EXPECT_EQ(detail::cos_sin_deg(180), (A{-1, 0}));
  EXPECT_EQ(detail::cos_sin_deg(-90), (A{0, -1}));
  EXPECT_EQ(detail::cos_sin_deg(450), (A{0, 1}));
  const auto [c, s] = detail::cos_sin_deg(30);
  EXPECT_NEAR(c, std::sqrt(3.0) / 2, 1e-15);
  EXPECT_NEAR(s, 0.5, 1e-15);
}

TEST(MazeGeometry, RadarSliceBoundaries) {
  EXPECT_EQ(detail::radar_slice(1, 0), 0);    // 0
  EXPECT_EQ(detail::radar_slice(1, -1), 0);   // -45: first slice's lower bound
  EXPECT_EQ(detail::radar_slice(1, 1), 1);    // +45: second slice's lower bound
  EXPECT_EQ(detail::radar_slice(0, 1), 1);    // 90
  EXPECT_EQ(detail::radar_slice(-1, 1), 2);   // 135
  EXPECT_EQ(detail::radar_slice(-1, 0), 2);   // 180
  EXPECT_EQ(detail::radar_slice(-1, -1), 3);  // 225
  EXPECT_EQ(detail::radar_slice(0, -1), 3);   // 270
  EXPECT_EQ(detail::radar_slice(2, -1), 0);   // about -26.6
  EXPECT_EQ(detail::radar_slice(0, 0), -1);   // no direction
}

// ---------------------------------------------------------------------------------------------------
// Sensors

TEST(MazeSense, RangefindersHandComputed) {
  // Vertical walls at x = 80 (ahead, 30 away) and x = 10 (behind, 40 away), a horizontal wall at y = 20
  // (30 to the right, i.e. at -90 degrees); nothing within 100 toward +y (the box top is 150 away).
  const MazeMap map = Box(0, 190, 190, {{80, 0, 80, 100}, {10, 0, 10, 100}, {0, 20, 100, 20}});
  const MazeSimulator sim(map);
  const auto in = Sense(sim, sim.initial_state());
  EXPECT_NEAR(in[0], 0.3, 1e-12);  // -90: wall y = 20 at distance 30
  // -45: the ray toward (50 + 70.7, 50 - 70.7) meets x = 80 at (80, 20): distance 30 sqrt 2.
  EXPECT_NEAR(in[1], 30 * std::sqrt(2.0) / 100, 1e-12);
  EXPECT_NEAR(in[2], 0.3, 1e-12);  // 0: wall x = 80
  EXPECT_NEAR(in[3], 30 * std::sqrt(2.0) / 100, 1e-12);  // +45: meets x = 80 at (80, 80)
  EXPECT_EQ(in[4], 1.0);           // +90: no wall within 100
  EXPECT_NEAR(in[5], 0.4, 1e-12);  // 180: wall x = 10
  EXPECT_EQ(in[10], 1.0);          // bias
}

TEST(MazeSense, RangefindersRotateWithHeading) {
  // Same walls, robot turned to heading 90 (facing +y): the front ray now sees nothing, the -90 ray
  // (toward +x) sees x = 80, the +90 ray (toward -x) sees x = 10, the 180 ray (toward -y) sees y = 20.
  const MazeMap map = Box(90, 190, 190, {{80, 0, 80, 100}, {10, 0, 10, 100}, {0, 20, 100, 20}});
  const MazeSimulator sim(map);
  const auto in = Sense(sim, sim.initial_state());
  EXPECT_NEAR(in[0], 0.3, 1e-12);
  EXPECT_EQ(in[2], 1.0);
  EXPECT_NEAR(in[4], 0.4, 1e-12);
  EXPECT_NEAR(in[5], 0.3, 1e-12);
}

TEST(MazeSense, NearestWallWins) {
  const MazeMap map = Box(0, 190, 190, {{90, 0, 90, 100}, {70, 0, 70, 100}, {120, 0, 120, 100}});
  const MazeSimulator sim(map);
  EXPECT_NEAR(Sense(sim, sim.initial_state())[2], 0.2, 1e-12);
}

TEST(MazeSense, RangeOptionScalesReadings) {
  const MazeMap map = Box(0, 190, 190, {{80, 0, 80, 100}});
  const MazeSimulator sim(map, {.range = 50});
  EXPECT_NEAR(Sense(sim, sim.initial_state())[2], 0.6, 1e-12);  // 30 / 50
}

TEST(MazeSense, RadarSlices) {
  struct Case {
    double heading, goal_x, goal_y;
    int slice;
  };
  const Case cases[] = {
      {0, 60, 50, 0},   // straight ahead
      {0, 60, 60, 1},   // exactly +45: second slice [45, 135)
      {0, 60, 40, 0},   // exactly -45: first slice [-45, 45)
      {0, 50, 60, 1},   // +90
      {0, 40, 60, 2},   // exactly 135: third slice
      {0, 40, 50, 2},   // 180: third slice
      {0, 40, 40, 3},   // exactly 225: fourth slice
      {0, 50, 40, 3},   // 270
      {0, 60, 45, 0},   // about -26.6
      // Heading rotation: relative angle = goal direction - heading.
      {90, 50, 60, 0},   // goal at +y, heading +y: ahead
      {90, 40, 60, 1},   // absolute 135, relative +45
      {90, 60, 60, 0},   // absolute 45, relative -45
      {90, 50, 40, 2},   // absolute 270, relative 180
      {180, 60, 50, 2},  // absolute 0, relative 180
      {270, 60, 50, 1},  // absolute 0, relative 90
      {-90, 60, 50, 1},  // the same heading written as -90
      {30, 60, 55, 0},   // absolute about 26.6, relative about -3.4
      {30, 50, 60, 1},   // relative 60
  };
  for (const Case& c : cases) {
    const MazeSimulator sim(Box(c.heading, c.goal_x, c.goal_y));
    EXPECT_EQ(LitRadar(Sense(sim, sim.initial_state())), c.slice)
        << "heading " << c.heading << " goal (" << c.goal_x << ", " << c.goal_y << ")";
  }
}

TEST(MazeSense, RejectsShortInputSpan) {
  const MazeSimulator sim(Box(0, 100, 100));
  std::array<double, 10> in{};
  EXPECT_THROW(sim.sense(sim.initial_state(), in), std::invalid_argument);
}

// ---------------------------------------------------------------------------------------------------
// Physics

TEST(MazeStep, AcceleratesTurnsAndMoves) {
  const MazeSimulator sim(Box(0, 190, 190));
  MazeState s = sim.initial_state();
  sim.step(s, 0.75, 1.0);  // angular velocity +0.25, speed +0.5; move 0.5 along heading 0
  EXPECT_DOUBLE_EQ(s.speed, 0.5);
  EXPECT_DOUBLE_EQ(s.angular_velocity, 0.25);
  EXPECT_DOUBLE_EQ(s.x, 50.5);
  EXPECT_DOUBLE_EQ(s.y, 50.0);
  EXPECT_DOUBLE_EQ(s.heading_deg, 0.25);
}

TEST(MazeStep, ClampsSpeedAndTurnAndWrapsHeading) {
  const MazeSimulator sim(Box(0, 190, 190));
  MazeState s{100, 100, 359, 2.9, -2.9};
  sim.step(s, 0.0, 1.0);  // angular velocity -3.4 -> -3; speed 3.4 -> 3
  EXPECT_DOUBLE_EQ(s.speed, 3.0);
  EXPECT_DOUBLE_EQ(s.angular_velocity, -3.0);
  EXPECT_DOUBLE_EQ(s.heading_deg, 356.0);
  s = {100, 100, 359, 0, 2.9};
  sim.step(s, 1.0, 0.5);  // angular velocity 3; heading 362 -> 2
  EXPECT_DOUBLE_EQ(s.heading_deg, 2.0);
  s = {100, 100, 1, -2.9, 0};
  sim.step(s, 0.0, 0.0);  // speed -3.4 -> -3 (moves backward); heading 1 - 0.5 = 0.5
  EXPECT_DOUBLE_EQ(s.speed, -3.0);
  EXPECT_NEAR(s.x, 100 - 3 * std::cos(1 * std::numbers::pi / 180), 1e-12);
  EXPECT_DOUBLE_EQ(s.heading_deg, 0.5);
}

TEST(MazeStep, CollisionKeepsPositionAndSpeedButTurns) {
  // Wall x = 60; the robot at (50, 50) moving 3 toward it would end 7 < 8 from it.
  const MazeSimulator sim(Box(0, 190, 190, {{60, 0, 60, 100}}));
  MazeState s{50, 50, 0, 3, 0};
  sim.step(s, 0.75, 0.5);
  EXPECT_EQ(s.x, 50.0);
  EXPECT_EQ(s.y, 50.0);
  EXPECT_EQ(s.speed, 3.0);
  EXPECT_DOUBLE_EQ(s.angular_velocity, 0.25);
  EXPECT_DOUBLE_EQ(s.heading_deg, 0.25);
  // From x = 47 the move ends at 50, exactly 10 from the wall: allowed. At exactly the radius too.
  s = {47, 50, 0, 3, 0};
  sim.step(s, 0.5, 0.5);
  EXPECT_EQ(s.x, 50.0);
  s = {49, 50, 0, 3, 0};
  sim.step(s, 0.5, 0.5);
  EXPECT_EQ(s.x, 52.0);  // 8 from the wall: not closer than the radius
  sim.step(s, 0.5, 0.5);
  EXPECT_EQ(s.x, 52.0);  // 55 would be 5 away: refused
  // Near a wall's end: the distance is to the endpoint, so passing beside it is fine.
  const MazeSimulator sim2(Box(0, 190, 190, {{60, 60, 60, 100}}));
  s = {50, 50, 0, 3, 0};
  sim2.step(s, 0.5, 0.5);  // (53, 50) is sqrt(49 + 100) > 8 from (60, 60)
  EXPECT_EQ(s.x, 53.0);
}

// ---------------------------------------------------------------------------------------------------
// Runs

TEST(MazeRun, StopsAtGoal) {
  // Goal 50 ahead. Full throttle, no turn: speeds 0.5, 1, ..., 2.5, then 3 per step. After 5 steps
  // x = 57.5; after 5 + 13 = 18 steps x = 96.5, the first position within 5 of (100, 50).
  const MazeSimulator sim(Box(0, 100, 50));
  std::vector<double> path;
  int calls = 0;
  const MazeOutcome out = sim.run(
      [&](std::span<const double> in, std::span<double> o) {
        EXPECT_EQ(in.size(), maze_inputs);
        EXPECT_EQ(o.size(), maze_outputs);
        ++calls;
        o[0] = 0.5;
        o[1] = 1.0;
      },
      &path);
  EXPECT_TRUE(out.solved);
  EXPECT_EQ(out.steps_taken, 18);
  EXPECT_LT(out.steps_taken, 400);
  EXPECT_DOUBLE_EQ(out.final_x, 96.5);
  EXPECT_DOUBLE_EQ(out.final_y, 50.0);
  EXPECT_DOUBLE_EQ(out.distance_to_goal, 3.5);
  EXPECT_LE(out.distance_to_goal, 5.0);
  EXPECT_DOUBLE_EQ(out.fitness, 296.5);
  EXPECT_EQ(calls, 10 + 18);
  ASSERT_EQ(path.size(), 2u * (18 + 1));
  EXPECT_EQ(path[0], 50.0);
  EXPECT_EQ(path[1], 50.0);
  EXPECT_DOUBLE_EQ(path[2], 50.5);
  EXPECT_DOUBLE_EQ(path[path.size() - 2], 96.5);
}

TEST(MazeRun, WarmupThenOneActivationPerStep) {
  // A controller that stays still: all steps run, 10 warm-up activations see the initial inputs.
  const MazeSimulator sim(Box(0, 150, 150, {{80, 0, 80, 100}}));
  std::array<double, maze_inputs> initial{};
  sim.sense(sim.initial_state(), initial);
  int calls = 0;
  std::vector<double> path;
  const MazeOutcome out = sim.run(
      [&](std::span<const double> in, std::span<double> o) {
        if (calls < 10) {
          for (std::size_t i = 0; i < maze_inputs; ++i) EXPECT_EQ(in[i], initial[i]);
        }
        ++calls;
        o[0] = 0.5;
        o[1] = 0.5;
      },
      &path);
  EXPECT_FALSE(out.solved);
  EXPECT_EQ(out.steps_taken, 400);
  EXPECT_EQ(calls, 410);
  EXPECT_EQ(path.size(), 2u * 401);
  EXPECT_EQ(out.final_x, 50.0);
  EXPECT_EQ(out.final_y, 50.0);
  EXPECT_DOUBLE_EQ(out.distance_to_goal, std::hypot(100.0, 100.0));
  EXPECT_DOUBLE_EQ(out.fitness, 300 - std::hypot(100.0, 100.0));
}

TEST(MazeRun, OptionsChangeStepsAndWarmup) {
  const MazeSimulator sim(Box(0, 150, 150), {.steps = 7, .warmup_activations = 2});
  int calls = 0;
  const MazeOutcome out = sim.run([&](std::span<const double>, std::span<double>) { ++calls; });
  EXPECT_EQ(calls, 9);
  EXPECT_EQ(out.steps_taken, 7);
  EXPECT_EQ(out.final_x, 50.0);  // outputs preset to 0.5 and never changed: no motion
}

TEST(MazeRun, StartAtGoalIsSolvedAtOnce) {
  const MazeSimulator sim(Box(0, 53, 54));  // 5 away: the boundary counts
  int calls = 0;
  const MazeOutcome out = sim.run([&](std::span<const double>, std::span<double>) { ++calls; });
  EXPECT_TRUE(out.solved);
  EXPECT_EQ(out.steps_taken, 0);
  EXPECT_EQ(calls, 0);
}

// A fixed, input-dependent controller: steers away from the nearer side wall, toward the goal radar.
void Wander(std::span<const double> in, std::span<double> out) {
  const double turn = 0.3 * (in[4] - in[0]) + 0.2 * (in[7] - in[9]) + 0.05 * std::sin(in[2] * 7);
  out[0] = 0.5 + turn;
  out[1] = 0.5 + 0.4 * (in[2] - 0.3);
}

TEST(MazeRun, DeterministicOnShippedMap) {
  const MazeSimulator sim(MazeMap::load(MazeDir() / "medium.txt"));
  std::vector<double> path1, path2;
  const MazeOutcome a = sim.run(Wander, &path1);
  const MazeOutcome b = sim.run(Wander, &path2);
  EXPECT_EQ(a.final_x, b.final_x);
  EXPECT_EQ(a.final_y, b.final_y);
  EXPECT_EQ(a.steps_taken, b.steps_taken);
  EXPECT_EQ(a.solved, b.solved);
  EXPECT_EQ(path1, path2);
  // A copy of the simulator behaves the same.
  const MazeSimulator copy = sim;
  EXPECT_EQ(copy.run(Wander).final_x, a.final_x);
  // The robot moved and never came within the radius of a wall.
  ASSERT_GE(path1.size(), 4u);
  EXPECT_NE(path1[path1.size() - 2], path1[0]);
  for (std::size_t i = 0; i < path1.size(); i += 2) {
    for (const Segment& w : sim.map().walls) {
      EXPECT_GE(detail::point_segment_distance(path1[i], path1[i + 1], w), 8.0);
    }
  }
}

TEST(MazeSimulator, RejectsBadOptions) {
  const MazeMap map = Box(0, 100, 100);
  EXPECT_THROW(MazeSimulator(map, {.radius = -1}), std::invalid_argument);
  EXPECT_THROW(MazeSimulator(map, {.range = 0}), std::invalid_argument);
  EXPECT_THROW(MazeSimulator(map, {.steps = -1}), std::invalid_argument);
  EXPECT_THROW(MazeSimulator(map, {.warmup_activations = -1}), std::invalid_argument);
  EXPECT_THROW(MazeSimulator(map, {.goal_radius = std::nan("")}), std::invalid_argument);
  EXPECT_NO_THROW(MazeSimulator(map, {}));
}

// ---------------------------------------------------------------------------------------------------
// The simulator against a plain oracle
//
// MazeSimulator evaluates only the walls that can matter (a grid of candidate lists, maze_sim.cpp) and
// shares cos and sin of the heading between sense and step in run(). These tests compare it, bit for
// bit, with the plain definitions: every wall tested, in order, with the same arithmetic.

std::uint64_t Bits(double x) { return std::bit_cast<std::uint64_t>(x); }

// Sensor readings by the definition: all walls, in order.
std::array<double, maze_inputs> OracleSense(const MazeMap& map, const MazeOptions& options, const MazeState& s) {
  std::array<double, maze_inputs> in{};
  const auto [c, sn] = detail::cos_sin_deg(s.heading_deg);
  constexpr double h = 0.70710678118654752440;
  constexpr double directions[6][2] = {{0.0, -1.0}, {h, -h}, {1.0, 0.0}, {h, h}, {0.0, 1.0}, {-1.0, 0.0}};
  for (std::size_t k = 0; k < 6; ++k) {
    const double rx = (c * directions[k][0] - sn * directions[k][1]) * options.range;
    const double ry = (sn * directions[k][0] + c * directions[k][1]) * options.range;
    double nearest = 1.0;
    for (const Segment& w : map.walls) {
      const double t = detail::ray_segment_fraction(s.x, s.y, rx, ry, w);
      if (t >= 0 && t < nearest) nearest = t;
    }
    in[k] = nearest;
  }
  const double gx = map.goal_x - s.x, gy = map.goal_y - s.y;
  const int slice = detail::radar_slice(gx * c + gy * sn, -gx * sn + gy * c);
  for (std::size_t k = 0; k < 4; ++k) in[6 + k] = slice == static_cast<int>(k) ? 1.0 : 0.0;
  in[10] = 1.0;
  return in;
}

// One step by the definition: all walls tested for the collision.
void OracleStep(const MazeMap& map, const MazeOptions& options, MazeState& s, double o1, double o2) {
  s.angular_velocity = std::clamp(s.angular_velocity + (o1 - 0.5), -options.max_turn, options.max_turn);
  s.speed = std::clamp(s.speed + (o2 - 0.5), -options.max_speed, options.max_speed);
  const auto [c, sn] = detail::cos_sin_deg(s.heading_deg);
  const double nx = s.x + c * s.speed, ny = s.y + sn * s.speed;
  const double radius2 = options.radius * options.radius;
  bool collides = false;
  for (const Segment& w : map.walls) {
    const double ex = w.x2 - w.x1, ey = w.y2 - w.y1;
    const double len2 = ex * ex + ey * ey > 0 ? ex * ex + ey * ey : 1.0;
    const double f = std::clamp(((nx - w.x1) * ex + (ny - w.y1) * ey) / len2, 0.0, 1.0);
    const double cx = w.x1 + f * ex - nx, cy = w.y1 + f * ey - ny;
    collides = collides || cx * cx + cy * cy < radius2;
  }
  if (!collides) {
    s.x = nx;
    s.y = ny;
  }
  double heading = std::fmod(s.heading_deg + s.angular_velocity, 360.0);
  if (heading < 0) heading += 360.0;
  if (heading >= 360.0) heading = 0.0;
  s.heading_deg = heading;
}

// A run by the definition (MazeSimulator::run's documentation), with OracleSense and OracleStep.
template <class Controller>
MazeOutcome OracleRun(const MazeMap& map, const MazeOptions& options, Controller controller,
                      std::vector<double>& path) {
  std::array<double, maze_outputs> out{0.5, 0.5};
  MazeState s{map.start_x, map.start_y, map.start_heading_deg, 0.0, 0.0};
  const auto finish = [&](bool solved, int steps) {
    const double d = std::hypot(s.x - map.goal_x, s.y - map.goal_y);
    return MazeOutcome{s.x, s.y, d, solved, steps, 300.0 - d};
  };
  const auto at_goal = [&] { return std::hypot(s.x - map.goal_x, s.y - map.goal_y) <= options.goal_radius; };
  path.insert(path.end(), {s.x, s.y});
  if (at_goal()) return finish(true, 0);
  std::array<double, maze_inputs> in = OracleSense(map, options, s);
  for (int i = 0; i < options.warmup_activations; ++i) controller(std::span<const double>(in), std::span<double>(out));
  for (int step = 0; step < options.steps; ++step) {
    in = OracleSense(map, options, s);
    controller(std::span<const double>(in), std::span<double>(out));
    OracleStep(map, options, s, out[0], out[1]);
    path.insert(path.end(), {s.x, s.y});
    if (at_goal()) return finish(true, step + 1);
  }
  return finish(false, options.steps);
}

double Uniform(std::mt19937_64& rng, double lo, double hi) { return std::uniform_real_distribution<double>(lo, hi)(rng); }
int Below(std::mt19937_64& rng, int n) { return std::uniform_int_distribution<int>(0, n - 1)(rng); }

// A heading: any, a multiple of 45 degrees (axis-aligned rays), just beside one, or outside [0, 360).
double RandomHeading(std::mt19937_64& rng) {
  switch (Below(rng, 6)) {
    case 0: return 45.0 * Below(rng, 8);
    case 1: return 45.0 * Below(rng, 8) + Uniform(rng, -1e-9, 1e-9);
    case 2: return Uniform(rng, -720, 720);
    case 3: return std::nextafter(360.0, 0.0);
    default: return Uniform(rng, 0, 360);
  }
}

// A pose anywhere in [lo, hi]^2, or on or near a wall, its line or an endpoint, maybe facing along it.
MazeState RandomPose(std::mt19937_64& rng, const MazeMap& map, double lo, double hi) {
  MazeState s{Uniform(rng, lo, hi), Uniform(rng, lo, hi), RandomHeading(rng), Uniform(rng, -3, 3), Uniform(rng, -3, 3)};
  if (!map.walls.empty() && Below(rng, 3) == 0) {
    const Segment& w = map.walls[static_cast<std::size_t>(Below(rng, static_cast<int>(map.walls.size())))];
    const double f = Below(rng, 3) == 0 ? Below(rng, 2) : Uniform(rng, -1, 2);
    const double off = Below(rng, 2) == 0 ? 0.0 : Uniform(rng, -10, 10);
    s.x = w.x1 + f * (w.x2 - w.x1) + (Below(rng, 2) == 0 ? 0.0 : Uniform(rng, -1e-9, 1e-9));
    s.y = w.y1 + f * (w.y2 - w.y1) + off;
    if (Below(rng, 2) == 0) {
      s.heading_deg = std::atan2(w.y2 - w.y1, w.x2 - w.x1) * (180 / std::numbers::pi) + 90.0 * Below(rng, 4);
      if (s.heading_deg < 0) s.heading_deg += 360;
    }
  }
  return s;
}

// sense() and step() at `poses` random poses equal the oracle's, bit for bit.
void ExpectMatchesOracle(const MazeMap& map, const MazeOptions& options, std::mt19937_64& rng, int poses, double lo,
                         double hi) {
  const MazeSimulator sim(map, options);
  int mismatches = 0;
  for (int i = 0; i < poses && mismatches < 5; ++i) {
    const MazeState s = RandomPose(rng, map, lo, hi);
    const auto fast = Sense(sim, s);
    const auto plain = OracleSense(map, options, s);
    for (std::size_t k = 0; k < maze_inputs; ++k) {
      if (Bits(fast[k]) != Bits(plain[k])) {
        ADD_FAILURE() << "sense[" << k << "] at (" << s.x << ", " << s.y << ") heading " << s.heading_deg << ": "
                      << fast[k] << " vs " << plain[k];
        ++mismatches;
      }
    }
    const double o1 = Uniform(rng, 0, 1), o2 = Uniform(rng, 0, 1);
    MazeState a = s, b = s;
    sim.step(a, o1, o2);
    OracleStep(map, options, b, o1, o2);
    for (const auto& [x, y] : {std::pair{a.x, b.x}, {a.y, b.y}, {a.heading_deg, b.heading_deg}, {a.speed, b.speed},
                               {a.angular_velocity, b.angular_velocity}}) {
      if (Bits(x) != Bits(y)) {
        ADD_FAILURE() << "step from (" << s.x << ", " << s.y << ") heading " << s.heading_deg << ": " << x << " vs "
                      << y;
        ++mismatches;
      }
    }
  }
}

TEST(MazeFast, SenseAndStepMatchOracleOnShippedMaps) {
  std::mt19937_64 rng(1);
  for (const char* name : {"medium.txt", "hard.txt"}) {
    SCOPED_TRACE(name);
    ExpectMatchesOracle(MazeMap::load(MazeDir() / name), {}, rng, 20000, -40, 340);
  }
}

TEST(MazeFast, SenseAndStepMatchOracleOnRandomMaps) {
  // Boxes with axis-aligned, diagonal, collinear, very short, zero-length (only possible in a map not
  // made by parse) and arbitrary walls; various ranges and radii (0 included).
  std::mt19937_64 rng(2);
  for (int m = 0; m < 40; ++m) {
    const double size = m % 4 == 0 ? Uniform(rng, 1, 20) : Uniform(rng, 100, 400);
    MazeMap map = Box(0, Uniform(rng, 0, size), Uniform(rng, 0, size));
    for (Segment& w : map.walls) {
      w = {w.x1 * size / 200, w.y1 * size / 200, w.x2 * size / 200, w.y2 * size / 200};
    }
    const int walls = Below(rng, 30);
    for (int i = 0; i < walls; ++i) {
      const double x = std::round(Uniform(rng, 0, size)), y = std::round(Uniform(rng, 0, size));
      const double d = std::round(Uniform(rng, -size / 2, size / 2));
      switch (Below(rng, 7)) {
        case 0: map.walls.push_back({x, y, x, y + d + 1}); break;
        case 1: map.walls.push_back({x, y, x + d + 1, y}); break;
        case 2: map.walls.push_back({x, y, x + d + 1, y + d + 1}); break;
        case 3: map.walls.push_back({x, y, x + Uniform(rng, -1e-6, 1e-6), y + 1e-6}); break;
        case 4: map.walls.push_back({x, y, x, y}); break;
        case 5: {
          const Segment last = map.walls.back();  // continues the last wall along its line
          map.walls.push_back({last.x2, last.y2, 2 * last.x2 - last.x1, 2 * last.y2 - last.y1});
          break;
        }
        default: map.walls.push_back({Uniform(rng, 0, size), Uniform(rng, 0, size), Uniform(rng, 0, size),
                                      Uniform(rng, 0, size)});
      }
    }
    MazeOptions options;
    if (m % 3 == 1) options = {.radius = m % 2 == 0 ? 0.0 : Uniform(rng, 0, 20), .range = Uniform(rng, 1, 300)};
    SCOPED_TRACE("map " + std::to_string(m));
    ExpectMatchesOracle(map, options, rng, 1500, -0.2 * size, 1.2 * size);
  }
}

TEST(MazeFast, MatchesOracleWithoutGridAndForOddStates) {
  std::mt19937_64 rng(3);
  // Coordinates beyond 2^80, and too many walls for a grid: the plain loops throughout.
  MazeMap far = MazeMap::load(MazeDir() / "hard.txt");
  for (Segment& w : far.walls) w = {w.x1 + 0x1p81, w.y1, w.x2 + 0x1p81, w.y2};
  ExpectMatchesOracle(far, {}, rng, 500, 0x1p81 - 100, 0x1p81 + 300);
  MazeMap many = MazeMap::load(MazeDir() / "hard.txt");
  for (int i = 0; i < 600; ++i) {
    const double x = Uniform(rng, 0, 200), y = Uniform(rng, 0, 200);
    many.walls.push_back({x, y, x + Uniform(rng, -5, 5), y + Uniform(rng, -5, 5)});
  }
  ExpectMatchesOracle(many, {}, rng, 200, -10, 210);
  // Non-finite and extreme states on a map with a grid.
  const MazeMap hard = MazeMap::load(MazeDir() / "hard.txt");
  const MazeSimulator sim(hard);
  const double nan = std::numeric_limits<double>::quiet_NaN(), inf = std::numeric_limits<double>::infinity();
  for (const double x : {nan, inf, -inf, 1e300, 0x1p81, -0.0, 100.0}) {
    for (const double heading : {0.0, 45.0, nan, inf, -0.0, 1e300, 359.99999999999994}) {
      const MazeState s{x, 100.0, heading, 1.0, 1.0};
      const auto fast = Sense(sim, s);
      const auto plain = OracleSense(hard, {}, s);
      for (std::size_t k = 0; k < maze_inputs; ++k) EXPECT_EQ(Bits(fast[k]), Bits(plain[k])) << x << " " << heading;
      MazeState a = s, b = s;
      sim.step(a, 0.7, 0.9);
      OracleStep(hard, {}, b, 0.7, 0.9);
      EXPECT_EQ(Bits(a.x), Bits(b.x)) << x << " " << heading;
      EXPECT_EQ(Bits(a.heading_deg), Bits(b.heading_deg)) << x << " " << heading;
    }
  }
}

// A small recurrent controller with random weights, in one of several styles; logs its inputs.
struct RandomController {
  std::array<std::array<double, maze_inputs + 1>, maze_outputs> weights{};
  std::array<double, maze_outputs> memory{};
  int style = 0;  // 0, 1: smooth; 2: saturated outputs; 3: never turns; 4: stands still
  std::vector<double>* inputs = nullptr;

  void operator()(std::span<const double> in, std::span<double> out) {
    inputs->insert(inputs->end(), in.begin(), in.end());
    for (std::size_t o = 0; o < maze_outputs; ++o) {
      double sum = weights[o][maze_inputs] * memory[o];
      for (std::size_t k = 0; k < maze_inputs; ++k) sum += weights[o][k] * in[k];
      memory[o] = sum;
      double v = 1 / (1 + std::exp(-sum));
      if (style == 2) v = v > 0.5 ? 1.0 : 0.0;
      if ((style == 3 && o == 0) || style == 4) v = 0.5;
      out[o] = v;
    }
  }
};

TEST(MazeFast, RunsMatchOracle) {
  std::mt19937_64 rng(4);
  for (const char* name : {"medium.txt", "hard.txt"}) {
    SCOPED_TRACE(name);
    const MazeMap map = MazeMap::load(MazeDir() / name);
    const MazeSimulator sim(map);
    for (int r = 0; r < 60; ++r) {
      RandomController controller;
      for (auto& row : controller.weights) {
        for (double& w : row) w = Uniform(rng, -3, 3);
      }
      controller.style = r % 5;
      std::vector<double> fast_inputs, plain_inputs, fast_path, plain_path;
      RandomController a = controller, b = controller;
      a.inputs = &fast_inputs;
      b.inputs = &plain_inputs;
      const MazeOutcome fast = sim.run(a, &fast_path);
      const MazeOutcome plain = OracleRun(map, {}, b, plain_path);
      EXPECT_EQ(Bits(fast.final_x), Bits(plain.final_x));
      EXPECT_EQ(Bits(fast.final_y), Bits(plain.final_y));
      EXPECT_EQ(Bits(fast.distance_to_goal), Bits(plain.distance_to_goal));
      EXPECT_EQ(Bits(fast.fitness), Bits(plain.fitness));
      EXPECT_EQ(fast.solved, plain.solved);
      EXPECT_EQ(fast.steps_taken, plain.steps_taken);
      ASSERT_EQ(fast_path.size(), plain_path.size());
      ASSERT_EQ(fast_inputs.size(), plain_inputs.size());
      int mismatches = 0;
      for (std::size_t i = 0; i < fast_path.size(); ++i) mismatches += Bits(fast_path[i]) != Bits(plain_path[i]);
      for (std::size_t i = 0; i < fast_inputs.size(); ++i) mismatches += Bits(fast_inputs[i]) != Bits(plain_inputs[i]);
      EXPECT_EQ(mismatches, 0) << "controller " << r;
    }
  }
}

// run_many (robots side by side, two or four per vector) against the plain definition, robot by robot,
// bit for bit, on every kernel: on the shipped maps, a map of walls parallel to the rays' likely directions, a map
// without a grid (too many walls), with a start heading outside [0, 360) and turns beyond a full one.
TEST(MazeFast, RunManyMatchesOracleOnEveryKernel) {
  std::mt19937_64 rng(6);
  struct Case {
    MazeMap map;
    MazeOptions options;
  };
  std::vector<Case> cases;
  for (const char* name : {"medium.txt", "hard.txt"}) cases.push_back({MazeMap::load(MazeDir() / name), {}});
  // Walls along the start heading, one on the line of the start's forward ray, and two across.
  // (Few enough walls that the forward ray's list holds at most two: the parallel case in the lanes.)
  MazeMap parallel = Box(0, 20, 20, {{60, 50, 190, 50}, {0, 20, 200, 20}, {0, 80, 200, 80}, {150, 0, 150, 45},
                                     {175, 55, 175, 200}});
  cases.push_back({parallel, {}});
  MazeMap many = MazeMap::load(MazeDir() / "hard.txt");
  for (int i = 0; i < 600; ++i) {
    const double x = Uniform(rng, 0, 200), y = Uniform(rng, 0, 200);
    many.walls.push_back({x, y, x + Uniform(rng, -5, 5), y + Uniform(rng, -5, 5)});
  }
  cases.push_back({many, {.steps = 60}});
  MazeMap turned = MazeMap::load(MazeDir() / "medium.txt");
  turned.start_heading_deg = -400;
  cases.push_back({turned, {.max_turn = 500}});
  const pond::detail::SimdKernel before = pond::detail::simd_kernel();
  for (std::size_t m = 0; m < cases.size(); ++m) {
    const MazeSimulator sim(cases[m].map, cases[m].options);
    std::vector<RandomController> controllers(11);
    for (std::size_t r = 0; r < controllers.size(); ++r) {
      for (auto& row : controllers[r].weights) {
        for (double& w : row) w = Uniform(rng, -3, 3);
      }
      controllers[r].style = static_cast<int>(r % 5);
    }
    // One robot at a time by the plain definition, each logging its inputs.
    std::vector<std::vector<double>> alone_inputs(controllers.size());
    std::vector<MazeOutcome> alone;
    for (std::size_t r = 0; r < controllers.size(); ++r) {
      RandomController c = controllers[r];
      c.inputs = &alone_inputs[r];
      std::vector<double> path;
      alone.push_back(OracleRun(cases[m].map, cases[m].options, c, path));
    }
    for (const auto kernel : {pond::detail::SimdKernel::portable, pond::detail::SimdKernel::sse2,
                              pond::detail::SimdKernel::avx2}) {
      pond::detail::set_simd_kernel(kernel);
      SCOPED_TRACE("map " + std::to_string(m) + ", kernel " + std::to_string(static_cast<int>(kernel)));
      for (const std::size_t robots : {std::size_t{1}, std::size_t{3}, std::size_t{11}}) {
        std::vector<std::vector<double>> inputs(robots);
        std::vector<RandomController> side(controllers.begin(), controllers.begin() + static_cast<std::ptrdiff_t>(robots));
        for (std::size_t r = 0; r < robots; ++r) side[r].inputs = &inputs[r];
        std::vector<MazeOutcome> outcomes(robots);
        sim.run_many(std::span(side), std::span(outcomes));
        for (std::size_t r = 0; r < robots; ++r) {
          EXPECT_EQ(Bits(outcomes[r].final_x), Bits(alone[r].final_x)) << "robot " << r << " of " << robots;
          EXPECT_EQ(Bits(outcomes[r].final_y), Bits(alone[r].final_y)) << "robot " << r << " of " << robots;
          EXPECT_EQ(Bits(outcomes[r].fitness), Bits(alone[r].fitness)) << "robot " << r << " of " << robots;
          EXPECT_EQ(outcomes[r].solved, alone[r].solved);
          EXPECT_EQ(outcomes[r].steps_taken, alone[r].steps_taken);
          ASSERT_EQ(inputs[r].size(), alone_inputs[r].size()) << "robot " << r << " of " << robots;
          int mismatches = 0;
          for (std::size_t i = 0; i < inputs[r].size(); ++i) mismatches += Bits(inputs[r][i]) != Bits(alone_inputs[r][i]);
          EXPECT_EQ(mismatches, 0) << "robot " << r << " of " << robots;
        }
      }
    }
  }
  pond::detail::set_simd_kernel(before);
  std::vector<RandomController> three(3);
  std::vector<MazeOutcome> two(2);
  const MazeSimulator sim(cases[0].map);
  EXPECT_THROW(sim.run_many(std::span(three), std::span(two)), std::invalid_argument);
}

TEST(MazeFast, AtGoalMatchesDefinition) {
  // at_goal skips hypot when a coordinate difference alone exceeds the radius.
  const MazeSimulator sim(Box(0, 100, 100), {.goal_radius = 5});
  std::mt19937_64 rng(5);
  for (int i = 0; i < 100000; ++i) {
    const double x = 100 + Uniform(rng, -8, 8), y = 100 + Uniform(rng, -8, 8);
    EXPECT_EQ(sim.at_goal(x, y), std::hypot(x - 100, y - 100) <= 5) << x << " " << y;
  }
  EXPECT_TRUE(sim.at_goal(105, 100));
  EXPECT_TRUE(sim.at_goal(100, 95));
  EXPECT_FALSE(sim.at_goal(std::nextafter(105.0, 200.0), 100));
  EXPECT_FALSE(sim.at_goal(std::numeric_limits<double>::quiet_NaN(), 100));
  EXPECT_FALSE(sim.at_goal(std::numeric_limits<double>::infinity(), 100));
}

// ---------------------------------------------------------------------------------------------------
// Map format

TEST(MazeMap, ShippedMedium) {
  const MazeMap map = MazeMap::load(MazeDir() / "medium.txt");
  EXPECT_EQ(map.walls.size(), 11u);
  EXPECT_EQ(map.start_x, 30.0);
  EXPECT_EQ(map.start_y, 22.0);
  EXPECT_EQ(map.start_heading_deg, 0.0);
  EXPECT_EQ(map.goal_x, 270.0);
  EXPECT_EQ(map.goal_y, 100.0);
  EXPECT_EQ(map.walls[0].x1, 293.0);
  EXPECT_EQ(map.walls[0].y1, 7.0);
  EXPECT_EQ(map.walls[0].x2, 289.0);
  EXPECT_EQ(map.walls[0].y2, 130.0);
  EXPECT_EQ(map.walls[10].x1, 271.0);
  EXPECT_EQ(map.walls[10].y2, 88.0);
}

TEST(MazeMap, ShippedHard) {
  const MazeMap map = MazeMap::load(MazeDir() / "hard.txt");
  EXPECT_EQ(map.walls.size(), 13u);
  EXPECT_EQ(map.start_x, 36.0);
  EXPECT_EQ(map.start_y, 184.0);
  EXPECT_EQ(map.start_heading_deg, 0.0);
  EXPECT_EQ(map.goal_x, 31.0);
  EXPECT_EQ(map.goal_y, 20.0);
  EXPECT_EQ(map.walls[12].x1, 56.0);
  EXPECT_EQ(map.walls[12].y2, 30.0);
}

void ExpectSameMap(const MazeMap& a, const MazeMap& b) {
  EXPECT_EQ(a.start_x, b.start_x);
  EXPECT_EQ(a.start_y, b.start_y);
  EXPECT_EQ(a.start_heading_deg, b.start_heading_deg);
  EXPECT_EQ(a.goal_x, b.goal_x);
  EXPECT_EQ(a.goal_y, b.goal_y);
  ASSERT_EQ(a.walls.size(), b.walls.size());
  for (std::size_t i = 0; i < a.walls.size(); ++i) {
    EXPECT_EQ(a.walls[i].x1, b.walls[i].x1);
    EXPECT_EQ(a.walls[i].y1, b.walls[i].y1);
    EXPECT_EQ(a.walls[i].x2, b.walls[i].x2);
    EXPECT_EQ(a.walls[i].y2, b.walls[i].y2);
  }
}

TEST(MazeMap, ToTextRoundTrips) {
  for (const char* name : {"medium.txt", "hard.txt"}) {
    const MazeMap map = MazeMap::load(MazeDir() / name);
    const std::string text = map.to_text();
    ExpectSameMap(MazeMap::parse(text, "round trip"), map);
    EXPECT_EQ(MazeMap::parse(text, "again").to_text(), text);
  }
  // Values that need all 17 digits, and negatives, survive exactly.
  MazeMap odd = Box(-12.345678901234567, 0.1 + 0.2, -1e-300, {{1.0 / 3, 2.0 / 3, -7, 1e20}});
  ExpectSameMap(MazeMap::parse(odd.to_text(), "odd"), odd);
}

TEST(MazeMap, ParsesFlexibleWhitespace) {
  const MazeMap map = MazeMap::parse("1\r\n 30\t22 \n+90\n\n270 100\n0 0 1.5e1 -2 \n", "x");
  EXPECT_EQ(map.walls.size(), 1u);
  EXPECT_EQ(map.start_heading_deg, 90.0);
  EXPECT_EQ(map.walls[0].x2, 15.0);
  EXPECT_EQ(map.walls[0].y2, -2.0);
  EXPECT_EQ(MazeMap::parse("0 1 2 3 4 5", "x").walls.size(), 0u);
}

TEST(MazeMap, ParseErrorsNameSourceAndLine) {
  const std::string head = "2\n30 22\n0\n270 100\n";
  // Truncated: the second wall is missing its last number (line 6).
  ExpectError([&] { MazeMap::parse(head + "0 0 10 0\n0 5 10\n", "t.txt"); },
              {"t.txt:6:", "wall 2 of 2 y2", "end of file"});
  // Truncated in the header.
  ExpectError([] { MazeMap::parse("2\n30 22\n", "h.txt"); }, {"h.txt:2:", "start heading", "end of file"});
  ExpectError([] { MazeMap::parse("", "empty.txt"); }, {"empty.txt:1:", "wall count"});
  // A letter in a number.
  ExpectError([&] { MazeMap::parse(head + "0 0 10 0\n0 5 1O 5\n", "l.txt"); }, {"l.txt:6:", "'1O'"});
  ExpectError([] { MazeMap::parse("1\n30 2x2\n", "l2.txt"); }, {"l2.txt:2:", "start y", "'2x2'"});
  ExpectError([] { MazeMap::parse("1\n30 +-2\n", "l3.txt"); }, {"l3.txt:2:", "'+-2'"});
  // More walls announced than present.
  ExpectError([&] { MazeMap::parse("3\n30 22\n0\n270 100\n0 0 10 0\n0 5 10 5\n", "n.txt"); },
              {"n.txt:6:", "wall 3 of 3", "end of file"});
  // Fewer announced than present: the extra numbers.
  ExpectError([&] { MazeMap::parse("1\n30 22\n0\n270 100\n0 0 10 0\n0 5 10 5\n", "x.txt"); },
              {"x.txt:6:", "'0'", "wall count"});
  // Zero-length wall.
  ExpectError([&] { MazeMap::parse(head + "0 0 10 0\n5 5 5 5\n", "z.txt"); },
              {"z.txt:6:", "wall 2 of 2", "zero length"});
  // Bad wall counts.
  ExpectError([] { MazeMap::parse("-1\n30 22\n0\n270 100\n", "c.txt"); }, {"c.txt:1:", "negative"});
  ExpectError([] { MazeMap::parse("100001\n30 22\n0\n270 100\n", "c.txt"); }, {"c.txt:1:", "100000"});
  ExpectError([] { MazeMap::parse("1.5\n30 22\n0\n270 100\n", "c.txt"); }, {"c.txt:1:", "whole number"});
  // Non-finite values.
  ExpectError([&] { MazeMap::parse(head + "0 0 10 0\n0 nan 10 5\n", "f.txt"); }, {"f.txt:6:", "finite"});
  ExpectError([] { MazeMap::parse("0\n30 22\ninf\n270 100\n", "f.txt"); }, {"f.txt:3:", "finite"});
  ExpectError([] { MazeMap::parse("0\n30 22\n0\n1e999 100\n", "f.txt"); }, {"f.txt:4:", "range"});
  // The messages are pond::Error, so one handler catches them all.
  EXPECT_THROW(MazeMap::parse("x", "s"), Error);
}

TEST(MazeMap, LoadNamesUnreadableFile) {
  ExpectError([] { MazeMap::load("/nonexistent/dir/maze.txt"); }, {"/nonexistent/dir/maze.txt", "cannot"});
}

}  // namespace
}  // namespace pond::tasks
