#pragma once
// e^x and NEAT's sigmoid for every lane of a vector of doubles (GCC/Clang vector types: two lanes are
// SSE2 on x86-64 and NEON on ARMv8 with no -march flag, four lanes only inside an AVX2 function). The
// networks' activations use it: the library's exp was a quarter of a maze evaluation, one call per
// node, and its last bit may differ between machines and library versions; this one is the same
// sequence of IEEE operations everywhere, so a seed gives the same networks on every machine.
//
// Method: x = k ln 2 + r with k the nearest integer to x / ln 2 and |r| <= ln 2 / 2 (Cody-Waite, ln 2 in
// two parts), e^r by its Taylor polynomial of degree 13 (truncation error below 5e-18) evaluated by
// Estrin's scheme (a short dependency chain: an activation waits for it), then the product with 2^k as
// two powers of two, so that results near the overflow and in the subnormal range need no special
// case. Accurate to about one unit in the last place.

#include "simd_lanes.hpp"

namespace pond::simd {

/// e^x for every lane of `in` into `out` (V a vector of doubles, I the integer vector of its width):
/// +infinity above about 709.78, 0 below about -745.13, NaN for NaN. The same operations lane by lane
/// at any width. Always inlined: it takes the caller's instruction set (and its vectors by reference,
/// so no call passes a wide vector in registers).
template <class V, class I>
[[gnu::always_inline]] inline void exp_lanes(const V& in, V& out) noexcept {
  // Beyond these bounds e^x is 0 or infinity anyway; clamping keeps k's exponent arithmetic in range.
  // (A comparison with NaN is false, so NaN passes through.)
  V x = in < -746.0 ? V{} + -746.0 : in;
  x = x > 710.0 ? V{} + 710.0 : x;
  const V magic = V{} + 0x1.8p52;
  const V shifted = x * 1.4426950408889634074 + magic;  // x / ln 2 + 1.5 * 2^52: k in the low bits
  const V k = shifted - magic;
  // ln 2 = hi + lo, hi with enough trailing zero bits that k * hi is exact for |k| < 2^11.
  const V r = (x - k * 6.93147180369123816490e-01) - k * 1.90821492927058770002e-10;
  // e^r = sum of r^i / i!, i <= 13, by Estrin's scheme: pairs, then pairs of pairs.
  const V r2 = r * r;
  const V r4 = r2 * r2;
  const V r8 = r4 * r4;
  const V a0 = 1.0 + r;
  const V a1 = 0.5 + r * (1.0 / 6.0);
  const V a2 = (1.0 / 24.0) + r * (1.0 / 120.0);
  const V a3 = (1.0 / 720.0) + r * (1.0 / 5040.0);
  const V a4 = (1.0 / 40320.0) + r * (1.0 / 362880.0);
  const V a5 = (1.0 / 3628800.0) + r * (1.0 / 39916800.0);
  const V a6 = (1.0 / 479001600.0) + r * (1.0 / 6227020800.0);
  const V b0 = a0 + r2 * a1;
  const V b1 = a2 + r2 * a3;
  const V b2 = a4 + r2 * a5;
  const V b3 = a6;
  const V p = (b0 + r4 * b1) + r8 * (b2 + r4 * b3);
  // 2^k = 2^h 2^(k - h) with h = k / 2 rounded down: each factor is a normal number for |k| <= 1077.
  const I ki = reinterpret_cast<I>(shifted) - reinterpret_cast<I>(magic);
  const I h = ki >> 1;
  const V scale_h = reinterpret_cast<V>((h + 1023) << 52);
  const V scale_rest = reinterpret_cast<V>((ki - h + 1023) << 52);
  out = (p * scale_h) * scale_rest;
}

/// NEAT's steepened sigmoid 1 / (1 + e^(-4.924273 x)) of every lane of `x`, in place (see exp_lanes):
/// in [0, 1], NaN for NaN.
template <class V, class I>
[[gnu::always_inline]] inline void sigmoid_lanes(V& x) noexcept {
  V e;
  exp_lanes<V, I>(x * -4.924273, e);
  x = 1.0 / (1.0 + e);
}

/// NEAT's sigmoid of one value: lane 0 of the two-lane computation, so bit for bit what a vector of
/// activations gets.
inline double sigmoid(double x) noexcept {
  f64x2 v = {x, x};
  sigmoid_lanes<f64x2, i64x2>(v);
  return v[0];
}

/// e^x of one value (see exp_lanes).
inline double exp(double x) noexcept {
  f64x2 e;
  exp_lanes<f64x2, i64x2>(f64x2{x, x}, e);
  return e[0];
}

}  // namespace pond::simd
