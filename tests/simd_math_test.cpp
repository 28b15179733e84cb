// pond's own vectorised math against the C library: the arm's sine and cosine (radians), the maze's
// (degrees), and exp with NEAT's sigmoid.
#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <numbers>

#include "../src/core/simd_exp.hpp"
#include "../src/core/simd_sincos.hpp"
#include "pond/core/rng.hpp"

using pond::simd::f64x2;
using pond::simd::sincos2;

TEST(SinCos2, MatchesTheLibraryToAboutOneUlp) {
  pond::Rng rng(1);
  double worst = 0;
  for (int i = 0; i < 200000; ++i) {
    const double scale = i % 3 == 0 ? 1e-3 : i % 3 == 1 ? 10.0 : 1000.0;
    const f64x2 a = {rng.uniform(-scale, scale), rng.uniform(-scale, scale)};
    f64x2 s, c;
    sincos2(a, s, c);
    for (int l = 0; l < 2; ++l) {
      worst = std::max(worst, std::abs(s[l] - std::sin(a[l])));
      worst = std::max(worst, std::abs(c[l] - std::cos(a[l])));
    }
  }
  EXPECT_LT(worst, 3e-16);
}

TEST(SinCos2, QuadrantBoundariesAndSpecialValues) {
  for (int q = -8; q <= 8; ++q) {
    const double a = q * std::numbers::pi / 4;
    f64x2 s, c;
    sincos2(f64x2{a, -a}, s, c);
    EXPECT_NEAR(s[0], std::sin(a), 1e-15) << q;
    EXPECT_NEAR(c[0], std::cos(a), 1e-15) << q;
    EXPECT_NEAR(s[1], std::sin(-a), 1e-15) << q;
    EXPECT_NEAR(c[1], std::cos(-a), 1e-15) << q;
  }
  f64x2 s, c;
  sincos2(f64x2{0.0, 1e7}, s, c);  // a large angle takes the library path
  EXPECT_EQ(s[0], 0.0);
  EXPECT_EQ(c[0], 1.0);
  EXPECT_DOUBLE_EQ(s[1], std::sin(1e7));
  sincos2(f64x2{std::nan(""), 1.0}, s, c);
  EXPECT_TRUE(std::isnan(s[0]));
  EXPECT_TRUE(std::isnan(c[0]));
  EXPECT_DOUBLE_EQ(s[1], std::sin(1.0));
}

// ---------------------------------------------------------------------------------------------------
// sincos_degrees_lanes: the maze robot's heading

TEST(SinCosDegrees, MatchesTheLibraryAndIsExactOnAxes) {
  pond::Rng rng(2);
  double worst = 0;
  for (int i = 0; i < 200000; ++i) {
    const double a = i % 2 == 0 ? rng.uniform(0.0, 360.0) : rng.uniform(-1e6, 1e6);
    f64x2 s, c;
    pond::simd::sincos_degrees_lanes<f64x2, pond::simd::i64x2>(f64x2{a, a}, s, c);
    // The reference in long double, reduced exactly by fmod first.
    const long double r = std::fmod(static_cast<long double>(a), 360.0L) * (std::numbers::pi_v<long double> / 180);
    worst = std::max(worst, std::abs(static_cast<double>(s[0] - std::sin(r))));
    worst = std::max(worst, std::abs(static_cast<double>(c[0] - std::cos(r))));
  }
  EXPECT_LT(worst, 3e-16);
  for (int q = -12; q <= 12; ++q) {
    f64x2 s, c;
    pond::simd::sincos_degrees_lanes<f64x2, pond::simd::i64x2>(f64x2{90.0 * q, 90.0 * q}, s, c);
    const int m = ((q % 4) + 4) % 4;
    EXPECT_EQ(c[0], m == 0 ? 1.0 : m == 2 ? -1.0 : 0.0) << q;
    EXPECT_EQ(s[0], m == 1 ? 1.0 : m == 3 ? -1.0 : 0.0) << q;
  }
}

// ---------------------------------------------------------------------------------------------------
// exp_lanes and the NEAT sigmoid

