#include <gtest/gtest.h>

#include <cmath>

#include "pond/core/cvt_archive.hpp"
#include "pond/core/grid_archive.hpp"
#include "pond/core/novelty_archive.hpp"

using namespace pond;

namespace {

// Offers single candidates to an archive and returns the status.
template <class A>
AddStatus offer(A& archive, double objective, std::vector<double> descriptor, EliteId id = 0,
                Parents parents = {}, double* value = nullptr) {
  const std::vector<Vector> solutions{Vector{objective}};
  const std::vector<Parents> ps{parents};
  const std::vector<double> objectives{objective};
  std::vector<AddStatus> status(1);
  std::vector<double> values(1);
  archive.add({id, id}, solutions, ps, objectives, descriptor, status, values);
  if (value) *value = values[0];
  return status[0];
}

GridOptions unit_grid() { return {.dims = {10, 5}, .lower = {0, 0}, .upper = {1, 1}}; }

}  // namespace

TEST(GridArchive, CellIndexIsRowMajorAndClampsOutside) {
  const auto g = unit_grid();
  EXPECT_EQ(grid::cell_index(g, std::vector<double>{0.0, 0.0}), 0u);
  EXPECT_EQ(grid::cell_index(g, std::vector<double>{0.05, 0.99}), 4u);
  EXPECT_EQ(grid::cell_index(g, std::vector<double>{0.15, 0.0}), 5u);
  EXPECT_EQ(grid::cell_index(g, std::vector<double>{0.999, 0.999}), 49u);
  EXPECT_EQ(grid::cell_index(g, std::vector<double>{1.0, 1.0}), 49u);    // upper edge belongs to the last cell
  EXPECT_EQ(grid::cell_index(g, std::vector<double>{-5.0, 7.0}), 4u);    // clamped
  EXPECT_EQ(grid::cell_index(g, std::vector<double>{0.1, 0.2}), 6u);     // exact boundaries go up
  const auto c = grid::cell_center(g, 6);
  EXPECT_DOUBLE_EQ(c[0], 0.15);
  EXPECT_DOUBLE_EQ(c[1], 0.3);
}

TEST(GridArchive, KeepsTheBestPerCellAndReportsStatus) {
  GridArchive<Vector> a(unit_grid());
  double gain = 0;
  EXPECT_EQ(offer(a, 5.0, {0.01, 0.01}, 0, {}, &gain), AddStatus::new_cell);
  EXPECT_DOUBLE_EQ(gain, 5.0);
  EXPECT_EQ(offer(a, 4.0, {0.02, 0.02}, 1), AddStatus::not_added);
  EXPECT_EQ(offer(a, 5.0, {0.02, 0.02}, 2), AddStatus::not_added);  // ties keep the incumbent
  EXPECT_EQ(offer(a, 7.0, {0.03, 0.03}, 3, {0, no_parent}, &gain), AddStatus::improved);
  EXPECT_DOUBLE_EQ(gain, 2.0);
  EXPECT_EQ(offer(a, 1.0, {0.9, 0.9}, 4), AddStatus::new_cell);
  ASSERT_EQ(a.size(), 2u);
  const auto e = a.elites().at(static_cast<std::size_t>(a.slot_of_cell(0)));
  EXPECT_EQ(e.id, 3u);
  EXPECT_EQ(e.parents.first, 0u);
  EXPECT_EQ(e.birth, 4u);
  EXPECT_DOUBLE_EQ(e.objective, 7.0);
  EXPECT_EQ(a.slot_of_cell(1), -1);
  const auto m = a.metrics();
  EXPECT_EQ(m.elites, 2u);
  EXPECT_EQ(m.cells, 50u);
  EXPECT_DOUBLE_EQ(m.coverage, 2.0 / 50.0);
  EXPECT_DOUBLE_EQ(m.qd_score, 8.0);
  EXPECT_DOUBLE_EQ(m.norm_qd_score, 8.0 / 50.0);
  EXPECT_DOUBLE_EQ(m.best_objective, 7.0);
  EXPECT_TRUE(std::isnan(m.novelty_threshold));
}

TEST(GridArchive, QdOffsetShiftsTheScore) {
  auto options = unit_grid();
  options.qd_offset = -10;
  GridArchive<Vector> a(options);
  offer(a, 5.0, {0.5, 0.5});
  EXPECT_DOUBLE_EQ(a.metrics().qd_score, 15.0);
}

