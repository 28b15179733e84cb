#include "pond/core/kd_tree.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

#include "pond/core/kmeans.hpp"
#include "pond/core/metric.hpp"
#include "pond/core/rng.hpp"

namespace {

using pond::KdTree;
using pond::Metric;
using pond::Neighbor;

std::span<const double> row(const std::vector<double>& flat, std::size_t i, std::size_t dim) {
  return std::span<const double>(flat).subspan(i * dim, dim);
}

// All points sorted by (distance, index): the reference answer.
std::vector<Neighbor> brute_force(const std::vector<double>& points, std::size_t dim, Metric metric,
                                  std::span<const double> query) {
  std::vector<Neighbor> all;
  for (std::size_t i = 0; i < points.size() / dim; ++i) {
    all.push_back({pond::distance(metric, query, row(points, i, dim)), i});
  }
  std::sort(all.begin(), all.end(), [](const Neighbor& a, const Neighbor& b) {
    return a.distance < b.distance || (a.distance == b.distance && a.index < b.index);
  });
  return all;
}

// Random points; with `grid` the coordinates are small integers, so there are many duplicate points
// and many exactly equal distances.
std::vector<double> random_points(pond::Rng& rng, std::size_t n, std::size_t dim, bool grid) {
  std::vector<double> v(n * dim);
  for (double& x : v) x = grid ? static_cast<double>(rng.below(4)) : rng.uniform(-1.0, 1.0);
  return v;
}

std::string metric_name(Metric m) {
  switch (m) {
    case Metric::euclidean:
      return "euclidean";
    case Metric::manhattan:
      return "manhattan";
    case Metric::chebyshev:
      return "chebyshev";
  }
  return "?";
}

TEST(Metric, Distances) {
  const std::vector<double> a{1.0, 2.0, 3.0};
  const std::vector<double> b{4.0, -2.0, 3.0};
  EXPECT_DOUBLE_EQ(pond::distance(Metric::euclidean, a, b), 5.0);
  EXPECT_DOUBLE_EQ(pond::distance(Metric::manhattan, a, b), 7.0);
  EXPECT_DOUBLE_EQ(pond::distance(Metric::chebyshev, a, b), 4.0);
  EXPECT_EQ(pond::distance(Metric::chebyshev, a, a), 0.0);
}

TEST(KdTree, MatchesBruteForce) {
  pond::Rng rng(42);
  std::vector<Neighbor> got;
  for (std::size_t dim : {1u, 2u, 3u, 5u, 40u}) {  // 40: above the box-bound limit
    for (Metric metric : {Metric::euclidean, Metric::manhattan, Metric::chebyshev}) {
      for (bool grid : {false, true}) {
        for (std::size_t n : {1u, 7u, 13u, 100u, 1000u}) {
          SCOPED_TRACE("dim " + std::to_string(dim) + ", " + metric_name(metric) + ", grid " +
                       std::to_string(grid) + ", n " + std::to_string(n));
          const std::vector<double> points = random_points(rng, n, dim, grid);
          const KdTree tree(points, dim, metric);
          ASSERT_EQ(tree.size(), n);
          ASSERT_EQ(tree.dim(), dim);
          ASSERT_EQ(tree.metric(), metric);
          // Queries: fresh random points (grid or off-grid) and the data points themselves.
          std::vector<double> queries = random_points(rng, 50, dim, grid);
          const std::vector<double> off = random_points(rng, 20, dim, false);
          queries.insert(queries.end(), off.begin(), off.end());
          const auto some = static_cast<std::ptrdiff_t>(std::min<std::size_t>(n, 20) * dim);
          queries.insert(queries.end(), points.begin(), points.begin() + some);
          for (std::size_t qi = 0; qi < queries.size() / dim; ++qi) {
            const auto q = row(queries, qi, dim);
            const std::vector<Neighbor> want = brute_force(points, dim, metric, q);
            ASSERT_EQ(tree.nearest(q), want.front().index);
            for (std::size_t k : {1u, 3u, 10u}) {
              tree.k_nearest(q, k, got);
              const std::vector<Neighbor> prefix(want.begin(),
                                                 want.begin() + static_cast<std::ptrdiff_t>(std::min(k, n)));
              ASSERT_EQ(got, prefix) << "k " << k;
            }
          }
        }
      }
    }
  }
}

TEST(KdTree, KLargerThanSizeReturnsAllSorted) {
  pond::Rng rng(7);
  const std::vector<double> points = random_points(rng, 30, 2, true);
  const KdTree tree(points, 2, Metric::manhattan);
  const std::vector<double> q{1.5, 0.5};
  std::vector<Neighbor> got(5, Neighbor{-1.0, 99});  // old contents must go
  tree.k_nearest(q, 1000, got);
  EXPECT_EQ(got, brute_force(points, 2, Metric::manhattan, q));
  tree.k_nearest(q, 0, got);
  EXPECT_TRUE(got.empty());
}

TEST(KdTree, AllDuplicatesTieOnIndex) {
  const std::vector<double> points(3 * 40, 0.25);  // 40 equal points in 3-D
  const KdTree tree(points, 3);
  const std::vector<double> q{1.0, 1.0, 1.0};
  EXPECT_EQ(tree.nearest(q), 0u);
  std::vector<Neighbor> got;
  tree.k_nearest(q, 4, got);
  ASSERT_EQ(got.size(), 4u);
  for (std::size_t i = 0; i < 4; ++i) EXPECT_EQ(got[i].index, i);
  EXPECT_DOUBLE_EQ(got[0].distance, std::sqrt(3.0) * 0.75);
}

TEST(KdTree, CopiesPoints) {
  std::vector<double> points{0.0, 0.0, 10.0, 10.0};
  const KdTree tree(points, 2);
  points.assign(points.size(), 100.0);
  points.clear();
  points.shrink_to_fit();
  std::vector<Neighbor> got;
  tree.k_nearest(std::vector<double>{9.0, 9.0}, 1, got);
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].index, 1u);
  EXPECT_DOUBLE_EQ(got[0].distance, std::sqrt(2.0));
}

