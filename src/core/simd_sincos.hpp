#pragma once
// Sine and cosine of two angles at once, in two-lane vector registers (GCC/Clang vector types, so
// SSE2 on x86-64 and NEON on ARMv8; no -march flag needed), or of four in an AVX2 function: of angles in
// radians for the planar arm, in degrees for the maze robot's heading. Both would otherwise be
// dominated by scalar sin/cos calls, and the library's results may differ between machines.
//
// Method: reduction to [-pi/4, pi/4] and the quadrant (Cody-Waite by pi/2 in three parts for radians;
// exactly, by 90, for degrees), then Taylor polynomials of sin and cos (truncation error below 1e-16),
// and the quadrant's swap and signs. Accurate to about one unit in the last place for |angle| <= 1e5
// radians; larger angles are passed to std::sin / std::cos by sincos2.

#include <cmath>
#include <cstdint>
#include <limits>

#include "simd_lanes.hpp"

namespace pond::simd {

/// sin(r) and cos(r) of the reduced angle plus `quadrant` quarter turns, for every lane: r within
/// about [-pi/4, pi/4], `quadrant` the integer vector whose low two bits count the quarter turns.
/// Always inlined: it takes the caller's instruction set (and its vectors by reference, so no call
/// passes a wide vector in registers).
template <class V, class I>
[[gnu::always_inline]] inline void sincos_reduced(const V& r, const I& quadrant, V& sin_out, V& cos_out) noexcept {
  const V r2 = r * r;
  // sin r = r (1 - r^2/3! + r^4/5! - ... - r^14/15!); cos r = 1 - r^2/2! + ... + r^16/16!.
  V s = V{} + -1.0 / 1307674368000.0;
  s = s * r2 + 1.0 / 6227020800.0;
  s = s * r2 + -1.0 / 39916800.0;
  s = s * r2 + 1.0 / 362880.0;
  s = s * r2 + -1.0 / 5040.0;
  s = s * r2 + 1.0 / 120.0;
  s = s * r2 + -1.0 / 6.0;
  s = r + r * r2 * s;
  V c = V{} + 1.0 / 20922789888000.0;
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
  const I swap = I{} - (quadrant & 1);                 // all ones for odd q
  const I sin_negative = (quadrant & 2) << 62;         // the sign bit for q = 2, 3
  const I cos_negative = ((quadrant + 1) & 2) << 62;   // the sign bit for q = 1, 2
  const I si = reinterpret_cast<I>(s), ci = reinterpret_cast<I>(c);
  sin_out = reinterpret_cast<V>(((ci & swap) | (si & ~swap)) ^ sin_negative);
  cos_out = reinterpret_cast<V>(((si & swap) | (ci & ~swap)) ^ cos_negative);
}

/// sin(a) and cos(a) for every lane of `a` (a GCC vector of doubles, I the integer vector of its
/// width), every |a| <= 1e5. The same operations lane by lane at any width, so a four-lane call from an
/// AVX2 function gives exactly the two-lane results. Always inlined (see sincos_reduced).
template <class V, class I>
[[gnu::always_inline]] inline void sincos_lanes(const V& a, V& sin_out, V& cos_out) noexcept {
  // k = nearest integer to a / (pi/2), through the 1.5 * 2^52 trick: the low bits of the sum's
  // mantissa are k modulo 4 (the quadrant), also for negative k.
  const V magic = V{} + 0x1.8p52;
  const V shifted = a * 0.63661977236758134308 + magic;  // a * (2 / pi)
  const V k = shifted - magic;
  const I quadrant = reinterpret_cast<I>(shifted) & 3;
  // pi/2 in three parts, each exact when multiplied by k (|k| < 2^20).
  const V r = ((a - k * 1.57079632673412561417e+00) - k * 6.07710050630396597660e-11) - k * 2.02226624879595063154e-21;
  sincos_reduced<V, I>(r, quadrant, sin_out, cos_out);
}

/// sin and cos of every lane of `degrees`, an angle in degrees with |degrees| <= 2^40. The reduction
/// by 90 degrees is exact (degrees - 90 q with q the nearest integer to degrees / 90), so multiples of
/// 90 degrees give exactly 0 and +-1, and only the conversion of the remainder to radians rounds.
/// Identical lane by lane at any width; always inlined (see sincos_reduced).
template <class V, class I>
[[gnu::always_inline]] inline void sincos_degrees_lanes(const V& degrees, V& sin_out, V& cos_out) noexcept {
  const V magic = V{} + 0x1.8p52;
  const V shifted = degrees * (1.0 / 90.0) + magic;
  const V q = shifted - magic;
  const I quadrant = reinterpret_cast<I>(shifted) & 3;
  // q * 90 is exact, and so is the difference (Sterbenz: for q != 0 it is within a factor of 2 of degrees).
  const V r = (degrees - q * 90.0) * 0.017453292519943295769;  // pi / 180
  sincos_reduced<V, I>(r, quadrant, sin_out, cos_out);
}

/// Angles up to this magnitude go through the polynomial; larger ones through std::sin / std::cos.
inline constexpr double kSincosLimit = 1e5;

/// Writes sin(a) and cos(a) for both lanes of `a`.
inline void sincos2(f64x2 a, f64x2& sin_out, f64x2& cos_out) noexcept {
  if (!(std::abs(a[0]) <= kSincosLimit && std::abs(a[1]) <= kSincosLimit)) {
    for (int l = 0; l < 2; ++l) {
      sin_out[l] = std::sin(a[l]);
      cos_out[l] = std::cos(a[l]);
    }
    return;
  }
  sincos_lanes<f64x2, i64x2>(a, sin_out, cos_out);
}

}  // namespace pond::simd
