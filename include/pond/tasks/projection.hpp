#pragma once
/// @file
/// Linear projection benchmarks for real vectors: sphere and Rastrigin as defined for CMA-ME
/// (Fontaine et al. 2020) and CMA-MAE (Fontaine and Nikolaidis 2023), reference code in
/// icaros-usc/cma_mae, experiments/lin_proj.
///
/// A solution x is a vector of n reals (unbounded). With z_i = x_i - shift:
/// - raw value r(x) = sum_i term(z_i), where term is the function's per-coordinate term;
/// - objective f(x) = 100 * (W - r(x)) / W, where W = r(x) at x_i = -5.12 for all i, so f <= 100, f = 100 at
///   the optimum x_i = shift and f = 0 at x_i = -5.12 (f is unbounded below);
/// - descriptor = (sum_{i < n/2} clip(x_i), sum_{i >= n/2} clip(x_i)), with clip(v) = v if |v| <= 5.12,
///   else 5.12 / v; the first half holds floor(n/2) coordinates.

#include <cmath>
#include <cstddef>
#include <numbers>
#include <span>
#include <vector>

namespace pond::tasks {

/// Options of the linear projection tasks (`Sphere`, `Rastrigin`).
struct ProjectionOptions {
  std::size_t dim = 100;  ///< number of coordinates n of a solution; at least 2 (one per descriptor half)
  double shift = 2.048;   ///< where the optimum lies (x_i = shift for all i); 0.4 * 5.12 in the papers
};

/// The sphere function's per-coordinate term: r(x) = sum_i (x_i - shift)^2.
struct SphereFunction {
  static constexpr const char* name = "sphere";  ///< used in error messages
  /// The term for one shifted coordinate z = x_i - shift (also for a vector of coordinates, which lets
  /// the evaluation fold it into its single pass over x).
  template <class T>
  static T term(T z) noexcept {
    return z * z;
  }
};

/// The Rastrigin function's per-coordinate term: r(x) = 10 n + sum_i [z_i^2 - 10 cos(2 pi z_i)], written as
/// sum_i [z_i^2 + 10 (1 - cos(2 pi z_i))] so that each term is >= 0 and the optimum is exactly 0.
struct RastriginFunction {
  static constexpr const char* name = "rastrigin";  ///< used in error messages
  /// The term for one shifted coordinate z = x_i - shift.
  static double term(double z) noexcept {
    return z * z + 10.0 * (1.0 - std::cos(2.0 * std::numbers::pi * z));
  }
};

/// A linear projection task for the function `Function` (see the file comment for the definition).
/// Instantiated for `SphereFunction` and `RastriginFunction`; use the aliases `Sphere` and `Rastrigin`.
template <class Function>
class LinearProjection {
 public:
  /// A solution: n real coordinates.
  using Solution = std::vector<double>;
  /// The task's options.
  using Options = ProjectionOptions;

  /// Where clip() folds a coordinate back: |x_i| > clip_bound maps to clip_bound / x_i.
  static constexpr double clip_bound = 5.12;

  /// Makes the task. Throws std::invalid_argument if `options.dim` < 2, if `options.shift` is not finite,
  /// or if W (r at x_i = -5.12) is not finite and > 0 (for example shift = -5.12).
  explicit LinearProjection(Options options = {});

  /// Number of coordinates of a solution (n).
  std::size_t solution_dim() const noexcept { return options_.dim; }
  /// Number of descriptor coordinates: always 2.
  static constexpr std::size_t descriptor_dim() noexcept { return 2; }

  /// Evaluates one solution: writes the descriptor (2 values) and returns the objective (higher is better,
  /// at most 100). Allocates nothing. Throws std::invalid_argument if `x.size()` != solution_dim() or
  /// `descriptor.size()` != 2.
  double evaluate(std::span<const double> x, std::span<double> descriptor) const;
  /// The same for a solution held in a vector.
  double evaluate(const Solution& x, std::span<double> descriptor) const {
    return evaluate(std::span<const double>(x), descriptor);
  }

  /// Lower corner of the published descriptor grid: -5.12 times the number of coordinates in each half,
  /// that is (-5.12 floor(n/2), -5.12 ceil(n/2)); [-256, -256] for n = 100.
  std::vector<double> descriptor_lower() const;
  /// Upper corner of the published descriptor grid: (5.12 floor(n/2), 5.12 ceil(n/2));
  /// [256, 256] for n = 100.
  std::vector<double> descriptor_upper() const;

  /// W: the raw value r at x_i = -5.12 for all i (objective 0 there).
  double worst_raw() const noexcept { return worst_; }

  /// The same input always gives the same output.
  static constexpr bool deterministic = true;
  /// `evaluate` keeps no state, so it may be called concurrently on one object.
  static constexpr bool thread_safe = true;

  /// The options the task was made with.
  const Options& options() const noexcept { return options_; }

 private:
  Options options_;
  double worst_ = 0.0;  // W
};

extern template class LinearProjection<SphereFunction>;
extern template class LinearProjection<RastriginFunction>;

/// Linear projection sphere (CMA-ME): r(x) = sum_i (x_i - shift)^2.
using Sphere = LinearProjection<SphereFunction>;
/// Linear projection Rastrigin (CMA-ME): r(x) = 10 n + sum_i [(x_i - shift)^2 - 10 cos(2 pi (x_i - shift))].
using Rastrigin = LinearProjection<RastriginFunction>;

}  // namespace pond::tasks