TEST(KdTree, EmptyTree) {
  const KdTree tree(std::span<const double>{}, 2);
  EXPECT_EQ(tree.size(), 0u);
  EXPECT_EQ(tree.dim(), 2u);
  const std::vector<double> q{0.0, 0.0};
  EXPECT_THROW((void)tree.nearest(q), std::logic_error);
  std::vector<Neighbor> got{{1.0, 2}};
  tree.k_nearest(q, 3, got);
  EXPECT_TRUE(got.empty());

  const KdTree none;
  EXPECT_EQ(none.size(), 0u);
  EXPECT_THROW((void)none.nearest({}), std::logic_error);
}

TEST(KdTree, BadInputThrows) {
  const std::vector<double> points{0.0, 1.0, 2.0};
  EXPECT_THROW(KdTree(points, 0), std::invalid_argument);
  EXPECT_THROW(KdTree(points, 2), std::invalid_argument);
  const std::vector<double> nan{0.0, std::nan("")};
  EXPECT_THROW(KdTree(nan, 1), std::invalid_argument);
  const std::vector<double> inf{0.0, INFINITY};
  EXPECT_THROW(KdTree(inf, 1), std::invalid_argument);
  const KdTree tree(points, 1);
  EXPECT_THROW((void)tree.nearest(std::vector<double>{0.0, 0.0}), std::invalid_argument);
  std::vector<Neighbor> got;
  EXPECT_THROW(tree.k_nearest(std::vector<double>{}, 1, got), std::invalid_argument);
  EXPECT_THROW((void)tree.nearest(std::vector<double>{std::nan("")}), std::invalid_argument);
}

// --- k-means -----------------------------------------------------------------------------------------

pond::CvtCentroidOptions small_options(std::uint64_t seed) {
  pond::CvtCentroidOptions o;
  o.cells = 40;
  o.lower = {-1.0, 2.0};
  o.upper = {1.0, 5.0};
  o.samples = 20'000;
  o.iterations = 50;
  o.seed = seed;
  return o;
}

TEST(CvtCentroids, DeterministicForASeed) {
  const auto a = pond::cvt_centroids(small_options(3));
  const auto b = pond::cvt_centroids(small_options(3));
  EXPECT_EQ(a, b);
  const auto c = pond::cvt_centroids(small_options(4));
  EXPECT_NE(a, c);
}

TEST(CvtCentroids, CountAndBox) {
  const auto o = small_options(11);
  const auto c = pond::cvt_centroids(o);
  ASSERT_EQ(c.size(), o.cells * 2);
  for (std::size_t i = 0; i < o.cells; ++i) {
    for (std::size_t a = 0; a < 2; ++a) {
      EXPECT_GE(c[i * 2 + a], o.lower[a]);
      EXPECT_LE(c[i * 2 + a], o.upper[a]);
    }
  }
  // No two centroids coincide.
  const KdTree tree(c, 2);
  std::vector<Neighbor> got;
  for (std::size_t i = 0; i < o.cells; ++i) {
    tree.k_nearest(row(c, i, 2), 2, got);
    EXPECT_GT(got[1].distance, 0.0);
  }
}

