#include "pond/core/rng.hpp"
#include "pond/core/simd_kernel.hpp"

#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <cstdint>
#include <vector>
#include <set>

using pond::Rng;

TEST(Rng, SameSeedSameStream) {
  Rng a(42), b(42), c(43);
  for (int i = 0; i < 100; ++i) {
    const auto x = a();
    EXPECT_EQ(x, b());
    EXPECT_NE(x, c());
  }
}

TEST(Rng, StreamsDependOnEveryTagAndItsPosition) {
  std::set<std::uint64_t> firsts;
  for (std::uint64_t t0 = 0; t0 < 4; ++t0) {
    for (std::uint64_t t1 = 0; t1 < 4; ++t1) firsts.insert(Rng::stream(7, {t0, t1})());
  }
  EXPECT_EQ(firsts.size(), 16u);
  EXPECT_NE(Rng::stream(7, {1, 2})(), Rng::stream(7, {2, 1})());
  EXPECT_EQ(Rng::stream(7, {1, 2})(), Rng::stream(7, {1, 2})());
  EXPECT_NE(Rng::stream(7, {1})(), Rng::stream(8, {1})());
}

TEST(Rng, UniformInUnitInterval) {
  Rng rng(1);
  double sum = 0;
  for (int i = 0; i < 100000; ++i) {
    const double u = rng.uniform();
    ASSERT_GE(u, 0.0);
    ASSERT_LT(u, 1.0);
    sum += u;
  }
  EXPECT_NEAR(sum / 100000, 0.5, 0.01);
}

TEST(Rng, BelowIsUnbiasedAndInRange) {
  Rng rng(2);
  std::array<int, 7> counts{};
  for (int i = 0; i < 70000; ++i) {
    const auto k = rng.below(7);
    ASSERT_LT(k, 7u);
    ++counts[k];
  }
  for (int c : counts) EXPECT_NEAR(c, 10000, 500);
  EXPECT_EQ(rng.below(1), 0u);
}

TEST(Rng, NormalHasStandardMoments) {
  Rng rng(3);
  const int n = 1'000'000;
  double m1 = 0, m2 = 0, m3 = 0, m4 = 0;
  int beyond3 = 0;
  for (int i = 0; i < n; ++i) {
    const double z = rng.normal();
    m1 += z;
    m2 += z * z;
    m3 += z * z * z;
    m4 += z * z * z * z;
    beyond3 += std::abs(z) > 3.0;
  }
  EXPECT_NEAR(m1 / n, 0.0, 0.005);
  EXPECT_NEAR(m2 / n, 1.0, 0.005);
  EXPECT_NEAR(m3 / n, 0.0, 0.02);
  EXPECT_NEAR(m4 / n, 3.0, 0.03);
  // P(|Z| > 3) = 0.0026998: checks the tail and the wedges, not just the rectangles.
  EXPECT_NEAR(static_cast<double>(beyond3) / n, 0.0026998, 0.0003);
}

TEST(Rng, NormalCdfAtSeveralPoints) {
  Rng rng(4);
  const int n = 400000;
  const double points[] = {-2.0, -1.0, -0.3, 0.0, 0.5, 1.5, 3.7};
  std::array<int, 7> below{};
  for (int i = 0; i < n; ++i) {
    const double z = rng.normal();
    for (int p = 0; p < 7; ++p) below[p] += z < points[p];
  }
  for (int p = 0; p < 7; ++p) {
    const double cdf = 0.5 * std::erfc(-points[p] / std::sqrt(2.0));
    EXPECT_NEAR(static_cast<double>(below[p]) / n, cdf, 0.003) << "at " << points[p];
  }
}

TEST(Rng, StateRoundTrips) {
  Rng a(9);
  a();
  Rng b;
  b.set_state(a.state());
  EXPECT_EQ(a, b);
  EXPECT_EQ(a(), b());
}

