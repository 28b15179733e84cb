#include "pond/core/rng.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>

namespace pond {
namespace detail {
namespace {

// Marsaglia and Tsang's ziggurat with 256 layers of equal area kV; kR is the start of the tail.
constexpr double kR = 3.6541528853610088;
constexpr double kV = 0.00492867323399;

ZigguratTables make_tables() noexcept {
  ZigguratTables t{};
  double f = std::exp(-0.5 * kR * kR);
  t.x[0] = kV / f;  // the base layer is wider: it holds the tail's area too
  t.x[1] = kR;
  for (int i = 2; i < 256; ++i) {
    t.x[i] = std::sqrt(-2.0 * std::log(kV / t.x[i - 1] + f));
    f = std::exp(-0.5 * t.x[i] * t.x[i]);
  }
  t.x[256] = 0.0;
  for (int i = 0; i < 256; ++i) t.ratio[i] = t.x[i + 1] / t.x[i];
  return t;
}

}  // namespace

const ZigguratTables ziggurat = make_tables();

}  // namespace detail

double Rng::normal_outside_core(unsigned layer, double u) noexcept {
  const auto& t = detail::ziggurat;
  if (layer == 0) {
    // The base layer's overhang is the tail beyond kR (Marsaglia 1964).
    double x = 0.0;
    double y = 0.0;
    do {
      x = std::log(1.0 - uniform()) / detail::kR;
      y = std::log(1.0 - uniform());
    } while (-2.0 * y < x * x);
    return u < 0 ? x - detail::kR : detail::kR - x;
  }
  // A wedge: accept when a uniform height under the layer falls below the density at x.
  const double x = u * t.x[layer];
  const double f0 = std::exp(-0.5 * (t.x[layer] * t.x[layer] - x * x));
  const double f1 = std::exp(-0.5 * (t.x[layer + 1] * t.x[layer + 1] - x * x));
  if (f1 + uniform() * (f0 - f1) < 1.0) return x;
  return normal();  // rejected: start afresh with an independent draw
}

namespace {

// Four independent xoshiro256++ generators side by side, in GCC/Clang vector types (two lanes per
// 128-bit register, which every x86-64 and ARMv8 has). Their step has no multiplication and no
// dependency between lanes, so four 64-bit words cost about as much as one. Used only inside
// fill_normal, seeded from the caller's generator.
typedef std::uint64_t u64x2 __attribute__((vector_size(16)));

struct FourLanes {
  u64x2 s0[2], s1[2], s2[2], s3[2];

  explicit FourLanes(Rng& rng) noexcept {
    for (int v = 0; v < 2; ++v) {
      for (int l = 0; l < 2; ++l) {
        std::uint64_t sm = rng();
        s0[v][l] = splitmix64(sm);
        s1[v][l] = splitmix64(sm);
        s2[v][l] = splitmix64(sm);
        s3[v][l] = splitmix64(sm);
      }
    }
  }

