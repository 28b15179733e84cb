#pragma once
/// @file
/// Seeded k-means (Lloyd's algorithm) on uniform samples of a box: the centroids of a centroidal
/// Voronoi tessellation (CVT), as CVT-MAP-Elites uses for its cells.

#include <cstddef>
#include <cstdint>
#include <vector>

namespace pond {

/// Options for `cvt_centroids`.
struct CvtCentroidOptions {
  std::size_t cells = 0;             ///< number of centroids (> 0)
  std::vector<double> lower, upper;  ///< box bounds, one per dimension (finite, lower < upper)
  std::size_t samples = 100'000;     ///< uniform samples in the box (must be >= cells)
  std::size_t iterations = 30;       ///< Lloyd iterations at most (stops early when no assignment changes)
  std::uint64_t seed = 0;            ///< seed of the run; the draws use stream {archive, "cvt"}
};

/// Approximate CVT centroids of the box [lower, upper]: draws `samples` uniform points in the box,
/// starts from `cells` distinct samples chosen at random and runs Lloyd iterations (each sample goes
/// to its nearest centroid, found with a k-d tree; each centroid moves to the mean of its samples, or
/// stays put if it has none). Returns cells * dim values, centroid c at [c*dim, c*dim + dim), every
/// one inside the box. Deterministic: equal options give bit-equal results. Throws
/// std::invalid_argument, naming the field and its value, if the options are invalid.
std::vector<double> cvt_centroids(const CvtCentroidOptions& options);

}  // namespace pond