TEST(Rng, FillNormalHasStandardMomentsAndTails) {
  Rng rng(5);
  std::vector<double> block(1000);
  const double points[] = {-3.0, -1.0, 0.0, 0.7, 2.5};
  std::array<int, 5> below{};
  double m1 = 0, m2 = 0, m4 = 0;
  int n = 0;
  for (int rep = 0; rep < 1000; ++rep) {
    rng.fill_normal(block);
    for (double z : block) {
      m1 += z;
      m2 += z * z;
      m4 += z * z * z * z;
      for (int p = 0; p < 5; ++p) below[p] += z < points[p];
      ++n;
    }
  }
  EXPECT_NEAR(m1 / n, 0.0, 0.005);
  EXPECT_NEAR(m2 / n, 1.0, 0.005);
  EXPECT_NEAR(m4 / n, 3.0, 0.03);
  for (int p = 0; p < 5; ++p) {
    const double cdf = 0.5 * std::erfc(-points[p] / std::sqrt(2.0));
    EXPECT_NEAR(static_cast<double>(below[p]) / n, cdf, 0.002) << "at " << points[p];
  }
}

TEST(Rng, FillNormalIsDeterministicForAnyLength) {
  for (std::size_t len : {0u, 1u, 3u, 10u, 127u, 128u, 129u, 300u}) {
    Rng a(11), b(11);
    std::vector<double> x(len), y(len);
    a.fill_normal(x);
    b.fill_normal(y);
    EXPECT_EQ(x, y);
    EXPECT_EQ(a, b);
    for (double v : x) EXPECT_TRUE(std::isfinite(v));
  }
  // Consecutive blocks differ (the generator advanced).
  Rng c(12);
  std::vector<double> first(8), second(8);
  c.fill_normal(first);
  c.fill_normal(second);
  EXPECT_NE(first, second);
}

TEST(Rng, AffineFillNormalEqualsMeanPlusSigmaTimesPlainFill) {
  for (std::size_t len : {1u, 7u, 31u, 32u, 100u, 257u}) {
    Rng a(21), b(21);
    std::vector<double> z(len), mean(len), out(len);
    for (std::size_t i = 0; i < len; ++i) mean[i] = 0.25 * static_cast<double>(i) - 3.0;
    a.fill_normal(z);
    b.fill_normal(out, mean, 0.5);
    for (std::size_t i = 0; i < len; ++i) EXPECT_DOUBLE_EQ(out[i], mean[i] + 0.5 * z[i]) << len << " " << i;
    EXPECT_EQ(a, b);
  }
}

TEST(Rng, FillSimdKernelsGiveIdenticalNumbers) {
  using pond::detail::SimdKernel;
  auto draw = [](SimdKernel kernel) {
    const SimdKernel before = pond::detail::set_simd_kernel(kernel);
    std::vector<double> all;
    for (std::uint64_t seed = 0; seed < 200; ++seed) {
      for (std::size_t len : {32u, 33u, 63u, 64u, 65u, 100u, 128u, 129u, 255u, 1000u}) {
        Rng rng = Rng::stream(seed, {len});
        std::vector<double> x(len), mean(len);
        for (std::size_t i = 0; i < len; ++i) mean[i] = 0.01 * static_cast<double>(i);
        if (seed % 2 == 0) {
          rng.fill_normal(x);
        } else {
          rng.fill_normal(x, mean, 0.3);
        }
        all.insert(all.end(), x.begin(), x.end());
        all.push_back(static_cast<double>(rng() >> 11));  // the generator advanced alike too
      }
    }
    pond::detail::set_simd_kernel(before);
    return all;
  };
  const std::vector<double> portable = draw(SimdKernel::portable);
  for (SimdKernel kernel : {SimdKernel::sse2, SimdKernel::avx2}) {
    const std::vector<double> other = draw(kernel);
    ASSERT_EQ(other.size(), portable.size());
    for (std::size_t i = 0; i < portable.size(); ++i) {
      ASSERT_EQ(std::bit_cast<std::uint64_t>(other[i]), std::bit_cast<std::uint64_t>(portable[i]))
          << "kernel " << static_cast<int>(kernel) << " differs at value " << i;
    }
  }
}

TEST(Rng, SetSimdKernelFallsBackToWhatTheCpuHas) {
  using pond::detail::SimdKernel;
  const SimdKernel best = pond::detail::simd_kernel();
  const SimdKernel before = pond::detail::set_simd_kernel(SimdKernel::avx2);
  EXPECT_EQ(before, best);
  EXPECT_LE(static_cast<int>(pond::detail::simd_kernel()), static_cast<int>(SimdKernel::avx2));
  pond::detail::set_simd_kernel(SimdKernel::portable);
  EXPECT_EQ(pond::detail::simd_kernel(), SimdKernel::portable);
  pond::detail::set_simd_kernel(before);
}
