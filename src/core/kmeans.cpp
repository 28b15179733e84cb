#include "pond/core/kmeans.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <sstream>
#include <stdexcept>
#include <string>

#include "pond/core/kd_tree.hpp"
#include "pond/core/rng.hpp"

namespace pond {

namespace {

constexpr std::uint64_t kCvtTag = 0x637674;  // "cvt": the second tag of the sampling stream

std::string show(double x) {
  std::ostringstream s;
  s.precision(17);
  s << x;
  return s.str();
}

[[noreturn]] void fail(const std::string& what) { throw std::invalid_argument("cvt: " + what); }

void validate(const CvtCentroidOptions& o) {
  if (o.cells == 0) fail("cells (0) must be positive");
  if (o.lower.empty()) fail("lower and upper must have at least one dimension (got 0)");
  if (o.lower.size() != o.upper.size()) {
    fail("lower has " + std::to_string(o.lower.size()) + " values but upper has " +
         std::to_string(o.upper.size()));
  }
  for (std::size_t i = 0; i < o.lower.size(); ++i) {
    // Built in steps: GCC 12 gives a false -Wrestrict warning for "[" + std::to_string(i) + "]".
    std::string at = "[";
    at += std::to_string(i);
    at += ']';
    if (!std::isfinite(o.lower[i])) fail("lower" + at + " (" + show(o.lower[i]) + ") must be finite");
    if (!std::isfinite(o.upper[i])) fail("upper" + at + " (" + show(o.upper[i]) + ") must be finite");
    if (!(o.lower[i] < o.upper[i])) {
      fail("lower" + at + " (" + show(o.lower[i]) + ") must be less than upper" + at + " (" +
           show(o.upper[i]) + ")");
    }
    if (!std::isfinite(o.upper[i] - o.lower[i])) {
      fail("upper" + at + " - lower" + at + " (" + show(o.upper[i]) + " - " + show(o.lower[i]) +
           ") overflows");
    }
  }
  if (o.samples < o.cells) {
    fail("samples (" + std::to_string(o.samples) + ") must be at least cells (" + std::to_string(o.cells) +
         ")");
  }
  const std::size_t dim = o.lower.size();
  const std::size_t limit = std::numeric_limits<std::uint32_t>::max() - 1;
  if (o.samples > limit / dim) {
    fail("samples (" + std::to_string(o.samples) + ") times dimensions (" + std::to_string(dim) +
         ") is too large");
  }
}

}  // namespace

std::vector<double> cvt_centroids(const CvtCentroidOptions& options) {
  validate(options);
  const std::size_t dim = options.lower.size();
  const std::size_t n = options.samples;
  const std::size_t cells = options.cells;

  // Uniform samples, drawn point by point, coordinate by coordinate.
  Rng rng = Rng::stream(options.seed, {stream_tag::archive, kCvtTag});
  std::vector<double> samples(n * dim);
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t a = 0; a < dim; ++a) {
      samples[i * dim + a] = rng.uniform(options.lower[a], options.upper[a]);
    }
  }

  // Initial centroids: `cells` distinct samples, by a partial Fisher-Yates shuffle of the indices.
  std::vector<double> centroids(cells * dim);
  {
    std::vector<std::uint32_t> order(n);
    std::iota(order.begin(), order.end(), std::uint32_t{0});
    for (std::size_t c = 0; c < cells; ++c) {
      const std::size_t j = c + static_cast<std::size_t>(rng.below(n - c));
      std::swap(order[c], order[j]);
      std::copy_n(samples.begin() + static_cast<std::ptrdiff_t>(std::size_t{order[c]} * dim), dim,
                  centroids.begin() + static_cast<std::ptrdiff_t>(c * dim));
    }
  }

  // Lloyd iterations. Sums run over the samples in index order, so results depend on nothing but
  // the options. The nearest-centroid queries (whose answers do not depend on their order) go in
  // order of the previous assignment, so consecutive queries take the same path through the tree.
  constexpr std::size_t kUnassigned = std::numeric_limits<std::size_t>::max();
  std::vector<std::size_t> assignment(n, kUnassigned);
  std::vector<std::uint32_t> query_order(n);
  std::iota(query_order.begin(), query_order.end(), std::uint32_t{0});
  std::vector<double> sums(cells * dim);
  std::vector<std::size_t> counts(cells);
  std::vector<std::size_t> starts(cells);
  for (std::size_t it = 0; it < options.iterations; ++it) {
    const KdTree tree(centroids, dim);
    bool changed = false;
    for (const std::uint32_t i : query_order) {
      const std::size_t c = tree.nearest(std::span<const double>(samples).subspan(std::size_t{i} * dim, dim));
      if (c != assignment[i]) {
        assignment[i] = c;
        changed = true;
      }
    }
    if (!changed) break;

    std::fill(sums.begin(), sums.end(), 0.0);
    std::fill(counts.begin(), counts.end(), std::size_t{0});
    for (std::size_t i = 0; i < n; ++i) {
      const std::size_t c = assignment[i];
      ++counts[c];
      for (std::size_t a = 0; a < dim; ++a) sums[c * dim + a] += samples[i * dim + a];
    }
    for (std::size_t c = 0; c < cells; ++c) {
      if (counts[c] == 0) continue;  // an empty cluster keeps its centroid
      const auto count = static_cast<double>(counts[c]);
      for (std::size_t a = 0; a < dim; ++a) {
        // The mean of points in the box lies in the box; clamp away any rounding past its edges.
        centroids[c * dim + a] = std::clamp(sums[c * dim + a] / count, options.lower[a], options.upper[a]);
      }
    }

    // Counting sort of the samples by cluster: the next iteration's query order.
    std::exclusive_scan(counts.begin(), counts.end(), starts.begin(), std::size_t{0});
    for (std::size_t i = 0; i < n; ++i) query_order[starts[assignment[i]]++] = static_cast<std::uint32_t>(i);
  }
  return centroids;
}

}  // namespace pond
