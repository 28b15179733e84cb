// The double pole balancing simulator: equations of motion (Wieland 1991), Runge-Kutta integration, the
// inputs and the damping fitness (Gruau, Whitley and Pyeatt 1996). See include/pond/tasks/pole.hpp.

#include "pond/tasks/pole.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

namespace pond::tasks {
namespace {

void require(bool ok, const char* field, const char* condition) {
  if (!ok) throw std::invalid_argument(std::string("PoleOptions: ") + field + " must be " + condition);
}

bool finite_positive(double v) { return std::isfinite(v) && v > 0; }
bool finite_nonnegative(double v) { return std::isfinite(v) && v >= 0; }

// y + h * d, componentwise.
PoleState advance(const PoleState& y, double h, const PoleState& d) noexcept {
  return {y.x + h * d.x,
          y.x_dot + h * d.x_dot,
          y.theta1 + h * d.theta1,
          y.theta1_dot + h * d.theta1_dot,
          y.theta2 + h * d.theta2,
          y.theta2_dot + h * d.theta2_dot};
}

// Input scaling of the NEAT code.
constexpr double kPositionScale = 4.8;
constexpr double kVelocityScale = 2.0;
constexpr double kAngleScale = 0.52;

// Generalization test grid (Gruau et al. 1996; the constants of the NEAT code).
constexpr std::array<double, 5> kGridFractions = {0.05, 0.25, 0.5, 0.75, 0.95};

}  // namespace

PoleSimulator::PoleSimulator(PoleOptions options) : options_(options) {
  const PoleOptions& o = options_;
  require(finite_positive(o.cart_mass), "cart_mass", "finite and > 0");
  require(finite_positive(o.pole1_half_length), "pole1_half_length", "finite and > 0");
  require(finite_positive(o.pole1_mass), "pole1_mass", "finite and > 0");
  require(finite_positive(o.pole2_half_length), "pole2_half_length", "finite and > 0");
  require(finite_positive(o.pole2_mass), "pole2_mass", "finite and > 0");
  require(std::isfinite(o.gravity), "gravity", "finite");
  require(finite_nonnegative(o.force_magnitude), "force_magnitude", "finite and >= 0");
  require(finite_positive(o.time_step), "time_step", "finite and > 0");
  require(o.substeps >= 1, "substeps", ">= 1");
  require(finite_nonnegative(o.cart_friction), "cart_friction", "finite and >= 0");
  require(finite_nonnegative(o.pole_friction), "pole_friction", "finite and >= 0");
  require(finite_positive(o.track_limit), "track_limit", "finite and > 0");
  require(finite_positive(o.failure_angle), "failure_angle", "finite and > 0");
  require(std::isfinite(o.initial_theta1) && std::abs(o.initial_theta1) <= o.failure_angle, "initial_theta1",
          "finite with |initial_theta1| <= failure_angle");
  require(o.max_steps >= 1, "max_steps", ">= 1");
  require(o.damping_steps >= 1, "damping_steps", ">= 1");
  require(o.damping_window >= 1 && o.damping_window <= o.damping_steps, "damping_window",
          "in [1, damping_steps]");
  require(std::isfinite(o.bias_input), "bias_input", "finite");
}

PoleState PoleSimulator::derivative(const PoleState& s, double force) const noexcept {
  const PoleOptions& o = options_;
  const double cos1 = std::cos(s.theta1);
  const double sin1 = std::sin(s.theta1);
  const double cos2 = std::cos(s.theta2);
  const double sin2 = std::sin(s.theta2);
  const double g_sin1 = o.gravity * sin1;
  const double g_sin2 = o.gravity * sin2;
  const double ml1 = o.pole1_mass * o.pole1_half_length;
  const double ml2 = o.pole2_mass * o.pole2_half_length;
  const double hinge1 = o.pole_friction * s.theta1_dot / ml1;  // mu_p thdot / (m l)
  const double hinge2 = o.pole_friction * s.theta2_dot / ml2;
  // Effective force and mass of each pole on the cart.
  const double f1 = ml1 * s.theta1_dot * s.theta1_dot * sin1 + 0.75 * o.pole1_mass * cos1 * (hinge1 + g_sin1);
  const double f2 = ml2 * s.theta2_dot * s.theta2_dot * sin2 + 0.75 * o.pole2_mass * cos2 * (hinge2 + g_sin2);
  const double m1 = o.pole1_mass * (1 - 0.75 * cos1 * cos1);
  const double m2 = o.pole2_mass * (1 - 0.75 * cos2 * cos2);
  const double sign_v = static_cast<double>((s.x_dot > 0) - (s.x_dot < 0));
  const double x_acc = (force - o.cart_friction * sign_v + f1 + f2) / (o.cart_mass + m1 + m2);
  const double theta1_acc = -0.75 * (x_acc * cos1 + g_sin1 + hinge1) / o.pole1_half_length;
  const double theta2_acc = -0.75 * (x_acc * cos2 + g_sin2 + hinge2) / o.pole2_half_length;
  return {s.x_dot, x_acc, s.theta1_dot, theta1_acc, s.theta2_dot, theta2_acc};
}

PoleState PoleSimulator::step(const PoleState& s, double force) const noexcept {
  const double h = options_.time_step;
  PoleState y = s;
  for (int i = 0; i < options_.substeps; ++i) {
    const PoleState k1 = derivative(y, force);
    const PoleState k2 = derivative(advance(y, h / 2, k1), force);
    const PoleState k3 = derivative(advance(y, h / 2, k2), force);
    const PoleState k4 = derivative(advance(y, h, k3), force);
    const double w = h / 6;
    y = {y.x + w * (k1.x + 2 * k2.x + 2 * k3.x + k4.x),
         y.x_dot + w * (k1.x_dot + 2 * k2.x_dot + 2 * k3.x_dot + k4.x_dot),
         y.theta1 + w * (k1.theta1 + 2 * k2.theta1 + 2 * k3.theta1 + k4.theta1),
         y.theta1_dot + w * (k1.theta1_dot + 2 * k2.theta1_dot + 2 * k3.theta1_dot + k4.theta1_dot),
         y.theta2 + w * (k1.theta2 + 2 * k2.theta2 + 2 * k3.theta2 + k4.theta2),
         y.theta2_dot + w * (k1.theta2_dot + 2 * k2.theta2_dot + 2 * k3.theta2_dot + k4.theta2_dot)};
  }
  return y;
}

double PoleSimulator::force(double output) const noexcept {
  if (std::isnan(output)) return output;
  return (std::clamp(output, 0.0, 1.0) - 0.5) * 2 * options_.force_magnitude;
}

bool PoleSimulator::within_bounds(const PoleState& s) const noexcept {
  // Written so that NaN compares out of bounds.
  const double a = options_.failure_angle;
  return std::abs(s.x) <= options_.track_limit && std::abs(s.theta1) <= a && std::abs(s.theta2) <= a;
}

void PoleSimulator::sense(const PoleState& s, std::span<double> inputs) const {
  const std::size_t n = input_count();
  if (inputs.size() < n) {
    throw std::invalid_argument("PoleSimulator::sense: needs " + std::to_string(n) + " inputs, got " +
                                std::to_string(inputs.size()));
  }
  if (options_.with_velocities) {
    inputs[0] = s.x / kPositionScale;
    inputs[1] = s.x_dot / kVelocityScale;
    inputs[2] = s.theta1 / kAngleScale;
    inputs[3] = s.theta1_dot / kVelocityScale;
    inputs[4] = s.theta2 / kAngleScale;
    inputs[5] = s.theta2_dot / kVelocityScale;
    inputs[6] = options_.bias_input;
  } else {
    inputs[0] = s.x / kPositionScale;
    inputs[1] = s.theta1 / kAngleScale;
    inputs[2] = s.theta2 / kAngleScale;
    inputs[3] = options_.bias_input;
  }
}

PoleState PoleSimulator::generalization_state(std::size_t index) {
  if (index >= static_cast<std::size_t>(pole_generalization_trials)) {
    throw std::out_of_range("PoleSimulator::generalization_state: index " + std::to_string(index) +
                            " >= " + std::to_string(pole_generalization_trials));
  }
  PoleState s;
  s.x = kGridFractions[index / 125] * 4.32 - 2.16;
  s.x_dot = kGridFractions[index / 25 % 5] * 2.70 - 1.35;
  s.theta1 = kGridFractions[index / 5 % 5] * 0.12566304 - 0.06283152;
  s.theta1_dot = kGridFractions[index % 5] * 0.30019504 - 0.15009752;
  return s;
}

double PoleSimulator::damping_fitness(int balanced, double window_sum) const noexcept {
  const double f1 = static_cast<double>(balanced) / options_.damping_steps;
  if (balanced < options_.damping_window) return 0.1 * f1;
  const double f2 = window_sum > 0 ? 0.75 / window_sum : HUGE_VAL;
  return 0.1 * f1 + 0.9 * f2;
}

}  // namespace pond::tasks