TEST(CvtCentroids, CentroidsAreMeansOfTheirRegions) {
  // With Lloyd iterations run to convergence, each centroid is (nearly) the mean of the box's part
  // nearest to it; estimate those means with fresh samples and a brute-force assignment.
  auto o = small_options(5);
  o.cells = 12;
  o.iterations = 200;
  const auto c = pond::cvt_centroids(o);
  pond::Rng rng(99);
  std::vector<double> sums(o.cells * 2, 0.0);
  std::vector<double> counts(o.cells, 0.0);
  for (int i = 0; i < 200'000; ++i) {
    const std::vector<double> s{rng.uniform(o.lower[0], o.upper[0]), rng.uniform(o.lower[1], o.upper[1])};
    std::size_t best = 0;
    for (std::size_t j = 1; j < o.cells; ++j) {
      if (pond::distance(Metric::euclidean, s, row(c, j, 2)) <
          pond::distance(Metric::euclidean, s, row(c, best, 2))) {
        best = j;
      }
    }
    counts[best] += 1.0;
    sums[best * 2] += s[0];
    sums[best * 2 + 1] += s[1];
  }
  // Cells are about sqrt(2 * 3 / 12) ~ 0.7 wide; demand the centroid within 5% of that.
  for (std::size_t j = 0; j < o.cells; ++j) {
    ASSERT_GT(counts[j], 0.0);
    EXPECT_NEAR(c[j * 2], sums[j * 2] / counts[j], 0.035) << "cell " << j;
    EXPECT_NEAR(c[j * 2 + 1], sums[j * 2 + 1] / counts[j], 0.035) << "cell " << j;
  }
}

TEST(CvtCentroids, ZeroIterationsGivesDistinctSamples) {
  auto o = small_options(8);
  o.cells = 100;
  o.samples = 100;  // every sample becomes a centroid
  o.iterations = 0;
  auto c = pond::cvt_centroids(o);
  ASSERT_EQ(c.size(), 200u);
  std::vector<std::pair<double, double>> pts;
  for (std::size_t i = 0; i < 100; ++i) pts.emplace_back(c[2 * i], c[2 * i + 1]);
  std::sort(pts.begin(), pts.end());
  EXPECT_EQ(std::adjacent_find(pts.begin(), pts.end()), pts.end());
}

TEST(CvtCentroids, OneDimensionAndHigher) {
  pond::CvtCentroidOptions o;
  o.cells = 4;
  o.lower = {0.0};
  o.upper = {1.0};
  o.samples = 40'000;
  o.iterations = 100;
  auto c = pond::cvt_centroids(o);
  std::sort(c.begin(), c.end());
  for (std::size_t i = 0; i < 4; ++i) EXPECT_NEAR(c[i], (2.0 * static_cast<double>(i) + 1.0) / 8.0, 0.01);

  o.cells = 30;
  o.lower = {0, 0, 0, 0, 0};
  o.upper = {1, 1, 1, 1, 1};
  o.samples = 3000;
  o.iterations = 10;
  EXPECT_EQ(pond::cvt_centroids(o).size(), 150u);
}

std::string error_of(const pond::CvtCentroidOptions& o) {
  try {
    (void)pond::cvt_centroids(o);
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "";
}

TEST(CvtCentroids, BadOptionsThrow) {
  auto o = small_options(1);
  o.cells = 100;
  o.samples = 50;
  EXPECT_EQ(error_of(o), "cvt: samples (50) must be at least cells (100)");

  o = small_options(1);
  o.cells = 0;
  EXPECT_NE(error_of(o).find("cells (0)"), std::string::npos);

  o = small_options(1);
  o.upper.push_back(1.0);
  EXPECT_NE(error_of(o).find("upper"), std::string::npos);

  o = small_options(1);
  o.lower.clear();
  o.upper.clear();
  EXPECT_NE(error_of(o).find("lower"), std::string::npos);

  o = small_options(1);
  o.lower[1] = 5.0;
  EXPECT_EQ(error_of(o), "cvt: lower[1] (5) must be less than upper[1] (5)");

  o = small_options(1);
  o.upper[0] = std::nan("");
  EXPECT_NE(error_of(o).find("upper[0]"), std::string::npos);

  o = small_options(1);
  o.lower[0] = -INFINITY;
  EXPECT_NE(error_of(o).find("lower[0] (-inf)"), std::string::npos);
}

}  // namespace