TEST(GridArchive, RejectsBadOptionsAndMismatchedBatches) {
  EXPECT_THROW(GridArchive<Vector>({.dims = {}, .lower = {}, .upper = {}}), std::invalid_argument);
  EXPECT_THROW(GridArchive<Vector>({.dims = {0}, .lower = {0}, .upper = {1}}), std::invalid_argument);
  EXPECT_THROW(GridArchive<Vector>({.dims = {2}, .lower = {1}, .upper = {1}}), std::invalid_argument);
  EXPECT_THROW(GridArchive<Vector>({.dims = {2, 2}, .lower = {0}, .upper = {1, 1}}), std::invalid_argument);
  GridArchive<Vector> a(unit_grid());
  const std::vector<Vector> s{{1.0}};
  const std::vector<Parents> p{{}};
  const std::vector<double> o{1.0}, d{0.5};  // one descriptor value short
  std::vector<AddStatus> st(1);
  EXPECT_THROW(a.add({}, s, p, o, d, st, {}), std::invalid_argument);
}

TEST(GridArchive, SaveLoadRoundTripsExactly) {
  GridArchive<Vector> a(unit_grid());
  for (int i = 0; i < 30; ++i) offer(a, i * 0.37, {std::fmod(i * 0.13, 1.0), std::fmod(i * 0.29, 1.0)}, i, {EliteId(i / 2), no_parent});
  BinaryWriter w;
  a.save(w);
  GridArchive<Vector> b(unit_grid());
  BinaryReader r(w.bytes(), "mem");
  b.load(r);
  EXPECT_EQ(a.elites(), b.elites());
  for (std::size_t c = 0; c < a.cells(); ++c) EXPECT_EQ(a.slot_of_cell(c), b.slot_of_cell(c));
  EXPECT_EQ(a.to_json(), b.to_json());
  // Truncated data is refused and leaves a clear message.
  const std::string cut = w.bytes().substr(0, w.bytes().size() / 2);
  GridArchive<Vector> c(unit_grid());
  BinaryReader rc(cut, "archive.bin");
  EXPECT_THROW(c.load(rc), FormatError);
}

TEST(CvtArchive, CellsAreNearestCentroids) {
  CvtOptions o{.cells = 4, .lower = {0, 0}, .upper = {1, 1}, .centroids = {0.25, 0.25, 0.75, 0.25, 0.25, 0.75, 0.75, 0.75}};
  CvtArchive<Vector> a(o);
  EXPECT_EQ(a.cells(), 4u);
  EXPECT_EQ(a.cell_of(std::vector<double>{0.1, 0.1}), 0u);
  EXPECT_EQ(a.cell_of(std::vector<double>{0.9, 0.2}), 1u);
  EXPECT_EQ(a.cell_of(std::vector<double>{0.3, 0.8}), 2u);
  EXPECT_EQ(a.cell_of(std::vector<double>{5.0, 5.0}), 3u);
  EXPECT_EQ(offer(a, 1.0, {0.1, 0.1}), AddStatus::new_cell);
  EXPECT_EQ(offer(a, 2.0, {0.2, 0.3}), AddStatus::improved);
  EXPECT_EQ(offer(a, 0.5, {0.3, 0.2}), AddStatus::not_added);
  EXPECT_DOUBLE_EQ(a.metrics().coverage, 0.25);
}

TEST(CvtArchive, KMeansCentroidsAreSeededAndRoundTrip) {
  CvtOptions o{.cells = 50, .lower = {-1, -1}, .upper = {1, 1}, .samples = 2000, .iterations = 10, .seed = 5};
  CvtArchive<Vector> a(o), b(o);
  EXPECT_TRUE(std::equal(a.centroids().begin(), a.centroids().end(), b.centroids().begin()));
  offer(a, 3.0, {0.5, 0.5});
  BinaryWriter w;
  a.save(w);
  BinaryReader r(w.bytes(), "mem");
  b.load(r);
  EXPECT_EQ(a.elites(), b.elites());
  o.seed = 6;
  CvtArchive<Vector> other(o);
  BinaryReader r2(w.bytes(), "mem");
  EXPECT_THROW(other.load(r2), FormatError);  // saved centroids differ
}

