#include "pond/tasks/projection.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <sstream>
#include <stdexcept>
#include <string>

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

// clip(v) = v if |v| <= bound, else bound / v, without branches: inputs beyond the bound are common and
// unpredictable, and a mispredicted branch costs more than the division. The division is done for every
// input (on max(|v|, bound), so never by zero) and the result is picked with a bit mask, because with
// -ftrapping-math (the default) GCC would otherwise move the division into a branch. bound / |v| with the
// sign of v equals bound / v exactly.
// Sum of clip(v) = (v if |v| <= bound, else bound / v) over x[begin, end). Written with two-lane vector
// types so both sides are computed for every coordinate and selected by a mask: GCC otherwise turns the
// select into a branch that mispredicts whenever coordinates straddle the bound. bound / max(|v|, bound)
// never divides by zero and, given the sign of v, is exactly bound / v where that side is chosen.
typedef double f64x2 __attribute__((vector_size(16)));
typedef std::int64_t i64x2 __attribute__((vector_size(16)));

inline f64x2 clip2(f64x2 v, f64x2 bound) noexcept {
  const i64x2 sign_bit = {std::numeric_limits<std::int64_t>::min(), std::numeric_limits<std::int64_t>::min()};
  const f64x2 magnitude = reinterpret_cast<f64x2>(reinterpret_cast<i64x2>(v) & ~sign_bit);
  const f64x2 widest = magnitude > bound ? magnitude : bound;  // elementwise max
  const f64x2 folded = reinterpret_cast<f64x2>(reinterpret_cast<i64x2>(bound / widest) |
                                              (reinterpret_cast<i64x2>(v) & sign_bit));
  const i64x2 inside = magnitude <= bound;  // all ones where |v| <= bound (false for NaN)
  return reinterpret_cast<f64x2>((reinterpret_cast<i64x2>(v) & inside) | (reinterpret_cast<i64x2>(folded) & ~inside));
}

inline double clip(double v, double bound) noexcept {
  const double magnitude = std::abs(v);
  return magnitude <= bound ? v : std::copysign(bound / std::max(magnitude, bound), v);
}

// Sum of clip(x_i) over [begin, end), and, for functions whose term takes a vector of coordinates,
// the sum of term(x_i - shift) in the same pass (`raw`; left at 0 for the others).
template <class Function>
double half_sums(const double* x, std::size_t begin, std::size_t end, double bound, double shift, double& raw) noexcept {
  constexpr bool fused = requires(f64x2 z) { Function::term(z); };
  const f64x2 bounds = {bound, bound};
  const f64x2 shifts = {shift, shift};
  f64x2 acc0 = {0.0, 0.0}, acc1 = {0.0, 0.0}, raw0 = {0.0, 0.0}, raw1 = {0.0, 0.0};
  std::size_t i = begin;
  const i64x2 magnitude_bits = {std::numeric_limits<std::int64_t>::max(), std::numeric_limits<std::int64_t>::max()};
  for (; i + 4 <= end; i += 4) {
    f64x2 a, b;
    std::memcpy(&a, x + i, sizeof a);
    std::memcpy(&b, x + i + 2, sizeof b);
    if constexpr (fused) {
      raw0 += Function::term(a - shifts);
      raw1 += Function::term(b - shifts);
    }
    // Most coordinates of a search lie inside the bound: then clip is the identity and costs nothing.
    const i64x2 inside = (reinterpret_cast<f64x2>(reinterpret_cast<i64x2>(a) & magnitude_bits) <= bounds) &
                         (reinterpret_cast<f64x2>(reinterpret_cast<i64x2>(b) & magnitude_bits) <= bounds);
    if (inside[0] & inside[1]) {
      acc0 += a;
      acc1 += b;
    } else {
      acc0 += clip2(a, bounds);
      acc1 += clip2(b, bounds);
    }
  }
  double tail = 0.0, raw_tail = 0.0;
  for (; i < end; ++i) {
    tail += clip(x[i], bound);
    if constexpr (fused) raw_tail += Function::term(x[i] - shift);
  }
  raw = ((raw0[0] + raw1[0]) + (raw0[1] + raw1[1])) + raw_tail;
  return ((acc0[0] + acc1[0]) + (acc0[1] + acc1[1])) + tail;
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
  double raw_first = 0.0, raw_second = 0.0;
  descriptor[0] = half_sums<Function>(data, 0, half, clip_bound, options_.shift, raw_first);
  descriptor[1] = half_sums<Function>(data, half, n, clip_bound, options_.shift, raw_second);
  constexpr bool fused = requires(f64x2 z) { Function::term(z); };
  const double raw = fused ? raw_first + raw_second : raw_value<Function>(data, n, options_.shift);
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
