#pragma once
// Sine and cosine of two angles at once, in two-lane vector registers (GCC/Clang vector types, so
// SSE2 on x86-64 and NEON on ARMv8; no -march flag needed). Used by the planar arm, whose evaluation is
// otherwise dominated by scalar sin/cos calls.
//
// Method: Cody-Waite reduction by pi/2 in three parts, then Taylor polynomials of sin and cos on
// [-pi/4, pi/4] (truncation error below 1e-16), and the quadrant's swap and signs. Accurate to about
// one unit in the last place for |angle| <= 1e5; larger angles are passed to std::sin / std::cos.

#include <cmath>
#include <cstdint>
#include <limits>

namespace pond::tasks::detail {

typedef double f64x2 __attribute__((vector_size(16)));
typedef std::int64_t i64x2 __attribute__((vector_size(16)));

/// Writes sin(a) and cos(a) for both lanes of `a`.
inline void sincos2(f64x2 a, f64x2& sin_out, f64x2& cos_out) noexcept {
  constexpr double kLimit = 1e5;
  if (!(std::abs(a[0]) <= kLimit && std::abs(a[1]) <= kLimit)) {
    for (int l = 0; l < 2; ++l) {
      sin_out[l] = std::sin(a[l]);
      cos_out[l] = std::cos(a[l]);
    }
    return;
  }
  // k = nearest integer to a / (pi/2), through the 1.5 * 2^52 trick: the low bits of the sum's
  // mantissa are k modulo 4 (the quadrant), also for negative k.
  const f64x2 magic = {0x1.8p52, 0x1.8p52};
  const f64x2 two_over_pi = {0.63661977236758134308, 0.63661977236758134308};
  const f64x2 shifted = a * two_over_pi + magic;
  const f64x2 k = shifted - magic;
  const i64x2 quadrant = reinterpret_cast<i64x2>(shifted) & i64x2{3, 3};
  // pi/2 in three parts, each exact when multiplied by k (|k| < 2^20).
  const f64x2 pio2_1 = {1.57079632673412561417e+00, 1.57079632673412561417e+00};
  const f64x2 pio2_2 = {6.07710050630396597660e-11, 6.07710050630396597660e-11};
  const f64x2 pio2_3 = {2.02226624879595063154e-21, 2.02226624879595063154e-21};
  const f64x2 r = ((a - k * pio2_1) - k * pio2_2) - k * pio2_3;
  const f64x2 r2 = r * r;
  // sin r = r (1 - r^2/3! + r^4/5! - ... - r^14/15!); cos r = 1 - r^2/2! + ... + r^16/16!.
  f64x2 s = f64x2{} + -1.0 / 1307674368000.0;
  s = s * r2 + 1.0 / 6227020800.0;
  s = s * r2 + -1.0 / 39916800.0;
  s = s * r2 + 1.0 / 362880.0;
  s = s * r2 + -1.0 / 5040.0;
  s = s * r2 + 1.0 / 120.0;
  s = s * r2 + -1.0 / 6.0;
  s = r + r * r2 * s;
  f64x2 c = f64x2{} + 1.0 / 20922789888000.0;
  c = c * r2 + -1.0 / 87178291200.0;
  c = c * r2 + 1.0 / 479001600.0;
  c = c * r2 + -1.0 / 3628800.0;
  c = c * r2 + 1.0 / 40320.0;
  c = c * r2 + -1.0 / 720.0;
  c = c * r2 + 1.0 / 24.0;
  c = c * r2 + -0.5;
  c = 1.0 + r2 * c;
  // Quadrant q: sin a = (s, c, -s, -c)[q], cos a = (c, -s, -c, s)[q].
  // Masks by shifts and a negation, not by comparisons: SSE2 has no 64-bit integer compare, so a
  // compare would go through scalar registers lane by lane.
  const i64x2 swap = i64x2{0, 0} - (quadrant & 1);                          // all ones for odd q
  const i64x2 sin_negative = (quadrant & 2) << 62;                          // the sign bit for q = 2, 3
  const i64x2 cos_negative = ((quadrant + 1) & 2) << 62;                    // the sign bit for q = 1, 2
  const i64x2 si = reinterpret_cast<i64x2>(s), ci = reinterpret_cast<i64x2>(c);
  sin_out = reinterpret_cast<f64x2>(((ci & swap) | (si & ~swap)) ^ sin_negative);
  cos_out = reinterpret_cast<f64x2>(((si & swap) | (ci & ~swap)) ^ cos_negative);
}

}  // namespace pond::tasks::detail