  // Writes `count` (a multiple of 4) random 64-bit words to `out`, as 2·count 32-bit halves.
  void fill(std::uint32_t* out, std::size_t count) noexcept {
    u64x2 a0 = s0[0], b0 = s0[1], a1 = s1[0], b1 = s1[1], a2 = s2[0], b2 = s2[1], a3 = s3[0], b3 = s3[1];
    for (std::size_t i = 0; i < count; i += 4) {
      const u64x2 sa = a0 + a3, sb = b0 + b3;
      const u64x2 ra = ((sa << 23) | (sa >> 41)) + a0, rb = ((sb << 23) | (sb >> 41)) + b0;
      std::memcpy(out + 2 * i, &ra, sizeof ra);
      std::memcpy(out + 2 * i + 4, &rb, sizeof rb);
      const u64x2 ta = a1 << 17, tb = b1 << 17;
      a2 ^= a0, b2 ^= b0;
      a3 ^= a1, b3 ^= b1;
      a1 ^= a2, b1 ^= b2;
      a0 ^= a3, b0 ^= b3;
      a2 ^= ta, b2 ^= tb;
      a3 = (a3 << 45) | (a3 >> 19), b3 = (b3 << 45) | (b3 >> 19);
    }
    s0[0] = a0, s0[1] = b0, s1[0] = a1, s1[1] = b1, s2[0] = a2, s2[1] = b2, s3[0] = a3, s3[1] = b3;
  }
};

// One 32-bit ziggurat step: the low 8 bits pick the layer, the top 24 bits (as a signed fraction)
// the point. Returns false when the point is outside the layer's core (then the slow path decides).
inline bool zig32(std::uint32_t half, double& out, unsigned& layer, double& u) noexcept {
  const auto& t = detail::ziggurat;
  layer = half & 0xffu;
  u = static_cast<double>(static_cast<std::int32_t>(half & 0xffffff00u)) * 0x1.0p-31;
  out = u * t.x[layer];
  return std::abs(u) < t.ratio[layer];
}

}  // namespace

// Writes deviates z_i to out[i] (Affine = false) or mean[i] + sigma * z_i (Affine = true): the same
// z_i either way, so a mutation costs one pass over the vector instead of two.
template <bool Affine>
void Rng::fill_normal_impl(double* out, std::size_t n, const double* mean, double sigma) noexcept {
  auto finish = [&](std::size_t i, double z) { out[i] = Affine ? mean[i] + sigma * z : z; };
  unsigned layer = 0;
  double u = 0.0;
  double z = 0.0;
  if (n < 32) {
    // Short vectors: seeding four lanes would cost more than it saves; draw from this generator.
    Rng local = *this;  // a local copy keeps the state in registers
    for (std::size_t i = 0; i < n; i += 2) {
      const std::uint64_t bits = local();
      if (!zig32(static_cast<std::uint32_t>(bits), z, layer, u)) z = local.normal_outside_core(layer, u);
      finish(i, z);
      if (i + 1 < n) {
        if (!zig32(static_cast<std::uint32_t>(bits >> 32), z, layer, u)) z = local.normal_outside_core(layer, u);
        finish(i + 1, z);
      }
    }
    *this = local;
    return;
  }
  // Long vectors: random words from four SIMD lanes, then the ziggurat's fast path two deviates at a
  // time in vector registers; a point outside its layer's core (about 1 in 80) takes the slow path.
  constexpr std::size_t block = 128;  // deviates per block of random words
  typedef double f64x2 __attribute__((vector_size(16)));
  typedef std::int64_t i64x2 __attribute__((vector_size(16)));
  const auto& t = detail::ziggurat;
  const f64x2 scale = {0x1.0p-31, 0x1.0p-31};
  const f64x2 sigmas = {sigma, sigma};
  const i64x2 magnitude_bits = {std::numeric_limits<std::int64_t>::max(), std::numeric_limits<std::int64_t>::max()};
  FourLanes lanes(*this);
  alignas(32) std::uint32_t halves[block];
  for (std::size_t base = 0; base < n; base += block) {
    const std::size_t m = std::min(block, n - base);
    lanes.fill(halves, ((m + 1) / 2 + 3) & ~std::size_t{3});
    for (std::size_t i = 0; i < m; i += 2) {
      const unsigned l0 = halves[i] & 0xffu, l1 = halves[i + 1] & 0xffu;
      const f64x2 w = f64x2{static_cast<double>(static_cast<std::int32_t>(halves[i] & 0xffffff00u)),
                            static_cast<double>(static_cast<std::int32_t>(halves[i + 1] & 0xffffff00u))} * scale;
      f64x2 v = w * f64x2{t.x[l0], t.x[l1]};
      const i64x2 inside = reinterpret_cast<f64x2>(reinterpret_cast<i64x2>(w) & magnitude_bits) <
                           f64x2{t.ratio[l0], t.ratio[l1]};
      const std::size_t at = base + i;
      if (i + 1 < m) {
        if constexpr (Affine) {
          f64x2 centre;
          std::memcpy(&centre, mean + at, sizeof centre);
          v = centre + sigmas * v;
        }
        std::memcpy(out + at, &v, sizeof v);
      } else {
        finish(at, v[0]);  // odd length: the last pair's second deviate is not needed
      }
      if (!(inside[0] & inside[1])) [[unlikely]] {
        if (!inside[0]) finish(at, normal_outside_core(l0, w[0]));
        if (!inside[1] && i + 1 < m) finish(at + 1, normal_outside_core(l1, w[1]));
      }
    }
  }
}

void Rng::fill_normal(std::span<double> out) noexcept { fill_normal_impl<false>(out.data(), out.size(), nullptr, 0.0); }

void Rng::fill_normal(std::span<double> out, std::span<const double> mean, double sigma) noexcept {
  fill_normal_impl<true>(out.data(), std::min(out.size(), mean.size()), mean.data(), sigma);
}

}  // namespace pond
