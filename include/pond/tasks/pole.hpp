#pragma once
/// @file
/// Double pole balancing (Stanley and Miikkulainen, "Evolving neural networks through augmenting
/// topologies", Evolutionary Computation 10(2), 2002), with the setup of Gruau, Whitley and Pyeatt 1996
/// and the equations of motion of Wieland 1991. The controller is any callable (a neural network
/// elsewhere in pond); nothing here knows about networks.
///
/// State: cart position x (m, + to the right), cart velocity, and for each pole its angle from the
/// vertical (rad, + leaning toward +x) and angular velocity. Pole i has half-length l_i and mass m_i;
/// the cart has mass M; gravity g is negative (-9.8, the sign convention of the equations below).
/// With force F on the cart, m~_i = m_i (1 - 3/4 cos^2 th_i) and
///   F~_i   = m_i l_i thdot_i^2 sin th_i + 3/4 m_i cos th_i (mu_p thdot_i / (m_i l_i) + g sin th_i),
///   xddot  = (F - mu_c sgn(xdot) + F~_1 + F~_2) / (M + m~_1 + m~_2),
///   thddot_i = -3 / (4 l_i) (xddot cos th_i + g sin th_i + mu_p thdot_i / (m_i l_i)).
/// One control step advances the state by `substeps` fourth-order Runge-Kutta steps of `time_step`
/// seconds each, with the force held constant (2 x 0.01 s = 0.02 s, as in the NEAT code).
///
/// Differences from the NEAT 2002 code (Stanley's experiments.cpp, physics by F. Gomez), all documented
/// where they apply: the cart friction mu_c is applied (the NEAT code declares it but never uses it; set
/// cart_friction = 0 to match); the bias input is 1 (the NEAT code feeds 0.5; set bias_input = 0.5);
/// "steps" counts balanced steps (the NEAT code's Markov fitness is one more on a failure); the
/// generalization test requires all 1,000 steps (the NEAT code accepts 999).

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <numbers>
#include <span>
#include <vector>

namespace pond::tasks {

/// Options of the double pole simulator; the defaults are the published settings.
struct PoleOptions {
  double cart_mass = 1.0;             ///< M, kg
  double pole1_half_length = 0.5;     ///< l_1 (half the long pole's length), m
  double pole1_mass = 0.1;            ///< m_1, kg
  double pole2_half_length = 0.05;    ///< l_2 (half the short pole's length), m
  double pole2_mass = 0.01;           ///< m_2, kg
  double gravity = -9.8;              ///< g, m/s^2 (negative: the sign convention of the equations)
  double force_magnitude = 10.0;      ///< largest |force| the controller can apply, N
  double time_step = 0.01;            ///< Runge-Kutta step, s
  int substeps = 2;                   ///< Runge-Kutta steps per control step (0.02 s per control step)
  double cart_friction = 0.0005;      ///< mu_c, cart on track (the NEAT code omits it: set 0 to match)
  double pole_friction = 0.000002;    ///< mu_p, each pole's hinge
  double track_limit = 2.4;           ///< failure when |x| > this, m
  double failure_angle = std::numbers::pi / 5;  ///< failure when either |angle| > this (36 deg), rad
  double initial_theta1 = 0.07;       ///< long pole's start angle, rad (NEAT code; all else starts at 0)
  bool with_velocities = true;        ///< true: 7 inputs with velocities (Markov); false: 4 inputs
  int max_steps = 100000;             ///< with velocities: steps to balance for success
  int damping_steps = 1000;           ///< without velocities: length of a run (the fitness horizon)
  int damping_window = 100;           ///< without velocities: steps summed by the damping term
  double bias_input = 1.0;            ///< value of the bias input (the NEAT code uses 0.5)
};

/// Number of controller inputs with velocities: x/4.8, xdot/2, th1/0.52, th1dot/2, th2/0.52, th2dot/2,
/// bias (in that order; the scaling of the NEAT code).
inline constexpr std::size_t pole_inputs_with_velocities = 7;
/// Number of controller inputs without velocities: x/4.8, th1/0.52, th2/0.52, bias.
inline constexpr std::size_t pole_inputs_without_velocities = 4;
/// Number of controller outputs: one, meant to lie in (0, 1) (0.5 = no force).
inline constexpr std::size_t pole_outputs = 1;
/// Number of start states of the generalization test (5^4).
inline constexpr int pole_generalization_trials = 625;
/// Steps a trial of the generalization test must balance.
inline constexpr int pole_generalization_steps = 1000;
/// A controller generalizes (Gruau et al.) when it balances at least this many of the 625 trials.
inline constexpr int pole_generalization_success = 200;

/// The cart-poles state.
struct PoleState {
  double x = 0;           ///< cart position, m
  double x_dot = 0;       ///< cart velocity, m/s
  double theta1 = 0;      ///< long pole's angle from vertical, rad
  double theta1_dot = 0;  ///< long pole's angular velocity, rad/s
  double theta2 = 0;      ///< short pole's angle from vertical, rad
  double theta2_dot = 0;  ///< short pole's angular velocity, rad/s
};

/// Result of one run.
struct PoleOutcome {
  int steps;       ///< control steps after which the state was in bounds (a run stops at the first failure)
  bool success;    ///< true if every step of the run was balanced (steps equals the run's length)
  double fitness;  ///< with velocities: steps; without: Gruau's damping fitness (see PoleSimulator::run)
};

/// The double pole simulator. Immutable after construction: const members may be called concurrently.
class PoleSimulator {
 public:
  /// Makes a simulator. Throws std::invalid_argument naming the field if an option is out of range:
  /// masses, half-lengths, time_step, track_limit, failure_angle finite and > 0; gravity, bias_input
  /// finite; force_magnitude, frictions finite and >= 0; substeps, max_steps, damping_steps >= 1;
  /// damping_window in [1, damping_steps]; initial_theta1 finite with |initial_theta1| <= failure_angle.
  explicit PoleSimulator(PoleOptions options = {});

