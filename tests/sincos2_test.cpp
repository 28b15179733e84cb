// The arm's two-lane sine and cosine against the C library.
#include <gtest/gtest.h>

#include <cmath>
#include <numbers>

#include "../src/tasks/sincos2.hpp"
#include "pond/core/rng.hpp"

using pond::tasks::detail::f64x2;
using pond::tasks::detail::sincos2;

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
