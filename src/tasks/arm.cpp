#include "pond/tasks/arm.hpp"

#include "pond/core/simd_kernel.hpp"

#include "../core/simd_sincos.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <sstream>
#include <stdexcept>
#include <string>
#include <utility>

namespace pond::tasks {
namespace {

// Sums v_i (or (v_i - centre)^2) over n values with four partial sums, so that the compiler can vectorise
// the loop without reassociating floating-point additions on its own.
template <class Term>
double sum4(const double* v, std::size_t n, Term term) noexcept {
  double acc[4] = {0.0, 0.0, 0.0, 0.0};
  std::size_t i = 0;
  for (; i + 4 <= n; i += 4) {
    for (std::size_t k = 0; k < 4; ++k) acc[k] += term(v[i + k]);
  }
  double tail = 0.0;
  for (; i < n; ++i) tail += term(v[i]);
  return ((acc[0] + acc[1]) + (acc[2] + acc[3])) + tail;
}

// The links of one chunk: adds length_i (cos, sin)(angles_i) for i in [begin, m) to (x, y), two joints
// at a time, lane 0 summing the even joints and lane 1 the odd ones (begin even).
void add_links_pairs(const double* angles, const double* length, std::size_t begin, std::size_t m, simd::f64x2& x,
                     simd::f64x2& y) noexcept {
  for (std::size_t i = begin; i < m; i += 2) {
    const bool pair = i + 1 < m;
    const simd::f64x2 a = {angles[i], pair ? angles[i + 1] : 0.0};
    const simd::f64x2 len = {length[i], pair ? length[i + 1] : 0.0};
    simd::f64x2 sine, cosine;
    simd::sincos2(a, sine, cosine);
    x += len * cosine;
    y += len * sine;
  }
}

#if defined(__x86_64__)
// add_links_pairs four joints at a time, for as long as the angles stay within the polynomial's range;
// returns how many joints it added (a multiple of 4; add_links_pairs does the rest). Each group's two
// pairs are added to (x, y) in order, so the sums are exactly add_links_pairs' own.
__attribute__((target("avx2"))) std::size_t add_links_avx2(const double* angles, const double* length, std::size_t m,
                                                          simd::f64x2& x, simd::f64x2& y) noexcept {
  using simd::f64x4, simd::i64x4;
  std::size_t i = 0;
  for (; i + 4 <= m; i += 4) {
    f64x4 a, len;
    std::memcpy(&a, angles + i, sizeof a);
    std::memcpy(&len, length + i, sizeof len);
    const i64x4 magnitude = reinterpret_cast<i64x4>(a) & std::numeric_limits<std::int64_t>::max();
    const i64x4 within = reinterpret_cast<f64x4>(magnitude) <= simd::kSincosLimit;
    if (!(within[0] & within[1] & within[2] & within[3])) break;
    f64x4 sine, cosine;
    simd::sincos_lanes<f64x4, i64x4>(a, sine, cosine);
    const f64x4 dx = len * cosine, dy = len * sine;
    x += simd::f64x2{dx[0], dx[1]};
    x += simd::f64x2{dx[2], dx[3]};
    y += simd::f64x2{dy[0], dy[1]};
    y += simd::f64x2{dy[2], dy[3]};
  }
  return i;
}
#endif

// The links of one chunk, [0, m), on the kernel in use.
void add_links(const double* angles, const double* length, std::size_t m, simd::f64x2& x, simd::f64x2& y) noexcept {
  std::size_t done = 0;
#if defined(__x86_64__)
  if (pond::detail::simd_kernel() == pond::detail::SimdKernel::avx2) done = add_links_avx2(angles, length, m, x, y);
#endif
  add_links_pairs(angles, length, done, m, x, y);
}

[[noreturn]] void throw_size_mismatch(const char* what, std::size_t got, std::size_t expected) {
  throw std::invalid_argument(std::string("arm: ") + what + " has " + std::to_string(got) +
                              " values, expected " + std::to_string(expected));
}

}  // namespace

Arm::Arm(Options options) : options_(std::move(options)) {
  const std::size_t n = options_.joints;
  if (n == 0) throw std::invalid_argument("arm: joints must be > 0 (got 0)");
  if (options_.link_lengths.empty()) {
    lengths_.assign(n, 1.0);
  } else {
    if (options_.link_lengths.size() != n) {
      throw std::invalid_argument("arm: link_lengths has " + std::to_string(options_.link_lengths.size()) +
                                  " values, expected one per joint (" + std::to_string(n) +
                                  ") or none (all 1)");
    }
    for (std::size_t i = 0; i < n; ++i) {
      const double length = options_.link_lengths[i];
      if (!(std::isfinite(length) && length > 0.0)) {
        std::ostringstream message;
        message << "arm: link_lengths[" << i << "] must be finite and > 0 (got " << length << ")";
        throw std::invalid_argument(message.str());
      }
    }
    lengths_ = options_.link_lengths;
  }
  reach_ = sum4(lengths_.data(), n, [](double v) { return v; });
  if (!std::isfinite(reach_)) throw std::invalid_argument("arm: link_lengths sum to infinity");
}

double Arm::evaluate(std::span<const double> theta, std::span<double> descriptor) const {
  const std::size_t n = options_.joints;
  if (theta.size() != n) throw_size_mismatch("solution", theta.size(), n);
  if (descriptor.size() != 2) throw_size_mismatch("descriptor", descriptor.size(), 2);
  const double* t = theta.data();
  const double* length = lengths_.data();
  const double count = static_cast<double>(n);

  // Population variance, two passes (stable for large angles).
  const double mean = sum4(t, n, [](double v) { return v; }) / count;
  const double variance = sum4(t, n, [mean](double v) { return (v - mean) * (v - mean); }) / count;

  // End effector: the cumulative angles, a chunk at a time, then their sines and cosines.
  constexpr std::size_t chunk = 64;
  double angles[chunk];
  double angle = 0.0;
  simd::f64x2 x = {0.0, 0.0}, y = {0.0, 0.0};
  for (std::size_t base = 0; base < n; base += chunk) {
    const std::size_t m = std::min(chunk, n - base);
    for (std::size_t i = 0; i < m; ++i) angles[i] = angle += t[base + i];
    add_links(angles, length + base, m, x, y);
  }
  descriptor[0] = x[0] + x[1];
  descriptor[1] = y[0] + y[1];
  return 100.0 * (1.0 - variance);
}

std::vector<double> Arm::descriptor_lower() const { return {-reach_, -reach_}; }

std::vector<double> Arm::descriptor_upper() const { return {reach_, reach_}; }

}  // namespace pond::tasks
