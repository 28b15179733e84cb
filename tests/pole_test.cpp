// Tests of the double pole balancing simulator: physics against hand-checkable cases, the bookkeeping
// of runs (step counts, failure limits), the input scaling, the damping fitness and the generalization
// test (include/pond/tasks/pole.hpp).

#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <cstddef>
#include <functional>
#include <limits>
#include <numbers>
#include <set>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

#include "pond/tasks/pole.hpp"

namespace pond::tasks {
namespace {

// A controller that never writes its output: the output stays at its preset 0.5 (no force).
void NullController(std::span<const double> /*inputs*/, std::span<double> /*outputs*/) {}

// A linear state-feedback controller for the Markov task: F = -K s (newtons) on the unscaled state,
// output = 0.5 + F / 20. K is a discrete-time LQR gain for the default physics linearised at rest
// (Q = diag(1, 1, 10, 1, 10, 1), R = 0.01), rounded; computed once offline.
constexpr std::array<double, 6> kGain = {2.63, 5.58, 99.5, 26.2, -65.2, -5.93};
constexpr std::array<double, 6> kInputScale = {4.8, 2, 0.52, 2, 0.52, 2};

void LinearController(std::span<const double> in, std::span<double> out) {
  double force = 0;
  for (std::size_t j = 0; j < 6; ++j) force -= kGain[j] * in[j] * kInputScale[j];
  out[0] = 0.5 + force / 20;
}

// The same law without velocity inputs: velocities estimated by finite differences over one control
// step (0.02 s), 0 on the first activation.
struct EstimatingController {
  std::array<double, 3> previous{};
  bool first = true;
  void operator()(std::span<const double> in, std::span<double> out) {
    const std::array<double, 3> p = {in[0] * 4.8, in[1] * 0.52, in[2] * 0.52};
    std::array<double, 3> v{};
    if (!first) {
      for (std::size_t i = 0; i < 3; ++i) v[i] = (p[i] - previous[i]) / 0.02;
    }
    first = false;
    previous = p;
    const std::array<double, 6> s = {p[0], v[0], p[1], v[1], p[2], v[2]};
    double force = 0;
    for (std::size_t j = 0; j < 6; ++j) force -= kGain[j] * s[j];
    out[0] = 0.5 + force / 20;
  }
};

void ExpectStateEq(const PoleState& a, const PoleState& b) {
  EXPECT_EQ(a.x, b.x);
  EXPECT_EQ(a.x_dot, b.x_dot);
  EXPECT_EQ(a.theta1, b.theta1);
  EXPECT_EQ(a.theta1_dot, b.theta1_dot);
  EXPECT_EQ(a.theta2, b.theta2);
  EXPECT_EQ(a.theta2_dot, b.theta2_dot);
}

PoleState Negated(const PoleState& s) {
  return {-s.x, -s.x_dot, -s.theta1, -s.theta1_dot, -s.theta2, -s.theta2_dot};
}

double Jiggle(const PoleState& s) {
  return std::abs(s.x) + std::abs(s.x_dot) + std::abs(s.theta1) + std::abs(s.theta1_dot);
}

// States after each zero-force step from `start` while within bounds, at most `steps` of them.
std::vector<PoleState> ZeroForceTrajectory(const PoleSimulator& sim, PoleState start, int steps) {
  std::vector<PoleState> states;
  PoleState s = start;
  for (int i = 0; i < steps; ++i) {
    s = sim.step(s, 0.0);
    if (!sim.within_bounds(s)) break;
    states.push_back(s);
  }
  return states;
}

TEST(PoleOptions, DefaultsArePublished) {
  const PoleOptions o;
  EXPECT_EQ(o.cart_mass, 1.0);
  EXPECT_EQ(o.pole1_half_length, 0.5);
  EXPECT_EQ(o.pole1_mass, 0.1);
  EXPECT_EQ(o.pole2_half_length, 0.05);
  EXPECT_EQ(o.pole2_mass, 0.01);
  EXPECT_EQ(o.gravity, -9.8);
  EXPECT_EQ(o.force_magnitude, 10.0);
  EXPECT_EQ(o.time_step, 0.01);
  EXPECT_EQ(o.substeps, 2);
  EXPECT_EQ(o.cart_friction, 0.0005);
  EXPECT_EQ(o.pole_friction, 0.000002);
  EXPECT_EQ(o.track_limit, 2.4);
  EXPECT_NEAR(o.failure_angle, 36 * std::numbers::pi / 180, 1e-15);
  EXPECT_EQ(o.initial_theta1, 0.07);
  EXPECT_TRUE(o.with_velocities);
  EXPECT_EQ(o.max_steps, 100000);
  EXPECT_EQ(o.damping_steps, 1000);
  EXPECT_EQ(o.damping_window, 100);
  EXPECT_EQ(o.bias_input, 1.0);
}

TEST(PoleOptions, InvalidOptionsNameTheField) {
  struct Case {
    const char* field;
    std::function<void(PoleOptions&)> set;
  };
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const double inf = std::numeric_limits<double>::infinity();
  const std::vector<Case> cases = {
      {"cart_mass", [](PoleOptions& o) { o.cart_mass = 0; }},
      {"cart_mass", [&](PoleOptions& o) { o.cart_mass = nan; }},
      {"pole1_half_length", [](PoleOptions& o) { o.pole1_half_length = -0.5; }},
      {"pole1_mass", [](PoleOptions& o) { o.pole1_mass = 0; }},
      {"pole2_half_length", [&](PoleOptions& o) { o.pole2_half_length = inf; }},
      {"pole2_mass", [](PoleOptions& o) { o.pole2_mass = -0.01; }},
      {"gravity", [&](PoleOptions& o) { o.gravity = nan; }},
      {"force_magnitude", [](PoleOptions& o) { o.force_magnitude = -1; }},
      {"time_step", [](PoleOptions& o) { o.time_step = 0; }},
      {"substeps", [](PoleOptions& o) { o.substeps = 0; }},
      {"cart_friction", [](PoleOptions& o) { o.cart_friction = -0.0005; }},
      {"pole_friction", [&](PoleOptions& o) { o.pole_friction = inf; }},
      {"track_limit", [](PoleOptions& o) { o.track_limit = 0; }},
      {"failure_angle", [](PoleOptions& o) { o.failure_angle = -0.1; }},
      {"initial_theta1", [](PoleOptions& o) { o.initial_theta1 = 0.7; }},
      {"initial_theta1", [&](PoleOptions& o) { o.initial_theta1 = nan; }},
      {"max_steps", [](PoleOptions& o) { o.max_steps = 0; }},
      {"damping_steps", [](PoleOptions& o) { o.damping_steps = 0; }},
      {"damping_window", [](PoleOptions& o) { o.damping_window = 0; }},
      {"damping_window", [](PoleOptions& o) { o.damping_window = 1001; }},
      {"bias_input", [&](PoleOptions& o) { o.bias_input = inf; }},
  };
  for (const Case& c : cases) {
    PoleOptions o;
    c.set(o);
    try {
      PoleSimulator sim(o);
      ADD_FAILURE() << "no exception for " << c.field;
    } catch (const std::invalid_argument& e) {
      EXPECT_NE(std::string(e.what()).find(c.field), std::string::npos) << e.what();
    }
  }
  // Boundary values are accepted.
  PoleOptions edge;
  edge.damping_window = edge.damping_steps;
  edge.initial_theta1 = -edge.failure_angle;
  edge.force_magnitude = 0;
  edge.cart_friction = 0;
  edge.pole_friction = 0;
  EXPECT_NO_THROW(PoleSimulator{edge});
}

TEST(PolePhysics, RestStaysExactlyAtRest) {
  const PoleSimulator sim;
  const PoleState rest;
  PoleState s = rest;
  for (int i = 0; i < 1000; ++i) s = sim.step(s, 0.0);
  ExpectStateEq(s, rest);
  ExpectStateEq(sim.derivative(rest, 0.0), rest);
}

TEST(PolePhysics, DerivativeAtRestUnderForceByHand) {
  const PoleSimulator sim;
  const PoleState d = sim.derivative(PoleState{}, 10.0);
  // At theta = 0: effective pole masses m_i (1 - 3/4) = m_i / 4, no pole forces.
  const double x_acc = 10.0 / (1.0 + 0.1 / 4 + 0.01 / 4);
  EXPECT_DOUBLE_EQ(d.x_dot, x_acc);
  EXPECT_DOUBLE_EQ(d.theta1_dot, -0.75 * x_acc / 0.5);
  EXPECT_DOUBLE_EQ(d.theta2_dot, -0.75 * x_acc / 0.05);
  EXPECT_EQ(d.x, 0.0);
  EXPECT_EQ(d.theta1, 0.0);
  EXPECT_EQ(d.theta2, 0.0);
}

TEST(PolePhysics, DerivativeOfTiltedPoleByHand) {
  const PoleSimulator sim;
  PoleState s;
  s.theta1 = 0.1;
  const PoleState d = sim.derivative(s, 0.0);
  const double g_sin = -9.8 * std::sin(0.1);
  const double pole_force = 0.75 * 0.1 * std::cos(0.1) * g_sin;  // no spin, no hinge friction at rest
  const double pole_mass = 0.1 * (1 - 0.75 * std::cos(0.1) * std::cos(0.1));
  const double x_acc = pole_force / (1.0 + pole_mass + 0.01 / 4);
  EXPECT_DOUBLE_EQ(d.x_dot, x_acc);
  EXPECT_DOUBLE_EQ(d.theta1_dot, -0.75 * (x_acc * std::cos(0.1) + g_sin) / 0.5);
  EXPECT_DOUBLE_EQ(d.theta2_dot, -0.75 * x_acc / 0.05);
  EXPECT_LT(d.x_dot, 0.0);        // the cart is pushed back
  EXPECT_GT(d.theta1_dot, 0.0);   // the long pole falls further
  EXPECT_GT(d.theta2_dot, 0.0);   // the short pole tips the same way (the cart moves away under it)
}

TEST(PolePhysics, FrictionTerms) {
  PoleState moving;
  moving.x_dot = 1.0;
  const PoleSimulator sim;
  EXPECT_DOUBLE_EQ(sim.derivative(moving, 0.0).x_dot, -0.0005 / 1.0275);
  moving.x_dot = -3.0;
  EXPECT_DOUBLE_EQ(sim.derivative(moving, 0.0).x_dot, 0.0005 / 1.0275);
  PoleOptions frictionless;
  frictionless.cart_friction = 0;
  EXPECT_EQ(PoleSimulator(frictionless).derivative(moving, 0.0).x_dot, 0.0);

  // Hinge friction opposes the spin: with gravity off, a spinning upright pole decelerates.
  PoleOptions no_gravity;
  no_gravity.gravity = 0;
  PoleState spinning;
  spinning.theta1_dot = 1.0;
  const PoleState d = PoleSimulator(no_gravity).derivative(spinning, 0.0);
  EXPECT_LT(d.theta1_dot, 0.0);
  no_gravity.pole_friction = 0;
  EXPECT_EQ(PoleSimulator(no_gravity).derivative(spinning, 0.0).theta1_dot, 0.0);
}

TEST(PolePhysics, TiltedPoleFallsUnderZeroForce) {
  const PoleSimulator sim;
  PoleState s = sim.initial_state();
  EXPECT_EQ(s.theta1, 0.07);
  double previous = s.theta1;
  for (int i = 0; i < 15; ++i) {
    s = sim.step(s, 0.0);
    EXPECT_GT(s.theta1, previous) << "step " << i + 1;
    previous = s.theta1;
  }
  EXPECT_GT(s.theta1_dot, 0.0);
  EXPECT_LT(s.x_dot, 0.0);
}

TEST(PolePhysics, MirroredStateGivesMirroredTrajectory) {
  const PoleSimulator sim;
  PoleState a;
  a.x = 0.3;
  a.x_dot = -0.2;
  a.theta1 = 0.05;
  a.theta1_dot = 0.1;
  a.theta2 = -0.02;
  a.theta2_dot = 0.3;
  PoleState b = Negated(a);
  for (int i = 0; i < 20; ++i) {
    a = sim.step(a, 3.0);
    b = sim.step(b, -3.0);
  }
  ExpectStateEq(b, Negated(a));
}

TEST(PolePhysics, PositiveForceAcceleratesCartForward) {
  const PoleSimulator sim;
  const PoleState s = sim.step(PoleState{}, 10.0);
  EXPECT_GT(s.x, 0.0);
  EXPECT_GT(s.x_dot, 0.0);
  EXPECT_LT(s.theta1, 0.0);  // the poles lean back
  EXPECT_LT(s.theta2, 0.0);
  // Over one 0.02 s control step the acceleration barely changes: x_dot ~ a t, x ~ a t^2 / 2.
  const double a = 10.0 / 1.0275;
  EXPECT_NEAR(s.x_dot, a * 0.02, 0.01 * a * 0.02);
  EXPECT_NEAR(s.x, a * 0.02 * 0.02 / 2, 0.01 * a * 0.02 * 0.02 / 2);
  const PoleState back = sim.step(PoleState{}, -10.0);
  EXPECT_LT(back.x, 0.0);
  EXPECT_LT(back.x_dot, 0.0);
}

TEST(PolePhysics, ControlStepIsSubstepsOfTimeStep) {
  // 2 x 0.01 s, 4 x 0.005 s and 8 x 0.0025 s all advance 0.02 s per control step: they agree closely,
  // and the difference shrinks about 16-fold per halving (fourth order). 1 x 0.01 s is half the time.
  const auto simulate = [](double time_step, int substeps) {
    PoleOptions o;
    o.time_step = time_step;
    o.substeps = substeps;
    o.cart_friction = 0;  // its sgn(xdot) is discontinuous at rest, which spoils the order
    const PoleSimulator sim(o);
    PoleState s = sim.initial_state();
    for (int i = 0; i < 10; ++i) s = sim.step(s, 2.0);
    return s;
  };
  const PoleState a = simulate(0.01, 2);
  const PoleState b = simulate(0.005, 4);
  const PoleState c = simulate(0.0025, 8);
  EXPECT_NEAR(a.theta1, b.theta1, 1e-6);
  EXPECT_NEAR(a.theta2, b.theta2, 1e-5);
  EXPECT_NEAR(a.x, b.x, 1e-6);
  const double ratio = std::abs(a.theta1 - b.theta1) / std::abs(b.theta1 - c.theta1);
  EXPECT_GT(ratio, 10.0);
  EXPECT_LT(ratio, 24.0);
  const PoleState half = simulate(0.01, 1);
  EXPECT_GT(std::abs(a.x - half.x), 1e-3);
}

TEST(PoleForce, OutputMapping) {
  const PoleSimulator sim;
  EXPECT_EQ(sim.force(0.0), -10.0);
  EXPECT_EQ(sim.force(0.5), 0.0);
  EXPECT_EQ(sim.force(1.0), 10.0);
  EXPECT_EQ(sim.force(0.75), 5.0);
  EXPECT_EQ(sim.force(0.25), -5.0);
  EXPECT_EQ(sim.force(3.0), 10.0);
  EXPECT_EQ(sim.force(-1.0), -10.0);
  EXPECT_TRUE(std::isnan(sim.force(std::numeric_limits<double>::quiet_NaN())));
  PoleOptions o;
  o.force_magnitude = 4;
  EXPECT_EQ(PoleSimulator(o).force(1.0), 4.0);
}

TEST(PoleBounds, LimitsAreInclusiveAndNanFails) {
  const PoleSimulator sim;
  const double a = sim.options().failure_angle;
  EXPECT_TRUE(sim.within_bounds({2.4, 0, a, 0, -a, 0}));
  EXPECT_TRUE(sim.within_bounds({-2.4, 5, -a, 9, a, 9}));
  EXPECT_FALSE(sim.within_bounds({2.4000001, 0, 0, 0, 0, 0}));
  EXPECT_FALSE(sim.within_bounds({-2.4000001, 0, 0, 0, 0, 0}));
  EXPECT_FALSE(sim.within_bounds({0, 0, a + 1e-9, 0, 0, 0}));
  EXPECT_FALSE(sim.within_bounds({0, 0, 0, 0, -a - 1e-9, 0}));
  EXPECT_FALSE(sim.within_bounds({std::numeric_limits<double>::quiet_NaN(), 0, 0, 0, 0, 0}));
  EXPECT_FALSE(sim.within_bounds({0, 0, 0, 0, std::numeric_limits<double>::quiet_NaN(), 0}));
}

TEST(PoleInputs, ScalingWithVelocities) {
  const PoleSimulator sim;
  ASSERT_EQ(sim.input_count(), 7u);
  std::array<double, 8> in;
  in.fill(-7);
  sim.sense({2.4, 1.0, 0.26, -0.5, -0.13, 4.0}, in);
  const std::array<double, 8> expected = {0.5, 0.5, 0.5, -0.25, -0.25, 2.0, 1.0, -7};
  for (std::size_t i = 0; i < in.size(); ++i) EXPECT_DOUBLE_EQ(in[i], expected[i]) << i;
  std::array<double, 6> short_in{};
  EXPECT_THROW(sim.sense(PoleState{}, short_in), std::invalid_argument);
}

TEST(PoleInputs, ScalingWithoutVelocities) {
  PoleOptions o;
  o.with_velocities = false;
  o.bias_input = 0.5;
  const PoleSimulator sim(o);
  ASSERT_EQ(sim.input_count(), 4u);
  std::array<double, 4> in{};
  sim.sense({-1.2, 1.0, 0.26, -0.5, -0.13, 4.0}, in);
  EXPECT_DOUBLE_EQ(in[0], -0.25);
  EXPECT_DOUBLE_EQ(in[1], 0.5);
  EXPECT_DOUBLE_EQ(in[2], -0.25);
  EXPECT_EQ(in[3], 0.5);
  std::array<double, 3> short_in{};
  EXPECT_THROW(sim.sense(PoleState{}, short_in), std::invalid_argument);
}

TEST(PoleRun, ControllerSeesScaledInputsAndPresetOutput) {
  for (const bool velocities : {true, false}) {
    PoleOptions o;
    o.with_velocities = velocities;
    o.max_steps = 3;
    o.damping_steps = 3;
    o.damping_window = 3;
    const PoleSimulator sim(o);
    std::vector<std::vector<double>> seen;
    std::vector<double> outputs_seen;
    sim.run([&](std::span<const double> in, std::span<double> out) {
      seen.emplace_back(in.begin(), in.end());
      ASSERT_EQ(out.size(), 1u);
      outputs_seen.push_back(out[0]);
      out[0] = 0.6;
    });
    ASSERT_EQ(seen.size(), 3u);
    ASSERT_EQ(seen[0].size(), sim.input_count());
    std::vector<double> expected(sim.input_count());
    sim.sense(sim.initial_state(), expected);
    EXPECT_EQ(seen[0], expected);
    EXPECT_EQ(outputs_seen, (std::vector<double>{0.5, 0.6, 0.6}));
    // The second activation sees the state after one step with force 2 N.
    sim.sense(sim.step(sim.initial_state(), 2.0), expected);
    for (std::size_t i = 0; i < expected.size(); ++i) EXPECT_DOUBLE_EQ(seen[1][i], expected[i]);
  }
}

TEST(PoleRun, TrackLimitEndsRunAtTheRightStep) {
  // No friction, poles upright and still, cart coasting at 0.95 m/s: the poles stay exactly upright and
  // x = 0.019 m per control step, so step 126 ends at 2.394 m (in) and step 127 at 2.413 m (out).
  PoleOptions o;
  o.cart_friction = 0;
  const PoleSimulator sim(o);
  for (const double v : {0.95, -0.95}) {
    PoleState start;
    start.x_dot = v;
    int calls = 0;
    const int steps = sim.balance([&](std::span<const double>, std::span<double>) { ++calls; }, start, 1000);
    EXPECT_EQ(steps, 126);
    EXPECT_EQ(calls, 127);
    PoleState s = start;
    for (int i = 0; i < 126; ++i) s = sim.step(s, 0.0);
    EXPECT_EQ(s.theta1, 0.0);
    EXPECT_EQ(s.theta2, 0.0);
    EXPECT_NEAR(s.x, v * 0.02 * 126, 1e-12);
  }
}

TEST(PoleRun, AngleLimitEndsRunAtTheRightStep) {
  const PoleSimulator sim;
  // Independently: the first zero-force step that takes a pole past 36 degrees (the cart stays on track).
  PoleState s = sim.initial_state();
  int failing_step = 0;
  for (int i = 1; i <= 1000 && failing_step == 0; ++i) {
    const PoleState next = sim.step(s, 0.0);
    if (!sim.within_bounds(next)) {
      failing_step = i;
      EXPECT_LE(std::abs(next.x), 2.4);
      EXPECT_TRUE(std::abs(next.theta1) > sim.options().failure_angle ||
                  std::abs(next.theta2) > sim.options().failure_angle);
    }
    s = next;
  }
  // From 0.07 rad an unbalanced long pole needs a few tenths of a second to pass 36 degrees.
  ASSERT_GT(failing_step, 10);
  ASSERT_LT(failing_step, 50);
  const PoleOutcome out = sim.run(NullController);
  EXPECT_EQ(out.steps, failing_step - 1);
  EXPECT_FALSE(out.success);
  EXPECT_EQ(out.fitness, failing_step - 1);

  // The short pole at its limit and tipping further fails on the first step; a start out of bounds
  // fails without an activation.
  PoleState edge;
  edge.theta2 = sim.options().failure_angle;
  edge.theta2_dot = 1.0;
  int calls = 0;
  const auto counting = [&](std::span<const double>, std::span<double>) { ++calls; };
  EXPECT_EQ(sim.balance(counting, edge, 100), 0);
  EXPECT_EQ(calls, 1);
  PoleState outside;
  outside.theta1 = -0.7;
  EXPECT_EQ(sim.balance(counting, outside, 100), 0);
  EXPECT_EQ(calls, 1);
  EXPECT_EQ(sim.balance(counting, PoleState{}, 0), 0);
}

TEST(PoleRun, NanOutputFails) {
  const PoleSimulator sim;
  const int steps = sim.balance(
      [](std::span<const double>, std::span<double> out) {
        out[0] = std::numeric_limits<double>::quiet_NaN();
      },
      PoleState{}, 100);
  EXPECT_EQ(steps, 0);
}

TEST(PoleRun, LinearControllerBalancesWithVelocities) {
  PoleOptions short_run;
  short_run.max_steps = 50;
  const PoleOutcome brief = PoleSimulator(short_run).run(LinearController);
  EXPECT_EQ(brief.steps, 50);
  EXPECT_TRUE(brief.success);
  EXPECT_EQ(brief.fitness, 50.0);

  const PoleOutcome full = PoleSimulator().run(LinearController);
  EXPECT_EQ(full.steps, 100000);
  EXPECT_TRUE(full.success);
  EXPECT_EQ(full.fitness, 100000.0);
}

TEST(PoleDamping, ShortFailureGivesOnlyTheTimeTerm) {
  PoleOptions o;
  o.with_velocities = false;
  const PoleSimulator sim(o);
  const int t = static_cast<int>(ZeroForceTrajectory(sim, sim.initial_state(), 1000).size());
  ASSERT_LT(t, 100);
  const PoleOutcome out = sim.run(NullController);
  EXPECT_EQ(out.steps, t);
  EXPECT_FALSE(out.success);
  EXPECT_DOUBLE_EQ(out.fitness, 0.1 * t / 1000);
}

TEST(PoleDamping, FullHorizonByHand) {
  // Limits out of reach, so a force-free run lasts the whole (short) horizon of 150 steps; the damping
  // term sums |x| + |xdot| + |th1| + |th1dot| after steps 51 .. 150.
  PoleOptions o;
  o.with_velocities = false;
  o.damping_steps = 150;
  o.track_limit = 1e6;
  o.failure_angle = 1e6;
  const PoleSimulator sim(o);
  const std::vector<PoleState> states = ZeroForceTrajectory(sim, sim.initial_state(), 150);
  ASSERT_EQ(states.size(), 150u);
  double sum = 0;
  for (std::size_t i = 50; i < 150; ++i) sum += Jiggle(states[i]);
  ASSERT_GT(sum, 0.0);
  const PoleOutcome out = sim.run(NullController);
  EXPECT_EQ(out.steps, 150);
  EXPECT_TRUE(out.success);
  EXPECT_DOUBLE_EQ(out.fitness, 0.1 * 1.0 + 0.9 * 0.75 / sum);
}

TEST(PoleDamping, WindowIsTheLastBalancedSteps) {
  PoleOptions o;
  o.with_velocities = false;
  o.damping_window = 10;
  const PoleSimulator sim(o);
  const std::vector<PoleState> states = ZeroForceTrajectory(sim, sim.initial_state(), 1000);
  const int t = static_cast<int>(states.size());
  ASSERT_GE(t, 10);
  ASSERT_LT(t, 1000);
  double sum = 0;
  for (int i = t - 10; i < t; ++i) sum += Jiggle(states[static_cast<std::size_t>(i)]);
  const PoleOutcome out = sim.run(NullController);
  EXPECT_EQ(out.steps, t);
  EXPECT_DOUBLE_EQ(out.fitness, 0.1 * t / 1000 + 0.9 * 0.75 / sum);

  // t == window: the damping term counts (Gruau et al.: f2 = 0 only when t < window); window t + 1: not.
  o.damping_window = t;
  const PoleOutcome at = PoleSimulator(o).run(NullController);
  double all = 0;
  for (const PoleState& s : states) all += Jiggle(s);
  EXPECT_DOUBLE_EQ(at.fitness, 0.1 * t / 1000 + 0.9 * 0.75 / all);
  o.damping_window = t + 1;
  EXPECT_DOUBLE_EQ(PoleSimulator(o).run(NullController).fitness, 0.1 * t / 1000);
}

TEST(PoleDamping, EstimatingControllerBalancesWithoutVelocities) {
  PoleOptions o;
  o.with_velocities = false;
  const PoleSimulator sim(o);
  const PoleOutcome out = sim.run(EstimatingController{});
  EXPECT_EQ(out.steps, 1000);
  EXPECT_TRUE(out.success);
  EXPECT_GT(out.fitness, 0.1 + 0.9);  // a settled cart: the last 100 steps sum to well under 0.75
  EXPECT_EQ(sim.balance(EstimatingController{}, sim.initial_state(), 100000), 100000);
}

TEST(PoleGeneralization, StartStates) {
  const PoleState first = PoleSimulator::generalization_state(0);
  EXPECT_DOUBLE_EQ(first.x, 0.05 * 4.32 - 2.16);
  EXPECT_DOUBLE_EQ(first.x_dot, 0.05 * 2.70 - 1.35);
  EXPECT_DOUBLE_EQ(first.theta1, 0.05 * 0.12566304 - 0.06283152);
  EXPECT_DOUBLE_EQ(first.theta1_dot, 0.05 * 0.30019504 - 0.15009752);
  EXPECT_EQ(first.theta2, 0.0);
  EXPECT_EQ(first.theta2_dot, 0.0);
  // index = 125 a + 25 b + 5 c + d.
  const PoleState mixed = PoleSimulator::generalization_state(125 * 4 + 25 * 0 + 5 * 3 + 1);
  EXPECT_DOUBLE_EQ(mixed.x, 0.95 * 4.32 - 2.16);
  EXPECT_DOUBLE_EQ(mixed.x_dot, 0.05 * 2.70 - 1.35);
  EXPECT_DOUBLE_EQ(mixed.theta1, 0.75 * 0.12566304 - 0.06283152);
  EXPECT_DOUBLE_EQ(mixed.theta1_dot, 0.25 * 0.30019504 - 0.15009752);
  const PoleState centre = PoleSimulator::generalization_state(312);
  ExpectStateEq(centre, PoleState{});
  // Symmetric grid: state 624 - i mirrors state i.
  for (std::size_t i = 0; i < 625; i += 37) {
    const PoleState a = PoleSimulator::generalization_state(i);
    const PoleState b = PoleSimulator::generalization_state(624 - i);
    EXPECT_NEAR(a.x, -b.x, 1e-15);
    EXPECT_NEAR(a.theta1_dot, -b.theta1_dot, 1e-15);
  }
  EXPECT_THROW(PoleSimulator::generalization_state(625), std::out_of_range);
}

TEST(PoleGeneralization, CountsForTrivialControllers) {
  PoleOptions o;
  o.with_velocities = false;
  const PoleSimulator sim(o);
  int made = 0;
  std::set<double> x_inputs;
  const int none = sim.generalization_test([&] {
    ++made;
    return [&x_inputs, first = true](std::span<const double> in, std::span<double>) mutable {
      if (first) x_inputs.insert(in[0]);
      first = false;
    };
  });
  // No control: every start falls except the 5 at rest (xdot = th1 = th1dot = 0, any x), which stay
  // exactly at rest.
  EXPECT_EQ(none, 5);
  EXPECT_EQ(made, 625);
  EXPECT_EQ(x_inputs.size(), 5u);

  // With the angle limit out of reach and a 1 km track, a force-free cart always survives 1,000 steps
  // (20 s at <= 1.35 m/s plus the poles' swing) and a cart pushed at full force never does (~1.9 km).
  // Push only the starts with x <= 0: 3 of the 5 positions x 125 = 375 fail, 250 pass.
  PoleOptions wide = o;
  wide.failure_angle = 1e6;
  wide.track_limit = 1000;
  const PoleSimulator wide_sim(wide);
  EXPECT_EQ(wide_sim.generalization_test([] { return NullController; }), 625);
  const int pushed = wide_sim.generalization_test([] {
    return [first = true, push = false](std::span<const double> in, std::span<double> out) mutable {
      if (first) push = !(in[0] > 0);
      first = false;
      out[0] = push ? 0.0 : 0.5;
    };
  });
  EXPECT_EQ(pushed, 250);
}

TEST(PoleGeneralization, EstimatingControllerGeneralizes) {
  PoleOptions o;
  o.with_velocities = false;
  const PoleSimulator sim(o);
  const int count = sim.generalization_test([] { return EstimatingController{}; });
  EXPECT_GE(count, pole_generalization_success);
  EXPECT_LE(count, pole_generalization_trials);
}

}  // namespace
}  // namespace pond::tasks
