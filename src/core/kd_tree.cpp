#include "pond/core/kd_tree.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <numeric>
#include <stdexcept>
#include <string>

namespace pond {

namespace {

constexpr std::size_t kLeafSize = 12;  // a node with at most this many points is a leaf

// Order of k-nearest results: by distance, then by index. (An object, not a function, so that the
// standard algorithms inline it.)
constexpr auto neighbor_less = [](const Neighbor& a, const Neighbor& b) noexcept {
  return a.distance < b.distance || (a.distance == b.distance && a.index < b.index);
};

void check_query(std::span<const double> query, std::size_t dim) {
  if (query.size() != dim) {
    throw std::invalid_argument("KdTree: query has " + std::to_string(query.size()) +
                                " coordinates but the tree has dimension " + std::to_string(dim));
  }
  for (double x : query) {
    if (!std::isfinite(x)) throw std::invalid_argument("KdTree: query has a coordinate that is not finite");
  }
}

}  // namespace

struct KdTree::Impl {
  // Builds the subtree over perm[begin, end) and returns its node index. `points` is the caller's
  // array in the original order; perm holds original indices and is partitioned in place.
  static std::uint32_t build(KdTree& t, std::span<const double> points,
                             std::vector<std::size_t>& perm, std::size_t begin, std::size_t end) {
    const auto id = static_cast<std::uint32_t>(t.nodes_.size());
    t.nodes_.push_back(
        Node{0.0, static_cast<std::uint32_t>(begin), static_cast<std::uint32_t>(end), 0, kLeaf});
    if (end - begin <= kLeafSize) return id;

    const std::size_t dim = t.dim_;
    std::size_t axis = 0;
    double best_spread = 0.0;
    for (std::size_t a = 0; a < dim; ++a) {
      double lo = points[perm[begin] * dim + a];
      double hi = lo;
      for (std::size_t i = begin + 1; i < end; ++i) {
        const double x = points[perm[i] * dim + a];
        lo = std::min(lo, x);
        hi = std::max(hi, x);
      }
      if (hi - lo > best_spread) {
        best_spread = hi - lo;
        axis = a;
      }
    }
    if (best_spread == 0.0) return id;  // all points equal: nothing to split

    const std::size_t mid = begin + (end - begin) / 2;
    const auto first = perm.begin() + static_cast<std::ptrdiff_t>(begin);
    std::nth_element(first, perm.begin() + static_cast<std::ptrdiff_t>(mid),
                     perm.begin() + static_cast<std::ptrdiff_t>(end), [&](std::size_t i, std::size_t j) {
                       const double xi = points[i * dim + axis];
                       const double xj = points[j * dim + axis];
                       return xi < xj || (xi == xj && i < j);
                     });
    const double split = points[perm[mid] * dim + axis];

    build(t, points, perm, begin, mid);
    const std::uint32_t right = build(t, points, perm, mid, end);
    Node& node = t.nodes_[id];
    node.split = split;
    node.right = right;
    node.axis = static_cast<std::uint32_t>(axis);
    return id;
  }

  // A result's `bound` is the distance a point must not exceed to matter; `offer` takes only points
  // within it.

  // The best point so far for `nearest`.
  struct One {
    double bound = std::numeric_limits<double>::infinity();
    std::size_t best_index = std::numeric_limits<std::size_t>::max();

    void offer(double d, std::size_t index) noexcept {
      if (d < bound || index < best_index) {  // d <= bound here: a tie wins on the smaller index
        bound = d;
        best_index = index;
      }
    }
  };

  // The k best points so far for `k_nearest`, kept in `out` as a max-heap under neighbor_less (the
  // worst on top).
  struct Many {
    std::size_t k;
    std::vector<Neighbor>& out;
    double bound = std::numeric_limits<double>::infinity();

