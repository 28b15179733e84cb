#pragma once
/// @file
/// Planar robotic arm benchmark (CMA-ME, Fontaine et al. 2020; CMA-MAE, Fontaine and Nikolaidis 2023;
/// reference code in icaros-usc/cma_mae, experiments/arm).
///
/// A solution is the vector of n joint angles theta (radians, unbounded). Link i has length L_i (1 by
/// default) and points along the cumulative angle phi_i = sum_{j <= i} theta_j, measured from the +x axis.
/// - objective = 100 * (1 - Var(theta)), population variance (divide by n): 100 when all angles are equal;
/// - descriptor = end-effector position (sum_i L_i cos(phi_i), sum_i L_i sin(phi_i)), in link-length units.

#include <cstddef>
#include <span>
#include <vector>

namespace pond::tasks {

/// Options of the planar arm task.
struct ArmOptions {
  std::size_t joints = 100;          ///< number of joints (and links) n; at least 1
  std::vector<double> link_lengths = {};  ///< length of each link (n values, finite, > 0); empty: all 1
};

/// Planar arm with n revolute joints: reach a point while keeping the joint angles alike.
class Arm {
 public:
  /// A solution: n joint angles in radians.
  using Solution = std::vector<double>;
  /// The task's options.
  using Options = ArmOptions;

  /// Makes the task. Throws std::invalid_argument if `options.joints` is 0, if `options.link_lengths` is
  /// neither empty nor of size `joints`, or if a link length is not finite and > 0.
  explicit Arm(Options options = {});

  /// Number of joint angles of a solution (n).
  std::size_t solution_dim() const noexcept { return options_.joints; }
  /// Number of descriptor coordinates: always 2 (end-effector x, y).
  static constexpr std::size_t descriptor_dim() noexcept { return 2; }

  /// Evaluates one solution: writes the end-effector position (2 values) and returns the objective
  /// 100 * (1 - Var(theta)) (higher is better, at most 100). Allocates nothing. Throws std::invalid_argument
  /// if `theta.size()` != solution_dim() or `descriptor.size()` != 2.
  double evaluate(std::span<const double> theta, std::span<double> descriptor) const;
  /// The same for a solution held in a vector.
  double evaluate(const Solution& theta, std::span<double> descriptor) const {
    return evaluate(std::span<const double>(theta), descriptor);
  }

  /// Lower corner of the published descriptor grid: (-reach, -reach); [-n, -n] with unit links.
  std::vector<double> descriptor_lower() const;
  /// Upper corner of the published descriptor grid: (reach, reach); [n, n] with unit links.
  std::vector<double> descriptor_upper() const;

  /// The length of each link (n values; all 1 when the options gave none).
  std::span<const double> link_lengths() const noexcept { return lengths_; }
  /// Total length of the arm, sum_i L_i: the farthest the end effector can be from the base.
  double reach() const noexcept { return reach_; }

  /// The same input always gives the same output.
  static constexpr bool deterministic = true;
  /// `evaluate` keeps no state, so it may be called concurrently on one object.
  static constexpr bool thread_safe = true;

  /// The options the task was made with (`link_lengths` as given, possibly empty).
  const Options& options() const noexcept { return options_; }

 private:
  Options options_;
  std::vector<double> lengths_;  // resolved link lengths, n values
  double reach_ = 0.0;
};

}  // namespace pond::tasks