TEST(NoveltyArchive, NoveltyIsMeanDistanceToKNearestInArchiveAndBatch) {
  NoveltyArchive<Vector> a({.descriptor_dim = 1, .k = 2, .initial_threshold = 0.5});
  // First batch: points 0, 1, 3. Novelty of 0 = mean(1, 3) = 2; of 1 = mean(1, 2) = 1.5; of 3 = mean(2, 3) = 2.5.
  const std::vector<Vector> s{{0}, {1}, {3}};
  const std::vector<Parents> p(3);
  const std::vector<double> o{0, 0, 0}, d{0, 1, 3};
  std::vector<AddStatus> st(3);
  std::vector<double> v(3);
  a.add({0, 0}, s, p, o, d, st, v);
  EXPECT_DOUBLE_EQ(v[0], 2.0);
  EXPECT_DOUBLE_EQ(v[1], 1.5);
  EXPECT_DOUBLE_EQ(v[2], 2.5);
  EXPECT_EQ(a.size(), 3u);
  // Against the archive {0, 1, 3} alone, 10 has novelty mean(7, 9) = 8.
  EXPECT_DOUBLE_EQ(a.novelty(std::vector<double>{10}), 8.0);
  double value = 0;
  EXPECT_EQ(offer(a, 0, {1.0}, 3, {}, &value), AddStatus::not_added);  // mean(0, 1) = 0.5, not above 0.5
  EXPECT_DOUBLE_EQ(value, 0.5);
  EXPECT_EQ(offer(a, 0, {1.2}, 4, {}, &value), AddStatus::new_cell);  // mean(0.2, 1.2) = 0.7
  EXPECT_DOUBLE_EQ(value, 0.7);
  EXPECT_EQ(a.elites().birth(3), 5u);
}

TEST(NoveltyArchive, FirstCandidateWithNoNeighbourEnters) {
  NoveltyArchive<Vector> a({.descriptor_dim = 2});
  double value = 0;
  EXPECT_EQ(offer(a, 0, {5, 5}, 0, {}, &value), AddStatus::new_cell);
  EXPECT_TRUE(std::isinf(value));
}

TEST(NoveltyArchive, ThresholdLowersAfterStallAndRisesAfterManyEntries) {
  NoveltyOptions o{.descriptor_dim = 1, .k = 1, .initial_threshold = 1.0, .stall_evaluations = 3,
                   .lower_factor = 0.5, .window_evaluations = 4, .raise_after = 1, .raise_factor = 2.0};
  NoveltyArchive<Vector> a(o);
  offer(a, 0, {0}, 0);                           // enters (no neighbour); window 1, 1 entry
  offer(a, 0, {0.1}, 1);                         // 0.1 < 1: stall 1
  offer(a, 0, {0.2}, 2);                         // stall 2
  EXPECT_DOUBLE_EQ(a.novelty_threshold(), 1.0);
  offer(a, 0, {0.05}, 3);                        // stall 3 -> x0.5; window full with 1 entry: no raise
  EXPECT_DOUBLE_EQ(a.novelty_threshold(), 0.5);
  offer(a, 0, {10}, 4);                          // enters
  offer(a, 0, {20}, 5);                          // enters
  offer(a, 0, {30}, 6);                          // enters
  offer(a, 0, {40}, 7);                          // enters: 4 entries > 1 in this window -> x2
  EXPECT_DOUBLE_EQ(a.novelty_threshold(), 1.0);
  EXPECT_DOUBLE_EQ(a.metrics().novelty_threshold, 1.0);
  EXPECT_EQ(a.metrics().cells, 0u);
  EXPECT_TRUE(std::isnan(a.metrics().coverage));
}

TEST(NoveltyArchive, StateRoundTripsAndMetricsAreConfigurable) {
  NoveltyArchive<Vector> a({.descriptor_dim = 2, .k = 3, .initial_threshold = 0.1, .metric = Metric::manhattan});
  for (int i = 0; i < 20; ++i) offer(a, i, {std::sin(i * 1.0), std::cos(i * 2.0)}, i);
  BinaryWriter w;
  a.save(w);
  NoveltyArchive<Vector> b({.descriptor_dim = 2, .k = 3, .initial_threshold = 0.1, .metric = Metric::manhattan});
  BinaryReader r(w.bytes(), "mem");
  b.load(r);
  EXPECT_EQ(a.elites(), b.elites());
  EXPECT_EQ(a.novelty_threshold(), b.novelty_threshold());
  const std::vector<double> q{0.3, 0.3};
  EXPECT_EQ(a.novelty(q), b.novelty(q));
  EXPECT_EQ(metric_from_string("chebyshev"), Metric::chebyshev);
  EXPECT_THROW(metric_from_string("cosine"), Error);
  EXPECT_THROW(NoveltyArchive<Vector>({.descriptor_dim = 2, .k = 0}), std::invalid_argument);
}