    void offer(double d, std::size_t index) {
      const Neighbor n{d, index};
      Neighbor* h = out.data();
      std::size_t size = out.size();
      if (size < k) {
        // Append and sift up.
        out.push_back(n);
        h = out.data();
        std::size_t i = size++;
        while (i > 0) {
          const std::size_t parent = (i - 1) / 2;
          if (!neighbor_less(h[parent], n)) break;
          h[i] = h[parent];
          i = parent;
        }
        h[i] = n;
        if (size == k) bound = h[0].distance;
        return;
      }
      if (!neighbor_less(n, h[0])) return;
      // Replace the top and sift down.
      std::size_t i = 0;
      for (;;) {
        std::size_t child = 2 * i + 1;
        if (child >= size) break;
        if (child + 1 < size && neighbor_less(h[child], h[child + 1])) ++child;
        if (!neighbor_less(n, h[child])) break;
        h[i] = h[child];
        i = child;
      }
      h[i] = n;
      bound = h[0].distance;
    }
  };

  // For euclidean: a value T such that a sum of squares s > T has sqrt(s) > bound, so the square root
  // can be skipped. fl(fl(b*b) * (1 + 2^-49)) leaves room for every rounding on the way; a tiny or
  // huge bound, whose square under- or overflows, gives infinity (never skip).
  static double square_threshold(double bound) noexcept {
    if (!(bound >= 0x1.0p-480 && bound <= 0x1.0p480)) return std::numeric_limits<double>::infinity();
    return bound * bound * (1.0 + 0x1.0p-49);
  }

  // Depth-first search, near child first. D is the dimension when known at compile time, else 0.
  //
  // The far child is skipped when a lower bound on the distance to its cell exceeds the result's
  // bound (a tie is still visited: it may win on index). Up to kMaxBoxDim dimensions the bound is the
  // metric applied to the per-axis offsets from the query to the cell (Arya and Mount's incremental
  // distance), recomputed through the same distance loop as the points, so it never exceeds the
  // computed distance of any point in the cell, rounding included. Above that, it is the largest
  // per-axis offset |q_axis - split| met on the way down, which bounds all three metrics from below.
  static constexpr std::size_t kMaxBoxDim = 32;
  static constexpr std::array<double, kMaxBoxDim> kZeros{};

  template <Metric M, std::size_t D, class Result>
  struct Search {
    const KdTree& t;
    const double* q;
    Result& result;
    std::array<double, D != 0 ? D : kMaxBoxDim> offset;  // per-axis distance from q to the current cell

    std::size_t dim() const noexcept { return D != 0 ? D : t.dim_; }

    void scan(std::size_t begin, std::size_t end) {
      const std::size_t n = dim();
      const double* p = t.data_.data() + begin * n;
      double bound = result.bound;
      if constexpr (M == Metric::euclidean) {
        double threshold = square_threshold(bound);
        for (std::size_t pos = begin; pos < end; ++pos, p += n) {
          const double s = detail::distance_accumulate<M>(q, p, n);
          if (s > threshold) continue;
          const double d = detail::distance_finish<M>(s);
          if (d <= bound) {
            result.offer(d, t.index_[pos]);
            if (result.bound != bound) {
              bound = result.bound;
              threshold = square_threshold(bound);
            }
          }
        }
      } else {
        for (std::size_t pos = begin; pos < end; ++pos, p += n) {
          const double d = detail::distance_raw<M>(q, p, n);
          if (d <= bound) {
            result.offer(d, t.index_[pos]);
            bound = result.bound;
          }
        }
      }
    }

