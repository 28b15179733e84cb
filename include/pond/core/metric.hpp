#pragma once
/// @file
/// Distance metrics between points given as spans of doubles.

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <span>

namespace pond {

/// A distance between two points of equal dimension.
enum class Metric {
  euclidean,  ///< square root of the sum of squared coordinate differences (L2)
  manhattan,  ///< sum of absolute coordinate differences (L1)
  chebyshev,  ///< largest absolute coordinate difference (L-infinity)
};

namespace detail {
/// One step of `distance_accumulate`: folds the coordinate difference d into the value s.
template <Metric M>
inline double distance_step(double s, double d) noexcept {
  if constexpr (M == Metric::euclidean) {
    return s + d * d;
  } else if constexpr (M == Metric::manhattan) {
    return s + std::abs(d);
  } else {
    return std::max(s, std::abs(d));
  }
}

/// The metric's accumulated value for the n-vectors at `a` and `b`, before `distance_finish`: the sum
/// of squares (euclidean), the sum of absolute differences (manhattan) or their maximum (chebyshev).
template <Metric M>
inline double distance_accumulate(const double* a, const double* b, std::size_t n) noexcept {
  double s = 0.0;
  for (std::size_t i = 0; i < n; ++i) s = distance_step<M>(s, a[i] - b[i]);
  return s;
}

/// Turns an accumulated value into the distance (the square root for euclidean).
template <Metric M>
inline double distance_finish(double s) noexcept {
  if constexpr (M == Metric::euclidean) {
    return std::sqrt(s);
  } else {
    return s;
  }
}

/// The distance between the n-vectors at `a` and `b` under metric M. Every distance in pond (the
/// public `distance` and the k-d tree's searches) is computed by these same steps, so equal inputs
/// give bit-equal results everywhere.
template <Metric M>
inline double distance_raw(const double* a, const double* b, std::size_t n) noexcept {
  return distance_finish<M>(distance_accumulate<M>(a, b, n));
}
}  // namespace detail

/// The distance between `a` and `b` under `metric`. Requires a.size() == b.size().
inline double distance(Metric metric, std::span<const double> a, std::span<const double> b) noexcept {
  const std::size_t n = std::min(a.size(), b.size());
  switch (metric) {
    case Metric::manhattan:
      return detail::distance_raw<Metric::manhattan>(a.data(), b.data(), n);
    case Metric::chebyshev:
      return detail::distance_raw<Metric::chebyshev>(a.data(), b.data(), n);
    case Metric::euclidean:
      break;
  }
  return detail::distance_raw<Metric::euclidean>(a.data(), b.data(), n);
}

}  // namespace pond
