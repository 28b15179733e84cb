#pragma once
/// @file
/// A static k-d tree for exact nearest-neighbour queries under the Euclidean, Manhattan or Chebyshev
/// metric.

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "pond/core/metric.hpp"

namespace pond {

/// One result of a k-nearest-neighbour query.
struct Neighbor {
  double distance;    ///< the true metric distance to the query (not squared)
  std::size_t index;  ///< the point's index in the order the tree was built from

  friend bool operator==(const Neighbor&, const Neighbor&) = default;
};

/// A static k-d tree over a fixed set of points, for exact nearest-neighbour queries.
///
/// Built once from a flat row-major array; it keeps its own (reordered) copy of the points, so the
/// caller's array may change or die afterwards. Nodes split at the median of the axis of largest
/// spread; leaves hold a few points stored contiguously. Results are exact and deterministic: equal
/// distances are ordered by the smaller point index. Queries are const and may run concurrently.
/// Coordinates must be finite.
class KdTree {
 public:
  /// The k-nearest result type (same as `pond::Neighbor`).
  using Neighbor = pond::Neighbor;

  /// An empty tree of dimension 0 (size() == 0).
  KdTree() = default;

  /// Builds the tree over points.size() / dim points; point i is points[i*dim, i*dim + dim).
  /// Throws std::invalid_argument if dim == 0, points.size() is not a multiple of dim, or a
  /// coordinate is not finite; std::length_error if there are 2^32 points or more. An empty span
  /// gives an empty tree of dimension `dim`.
  KdTree(std::span<const double> points, std::size_t dim, Metric metric = Metric::euclidean);

  /// Index (in the original point order) of the point nearest to `query`; among equally near points
  /// the smallest index. Allocates nothing. Throws std::logic_error if the tree is empty and
  /// std::invalid_argument if query.size() != dim() or a query coordinate is not finite.
  std::size_t nearest(std::span<const double> query) const;

  /// Replaces `out` with the min(k, size()) points nearest to `query`, sorted by distance, then
  /// index. Reuses out's capacity. Nothing for an empty tree or k == 0. Throws
  /// std::invalid_argument if query.size() != dim() or a query coordinate is not finite.
  void k_nearest(std::span<const double> query, std::size_t k, std::vector<Neighbor>& out) const;

  /// The number of points.
  std::size_t size() const noexcept { return index_.size(); }
  /// The number of coordinates per point.
  std::size_t dim() const noexcept { return dim_; }
  /// The metric the tree measures with.
  Metric metric() const noexcept { return metric_; }

 private:
  /// A node in pre-order: an inner node's left child follows it; `right` names the right child.
  struct Node {
    double split = 0.0;          ///< inner: left holds coordinates <= split, right >= split
    std::uint32_t begin = 0;     ///< first point (in reordered storage) under this node
    std::uint32_t end = 0;       ///< one past the last point under this node
    std::uint32_t right = 0;     ///< inner: index of the right child
    std::uint32_t axis = kLeaf;  ///< inner: the split axis; kLeaf for a leaf
  };
  static constexpr std::uint32_t kLeaf = 0xffffffffu;

  struct Impl;  // the templated build and search code, in kd_tree.cpp

  std::size_t dim_ = 0;
  Metric metric_ = Metric::euclidean;
  std::vector<double> data_;          ///< the points, reordered so that each node's are contiguous
  std::vector<std::size_t> index_;    ///< original index of each reordered point
  std::vector<Node> nodes_;           ///< the tree in pre-order; nodes_[0] is the root
};

}  // namespace pond
