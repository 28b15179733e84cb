#include "pond/tasks/projection.hpp"

#include "pond/core/simd_kernel.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <sstream>
#include <stdexcept>
#include <string>
#include <type_traits>

#include "../core/simd_lanes.hpp"

#if defined(__x86_64__)
#include <immintrin.h>
#endif

namespace pond::tasks {
namespace {

// Sums Function::term(x_i - shift) over n coordinates. Four independent partial sums let the compiler
// vectorise (and pipeline) the loop without reassociating floating-point additions on its own.
template <class Function>
double raw_value(const double* x, std::size_t n, double shift) noexcept {
  double acc[4] = {0.0, 0.0, 0.0, 0.0};
  std::size_t i = 0;
  for (; i + 4 <= n; i += 4) {
    for (std::size_t k = 0; k < 4; ++k) acc[k] += Function::term(x[i + k] - shift);
  }
  double tail = 0.0;
  for (; i < n; ++i) tail += Function::term(x[i] - shift);
  return ((acc[0] + acc[1]) + (acc[2] + acc[3])) + tail;
}

using simd::f64x2, simd::i64x2;

// clip(v) = v if |v| <= bound, else bound / v, for every lane of v (V a vector of doubles, I the integer
// vector of its width), without branches: both sides are computed and the result is picked with a bit
// mask, because coordinates straddle the bound unpredictably and GCC (with -ftrapping-math, the
// default) would otherwise move the division into a branch. bound / max(|v|, bound) never divides by
// zero and, given the sign of v, is exactly bound / v where that side is chosen. Adds the result to
// `sum`. Always inlined, so a four-lane call from an AVX2 function takes that instruction set (and no
// wide vector is passed or returned).
template <class V, class I>
[[gnu::always_inline]] inline void add_clipped(V& sum, const V& v, const V& bound) noexcept {
  const I sign_bit = I{} + std::numeric_limits<std::int64_t>::min();
  const V magnitude = reinterpret_cast<V>(reinterpret_cast<I>(v) & ~sign_bit);
  const V widest = magnitude > bound ? magnitude : bound;  // elementwise max
  const V folded = reinterpret_cast<V>(reinterpret_cast<I>(bound / widest) | (reinterpret_cast<I>(v) & sign_bit));
  const I inside = magnitude <= bound;  // all ones where |v| <= bound (false for NaN)
  sum += reinterpret_cast<V>((reinterpret_cast<I>(v) & inside) | (reinterpret_cast<I>(folded) & ~inside));
}

// Whether every lane of a comparison result is set (one movmskpd, not two lane extractions).
inline bool all_set(i64x2 mask) noexcept {
#if defined(__x86_64__)
  return _mm_movemask_pd(reinterpret_cast<__m128d>(mask)) == 0x3;
#else
  return mask[0] & mask[1];
#endif
}

inline double clip(double v, double bound) noexcept {
  const double magnitude = std::abs(v);
  return magnitude <= bound ? v : std::copysign(bound / std::max(magnitude, bound), v);
}

// The per-coordinate sums of one descriptor half: clip(x_i) summed, and, for functions whose term
// takes a vector of coordinates, term(x_i - shift) summed in the same pass (`raw`; left at 0 for the
// others). Both kernels below split [begin, end) into groups of four coordinates, accumulate lane k of
// every group in partial sum k, add the partials as ((p0 + p2) + (p1 + p3)) and then the scalar tail:
// the same operations in the same order, so they give identical results.
struct HalfSums {
  double clipped = 0.0;
  double raw = 0.0;
};

template <class Function>
constexpr bool fused_term = requires(f64x2 z) { Function::term(z); };

template <class Function>
HalfSums add_tail(const double* x, std::size_t i, std::size_t end, double bound, double shift, HalfSums sums) noexcept {
  double tail = 0.0, raw_tail = 0.0;
  for (; i < end; ++i) {
    tail += clip(x[i], bound);
    if constexpr (fused_term<Function>) raw_tail += Function::term(x[i] - shift);
  }
  return {sums.clipped + tail, sums.raw + raw_tail};
}

// Two-lane vectors (SSE2 on x86-64, the portable and sse2 kernels; plain vector code elsewhere): lanes
// 0-1 of a group in acc0, lanes 2-3 in acc1.
template <class Function>
HalfSums half_sums_pairs(const double* x, std::size_t begin, std::size_t end, double bound, double shift) noexcept {
  const f64x2 bounds = {bound, bound};
  const f64x2 shifts = {shift, shift};
  f64x2 acc0 = {0.0, 0.0}, acc1 = {0.0, 0.0}, raw0 = {0.0, 0.0}, raw1 = {0.0, 0.0};
  std::size_t i = begin;
  const i64x2 magnitude_bits = {std::numeric_limits<std::int64_t>::max(), std::numeric_limits<std::int64_t>::max()};
  for (; i + 4 <= end; i += 4) {
    f64x2 a, b;
    std::memcpy(&a, x + i, sizeof a);
    std::memcpy(&b, x + i + 2, sizeof b);
    if constexpr (fused_term<Function>) {
      raw0 += Function::term(a - shifts);
      raw1 += Function::term(b - shifts);
    }
    // Most coordinates of a search lie inside the bound: then clip is the identity and costs nothing.
    const i64x2 inside = (reinterpret_cast<f64x2>(reinterpret_cast<i64x2>(a) & magnitude_bits) <= bounds) &
                         (reinterpret_cast<f64x2>(reinterpret_cast<i64x2>(b) & magnitude_bits) <= bounds);
    if (all_set(inside)) {
      acc0 += a;
      acc1 += b;
    } else {
      add_clipped<f64x2, i64x2>(acc0, a, bounds);
      add_clipped<f64x2, i64x2>(acc1, b, bounds);
    }
  }
  const HalfSums groups = {(acc0[0] + acc1[0]) + (acc0[1] + acc1[1]), (raw0[0] + raw1[0]) + (raw0[1] + raw1[1])};
  return add_tail<Function>(x, i, end, bound, shift, groups);
}

#if defined(__x86_64__)
// AVX2, chosen at run time: one four-lane accumulator per sum, lane k holding what acc0 / acc1 hold
// above. Unlike the two-lane loop it always divides: a four-lane division costs about what the
// branch's mispredictions cost in a search whose elites straddle the bound (measured on the sphere
// setting).
template <class Function>
__attribute__((target("avx2"))) HalfSums half_sums_avx2(const double* x, std::size_t begin, std::size_t end,
                                                       double bound, double shift) noexcept {
  using simd::f64x4, simd::i64x4;
  const f64x4 bounds = f64x4{} + bound;
  f64x4 acc = {}, raw = {};
  std::size_t i = begin;
  for (; i + 4 <= end; i += 4) {
    f64x4 v;
    std::memcpy(&v, x + i, sizeof v);
    if constexpr (fused_term<Function>) {
      // Written out: Function::term is not always inlined, so it would not take this function's target.
      static_assert(std::is_same_v<Function, SphereFunction>, "the AVX2 kernel knows the sphere's term only");
      const f64x4 z = v - shift;
      raw += z * z;
    }
    add_clipped<f64x4, i64x4>(acc, v, bounds);
  }
  return add_tail<Function>(x, i, end, bound, shift, {(acc[0] + acc[2]) + (acc[1] + acc[3]), (raw[0] + raw[2]) + (raw[1] + raw[3])});
}
#endif

template <class Function>
HalfSums half_sums(const double* x, std::size_t begin, std::size_t end, double bound, double shift) noexcept {
#if defined(__x86_64__)
  if (pond::detail::simd_kernel() == pond::detail::SimdKernel::avx2) return half_sums_avx2<Function>(x, begin, end, bound, shift);
#endif
  return half_sums_pairs<Function>(x, begin, end, bound, shift);
}

[[noreturn]] void throw_size_mismatch(const char* task, const char* what, std::size_t got,
                                      std::size_t expected) {
  throw std::invalid_argument(std::string(task) + ": " + what + " has " + std::to_string(got) +
                              " values, expected " + std::to_string(expected));
}

}  // namespace

template <class Function>
LinearProjection<Function>::LinearProjection(Options options) : options_(options) {
  const std::string name = Function::name;
  if (options_.dim < 2) {
    throw std::invalid_argument(name + ": dim must be >= 2, one coordinate per descriptor half (got " +
                                std::to_string(options_.dim) + ")");
  }
  if (!std::isfinite(options_.shift)) {
    std::ostringstream message;
    message << name << ": shift must be finite (got " << options_.shift << ")";
    throw std::invalid_argument(message.str());
  }
  const std::vector<double> worst_point(options_.dim, -clip_bound);
  worst_ = raw_value<Function>(worst_point.data(), options_.dim, options_.shift);
  if (!(std::isfinite(worst_) && worst_ > 0.0)) {
    std::ostringstream message;
    message << name << ": shift = " << options_.shift << " makes W, the value at x_i = -5.12, equal to "
            << worst_ << "; it must be finite and > 0 (the shift must differ from -5.12 and stay moderate)";
    throw std::invalid_argument(message.str());
  }
}

template <class Function>
double LinearProjection<Function>::evaluate(std::span<const double> x, std::span<double> descriptor) const {
  const std::size_t n = options_.dim;
  if (x.size() != n) throw_size_mismatch(Function::name, "solution", x.size(), n);
  if (descriptor.size() != 2) throw_size_mismatch(Function::name, "descriptor", descriptor.size(), 2);
  const double* data = x.data();
  const std::size_t half = n / 2;
  const HalfSums first = half_sums<Function>(data, 0, half, clip_bound, options_.shift);
  const HalfSums second = half_sums<Function>(data, half, n, clip_bound, options_.shift);
  descriptor[0] = first.clipped;
  descriptor[1] = second.clipped;
  const double raw = fused_term<Function> ? first.raw + second.raw : raw_value<Function>(data, n, options_.shift);
  // (W - r) / W first, so that r = 0 gives exactly 100 and r = W exactly 0.
  return (worst_ - raw) / worst_ * 100.0;
}

template <class Function>
std::vector<double> LinearProjection<Function>::descriptor_lower() const {
  const std::size_t half = options_.dim / 2;
  return {-clip_bound * static_cast<double>(half), -clip_bound * static_cast<double>(options_.dim - half)};
}

template <class Function>
std::vector<double> LinearProjection<Function>::descriptor_upper() const {
  const std::size_t half = options_.dim / 2;
  return {clip_bound * static_cast<double>(half), clip_bound * static_cast<double>(options_.dim - half)};
}

template class LinearProjection<SphereFunction>;
template class LinearProjection<RastriginFunction>;

}  // namespace pond::tasks