    void run(std::uint32_t id, double cell_bound) {
      const Node& node = t.nodes_[id];
      if (node.axis == kLeaf) {
        scan(node.begin, node.end);
        return;
      }
      const double diff = q[node.axis] - node.split;
      const std::uint32_t near = diff < 0.0 ? id + 1 : node.right;
      const std::uint32_t far = diff < 0.0 ? node.right : id + 1;
      run(near, cell_bound);
      const double gap = std::abs(diff);
      if (gap > result.bound) return;
      if (D != 0 || dim() <= kMaxBoxDim) {
        const double old = offset[node.axis];
        offset[node.axis] = gap;
        const double far_bound = detail::distance_raw<M>(offset.data(), kZeros.data(), dim());
        if (far_bound <= result.bound) run(far, far_bound);
        offset[node.axis] = old;
      } else {
        const double far_bound = std::max(cell_bound, gap);
        if (far_bound <= result.bound) run(far, far_bound);
      }
    }
  };

  template <Metric M, std::size_t D, class Result>
  static void search(const KdTree& t, const double* q, Result& result) {
    Search<M, D, Result> s{t, q, result, {}};
    s.run(0, 0.0);
  }

  // Calls f.template operator()<M, D>() with the tree's metric and (small) dimension as constants.
  template <class F>
  static decltype(auto) dispatch(const KdTree& t, F&& f) {
    auto by_dim = [&]<Metric M>() -> decltype(auto) {
      switch (t.dim_) {
        case 1:
          return f.template operator()<M, 1>();
        case 2:
          return f.template operator()<M, 2>();
        case 3:
          return f.template operator()<M, 3>();
        default:
          return f.template operator()<M, 0>();
      }
    };
    switch (t.metric_) {
      case Metric::manhattan:
        return by_dim.template operator()<Metric::manhattan>();
      case Metric::chebyshev:
        return by_dim.template operator()<Metric::chebyshev>();
      case Metric::euclidean:
        break;
    }
    return by_dim.template operator()<Metric::euclidean>();
  }
};

KdTree::KdTree(std::span<const double> points, std::size_t dim, Metric metric) : dim_(dim), metric_(metric) {
  if (dim == 0) throw std::invalid_argument("KdTree: dim must be positive");
  if (points.size() % dim != 0) {
    throw std::invalid_argument("KdTree: points has " + std::to_string(points.size()) +
                                " values, not a multiple of dim (" + std::to_string(dim) + ")");
  }
  const std::size_t n = points.size() / dim;
  if (n >= std::size_t{kLeaf}) throw std::length_error("KdTree: too many points");
  for (double x : points) {
    if (!std::isfinite(x)) throw std::invalid_argument("KdTree: points has a coordinate that is not finite");
  }
  if (n == 0) return;

  std::vector<std::size_t> perm(n);
  std::iota(perm.begin(), perm.end(), std::size_t{0});
  // Every leaf but a lone root holds more than kLeafSize / 2 points, so this is enough room.
  nodes_.reserve(2 * std::max<std::size_t>(1, n / (kLeafSize / 2)));
  Impl::build(*this, points, perm, 0, n);

  data_.resize(n * dim);
  for (std::size_t i = 0; i < n; ++i) {
    std::copy_n(points.begin() + static_cast<std::ptrdiff_t>(perm[i] * dim), dim,
                data_.begin() + static_cast<std::ptrdiff_t>(i * dim));
  }
  index_ = std::move(perm);
}

std::size_t KdTree::nearest(std::span<const double> query) const {
  if (index_.empty()) throw std::logic_error("KdTree: nearest() on an empty tree");
  check_query(query, dim_);
  return Impl::dispatch(*this, [&]<Metric M, std::size_t D>() {
    Impl::One result;
    Impl::search<M, D>(*this, query.data(), result);
    return result.best_index;
  });
}

void KdTree::k_nearest(std::span<const double> query, std::size_t k, std::vector<Neighbor>& out) const {
  out.clear();
  if (index_.empty() || k == 0) return;
  check_query(query, dim_);
  out.reserve(std::min(k, index_.size()));
  Impl::dispatch(*this, [&]<Metric M, std::size_t D>() {
    Impl::Many result{k, out};
    Impl::search<M, D>(*this, query.data(), result);
  });
  std::sort_heap(out.begin(), out.end(), neighbor_less);
}

}  // namespace pond
