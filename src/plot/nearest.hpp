#pragma once
/// @file
/// Private to pond's plotting: nearest-point queries among many 2-D points, for Voronoi heatmaps.

#include <cstddef>
#include <span>
#include <vector>

namespace pond::plot::detail {

/// Buckets 2-D points on a uniform grid (about two per bucket) and answers nearest-point queries by
/// searching rings of buckets outwards until no closer point can remain. Ties go to the lower index.
class NearestIndex {
 public:
  /// Indexes `xy` (flat `[x0, y0, x1, y1, ...]`, finite, at least one point); keeps no reference to it.
  explicit NearestIndex(std::span<const double> xy);

  /// Index of the point nearest to (x, y).
  std::size_t nearest(double x, double y) const;

 private:
  std::vector<double> xy_;          // points, ordered by bucket
  std::vector<std::size_t> index_;  // original index of each stored point
  std::vector<std::size_t> start_;  // first stored point of each bucket, plus the end
  double x0_ = 0, y0_ = 0, hx_ = 1, hy_ = 1;
  long nbx_ = 1, nby_ = 1;
};

}  // namespace pond::plot::detail