TEST(Exp, MatchesTheLibraryToAboutOneUlp) {
  pond::Rng rng(3);
  double worst_ulps = 0;
  for (int i = 0; i < 300000; ++i) {
    const double x = i % 3 == 0 ? rng.uniform(-1.0, 1.0) : i % 3 == 1 ? rng.uniform(-40.0, 40.0) : rng.uniform(-708.0, 709.0);
    const double got = pond::simd::exp(x), want = std::exp(x);
    worst_ulps = std::max(worst_ulps, std::abs(got - want) / (std::nextafter(want, INFINITY) - want));
  }
  EXPECT_LE(worst_ulps, 2.0);
}

TEST(Exp, SpecialValuesAndRangeEnds) {
  EXPECT_EQ(pond::simd::exp(0.0), 1.0);
  EXPECT_EQ(pond::simd::exp(-0.0), 1.0);
  EXPECT_EQ(pond::simd::exp(-INFINITY), 0.0);
  EXPECT_EQ(pond::simd::exp(INFINITY), INFINITY);
  EXPECT_TRUE(std::isnan(pond::simd::exp(std::nan(""))));
  EXPECT_EQ(pond::simd::exp(710.0), INFINITY);  // beyond the largest double
  EXPECT_TRUE(std::isfinite(pond::simd::exp(709.78)));
  EXPECT_NEAR(pond::simd::exp(709.78) / std::exp(709.78), 1.0, 1e-15);
  EXPECT_EQ(pond::simd::exp(-746.0), 0.0);
  // Subnormal results: within a subnormal's spacing of the library's.
  for (const double x : {-708.5, -720.0, -740.0, -745.0}) EXPECT_NEAR(pond::simd::exp(x), std::exp(x), 1e-323) << x;
  EXPECT_GT(pond::simd::exp(-745.0), 0.0);
  // The sigmoid: 0.5 at 0, symmetric, saturating without NaN.
  EXPECT_EQ(pond::simd::sigmoid(0.0), 0.5);
  EXPECT_EQ(pond::simd::sigmoid(1e300), 1.0);
  EXPECT_EQ(pond::simd::sigmoid(-1e300), 0.0);
  EXPECT_EQ(pond::simd::sigmoid(INFINITY), 1.0);
  EXPECT_EQ(pond::simd::sigmoid(-INFINITY), 0.0);
  EXPECT_TRUE(std::isnan(pond::simd::sigmoid(std::nan(""))));
  EXPECT_DOUBLE_EQ(pond::simd::sigmoid(0.3), 1.0 / (1.0 + std::exp(-4.924273 * 0.3)));
}

#if defined(__x86_64__)
namespace {
// Four lanes in an AVX2 function, as the networks' and the maze's AVX2 kernels compute them.
__attribute__((target("avx2"))) void exp_and_sincos_four(const double* in, double* e, double* s, double* c) {
  pond::simd::f64x4 v, ev, sv, cv;
  std::memcpy(&v, in, sizeof v);
  pond::simd::exp_lanes<pond::simd::f64x4, pond::simd::i64x4>(v, ev);
  pond::simd::sincos_degrees_lanes<pond::simd::f64x4, pond::simd::i64x4>(v, sv, cv);
  std::memcpy(e, &ev, sizeof ev);
  std::memcpy(s, &sv, sizeof sv);
  std::memcpy(c, &cv, sizeof cv);
}
}  // namespace

TEST(Exp, FourLanesGiveTheTwoLaneBits) {
  if (!__builtin_cpu_supports("avx2")) GTEST_SKIP() << "no AVX2 on this CPU";
  pond::Rng rng(4);
  for (int i = 0; i < 20000; ++i) {
    double in[4], e[4], s[4], c[4];
    for (double& x : in) x = rng.uniform(-750.0, 750.0);
    exp_and_sincos_four(in, e, s, c);
    for (int l = 0; l < 4; ++l) {
      f64x2 s2, c2;
      pond::simd::sincos_degrees_lanes<f64x2, pond::simd::i64x2>(f64x2{in[l], in[l]}, s2, c2);
      ASSERT_EQ(std::bit_cast<std::uint64_t>(e[l]), std::bit_cast<std::uint64_t>(pond::simd::exp(in[l]))) << in[l];
      ASSERT_EQ(std::bit_cast<std::uint64_t>(s[l]), std::bit_cast<std::uint64_t>(s2[0])) << in[l];
      ASSERT_EQ(std::bit_cast<std::uint64_t>(c[l]), std::bit_cast<std::uint64_t>(c2[0])) << in[l];
    }
  }
}
#endif