  /// Time derivative of state `s` under force `force` (N): {xdot, xddot, th1dot, th1ddot, th2dot,
  /// th2ddot} from the equations in the file comment.
  PoleState derivative(const PoleState& s, double force) const noexcept;

  /// One control step: `substeps` Runge-Kutta steps of `time_step` with `force` (N) held constant.
  PoleState step(const PoleState& s, double force) const noexcept;

  /// The force of controller output `output`: (clamp(output, 0, 1) - 0.5) * 2 * force_magnitude, so
  /// 0 -> -force_magnitude, 0.5 -> 0, 1 -> +force_magnitude (the NEAT code's mapping, plus the clamp).
  /// A NaN output gives a NaN force (the state becomes NaN, which counts as a failure).
  double force(double output) const noexcept;

  /// True if |x| <= track_limit and both |angles| <= failure_angle (false for a NaN state).
  bool within_bounds(const PoleState& s) const noexcept;

  /// Number of controller inputs: pole_inputs_with_velocities or pole_inputs_without_velocities.
  std::size_t input_count() const noexcept {
    return options_.with_velocities ? pole_inputs_with_velocities : pole_inputs_without_velocities;
  }

  /// Controller inputs at state `s` into `inputs` (the first input_count() values are written): with
  /// velocities x/4.8, xdot/2, th1/0.52, th1dot/2, th2/0.52, th2dot/2, bias_input; without velocities
  /// x/4.8, th1/0.52, th2/0.52, bias_input. Throws std::invalid_argument if `inputs` is too short.
  void sense(const PoleState& s, std::span<double> inputs) const;

  /// The start state of run(): theta1 = initial_theta1, everything else 0.
  PoleState initial_state() const noexcept {
    PoleState s;
    s.theta1 = options_.initial_theta1;
    return s;
  }

  /// Runs `controller` from `start` for at most `steps` control steps and returns how many were
  /// balanced. Each step: sense, activate `controller(std::span<const double> inputs, std::span<double>
  /// outputs)` once (1 output, preset to 0.5 before the first activation and otherwise left as the
  /// previous activation wrote it), apply force(output), step; stop at the first state out of bounds
  /// (that step is not counted). Returns 0 without activating the controller if `start` is out of bounds.
  template <class Controller>
  int balance(Controller&& controller, const PoleState& start, int steps) const;

  /// The published evaluation, from initial_state().
  /// With velocities: balance for up to max_steps; fitness = steps; success if steps == max_steps.
  /// Without velocities: balance for up to damping_steps (1000) and return the damping fitness of
  /// Gruau et al. 1996, F = 0.1 f1 + 0.9 f2 with f1 = t / damping_steps (t = steps balanced) and
  /// f2 = 0 if t < damping_window (100), else 0.75 / sum over the last damping_window balanced steps
  /// of (|x| + |xdot| + |th1| + |th1dot|), each taken after its step (+infinity if that sum is 0).
  /// success if t == damping_steps. (The NEAT code gives f2 = 0 also at t = 100 exactly.) Allocates a
  /// damping_window buffer without velocities.
  template <class Controller>
  PoleOutcome run(Controller&& controller) const;

  /// Start state `index` (0 .. 624) of the generalization test (Gruau et al. 1996, as coded in NEAT):
  /// with v_k = {0.05, 0.25, 0.5, 0.75, 0.95} and index = 125 a + 25 b + 5 c + d,
  /// x = 4.32 v_a - 2.16 (+-2.16 m), xdot = 2.70 v_b - 1.35 (+-1.35 m/s), th1 = 0.12566304 v_c -
  /// 0.06283152 (+-3.6 deg), th1dot = 0.30019504 v_d - 0.15009752 (+-8.6 deg/s), short pole at rest at 0.
  /// Throws std::out_of_range if index >= 625.
  static PoleState generalization_state(std::size_t index);

  /// Generalization test: for each of the 625 start states, makes a fresh controller with
  /// `controller_factory()` and counts the trials where balance(controller, state, 1000) reaches 1000.
  /// Uses this simulator's inputs (the published test is run without velocities). The controller
  /// generalizes if the count is >= pole_generalization_success (200).
  template <class Factory>
  int generalization_test(Factory&& controller_factory) const;

  /// The options.
  const PoleOptions& options() const noexcept { return options_; }

 private:
  double damping_fitness(int balanced, double window_sum) const noexcept;

  PoleOptions options_;
};

template <class Controller>
int PoleSimulator::balance(Controller&& controller, const PoleState& start, int steps) const {
  std::array<double, pole_inputs_with_velocities> inputs{};
  std::array<double, pole_outputs> outputs{0.5};
  const std::span<double> in(inputs.data(), input_count());
  PoleState s = start;
  if (!within_bounds(s)) return 0;
  for (int i = 0; i < steps; ++i) {
    sense(s, in);
    controller(std::span<const double>(in), std::span<double>(outputs));
    s = step(s, force(outputs[0]));
    if (!within_bounds(s)) return i;
  }
  return std::max(steps, 0);
}

template <class Controller>
PoleOutcome PoleSimulator::run(Controller&& controller) const {
  if (options_.with_velocities) {
    const int t = balance(controller, initial_state(), options_.max_steps);
    return {t, t == options_.max_steps, static_cast<double>(t)};
  }
  // Ring buffer of the last damping_window per-step magnitudes.
  const auto window = static_cast<std::size_t>(options_.damping_window);
  std::vector<double> recent(window, 0.0);
  std::size_t count = 0;
  const auto record = [&](const PoleState& s) {
    recent[count % window] = std::abs(s.x) + std::abs(s.x_dot) + std::abs(s.theta1) + std::abs(s.theta1_dot);
    ++count;
  };
  std::array<double, pole_inputs_with_velocities> inputs{};
  std::array<double, pole_outputs> outputs{0.5};
  const std::span<double> in(inputs.data(), input_count());
  PoleState s = initial_state();
  int t = 0;
  for (; t < options_.damping_steps; ++t) {
    sense(s, in);
    controller(std::span<const double>(in), std::span<double>(outputs));
    s = step(s, force(outputs[0]));
    if (!within_bounds(s)) break;
    record(s);
  }
  double sum = 0;
  if (count >= window) {
    for (std::size_t k = 0; k < window; ++k) sum += recent[(count + k) % window];  // oldest first
  }
  return {t, t == options_.damping_steps, damping_fitness(t, sum)};
}

template <class Factory>
int PoleSimulator::generalization_test(Factory&& controller_factory) const {
  int passed = 0;
  for (std::size_t index = 0; index < static_cast<std::size_t>(pole_generalization_trials); ++index) {
    auto controller = controller_factory();
    if (balance(controller, generalization_state(index), pole_generalization_steps) ==
        pole_generalization_steps) {
      ++passed;
    }
  }
  return passed;
}

}  // namespace pond::tasks
