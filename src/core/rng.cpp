#include "pond/core/rng.hpp"

#include "normal_kernels.hpp"

#include <algorithm>
#include <bit>
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

// Defined here, after `ziggurat`, because static initialisation runs in order within one file only.
const std::array<ZigguratEdge, 256> ziggurat_edges = [] {
  std::array<ZigguratEdge, 256> edges{};
  for (std::size_t i = 0; i < edges.size(); ++i) edges[i] = {ziggurat.x[i], ziggurat.ratio[i]};
  return edges;
}();

namespace {

// The density exp(-x^2 / 2) at each layer's edge, for the wedge test.
const std::array<double, 257> edge_density = [] {
  std::array<double, 257> f{};
  for (std::size_t i = 0; i < f.size(); ++i) f[i] = std::exp(-0.5 * ziggurat.x[i] * ziggurat.x[i]);
  return f;
}();

}  // namespace

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
  // A wedge: accept when a uniform height between the layer's edge densities falls below the
  // density at x (one exp; the edges' densities are tabled).
  const double x = u * t.x[layer];
  const double f0 = detail::edge_density[layer];
  const double f1 = detail::edge_density[layer + 1];
  if (f1 + uniform() * (f0 - f1) < std::exp(-0.5 * x * x)) return x;
  return normal();  // rejected: start afresh with an independent draw
}

namespace {

// Asks the memory system for the cache lines of p[0..n): a Gaussian mutation's parent is an elite
// anywhere in a large archive, usually not in cache.
inline void prefetch(const double* p, std::size_t n) noexcept {
  constexpr std::size_t per_line = 64 / sizeof(double);
  for (std::size_t i = 0; i < n; i += per_line) __builtin_prefetch(p + i);
}

}  // namespace

// Writes deviates z_i to out[i] (Affine = false) or mean[i] + sigma * z_i (Affine = true): the same
// z_i either way, so a mutation costs one pass over the vector instead of two.
template <bool Affine>
void Rng::fill_normal_impl(double* out, std::size_t n, const double* mean, double sigma) noexcept {
  // The slow path for a random word whose point fell outside its layer's core.
  const auto outside_core = [](Rng& rng, std::uint32_t half) {
    return rng.normal_outside_core(half & 0xffu, detail::ziggurat_point(half));
  };
  if (n < 32) {
    // Short vectors: seeding four lanes would cost more than it saves; draw from this generator.
    Rng local = *this;  // a local copy keeps the state in registers
    const auto deviate = [&](std::uint32_t half) {
      double z = 0.0;
      return detail::ziggurat_core(half, z) ? z : outside_core(local, half);
    };
    for (std::size_t i = 0; i < n; i += 2) {
      const std::uint64_t bits = local();
      const std::size_t pair = std::min<std::size_t>(2, n - i);
      for (std::size_t k = 0; k < pair; ++k) {
        const double z = deviate(static_cast<std::uint32_t>(bits >> (32 * k)));
        out[i + k] = Affine ? mean[i + k] + sigma * z : z;
      }
    }
    *this = local;
    return;
  }
  // Long vectors, a block at a time: random words from four generator lanes side by side, the
  // ziggurat's fast path over the whole block in vector registers, the slow path for the few points
  // outside their layer's core (about 1 in 80, in order, from this generator), then mean + sigma z.
  const detail::SimdKernel kernel = detail::simd_kernel();
  if constexpr (Affine) prefetch(mean, std::min(n, detail::kNormalBlock));
  detail::FourLanes lanes(*this);
  alignas(32) std::uint32_t halves[detail::kNormalBlock];
  alignas(32) double deviates[detail::kNormalBlock];
  for (std::size_t base = 0; base < n; base += detail::kNormalBlock) {
    const std::size_t m = std::min(detail::kNormalBlock, n - base);
    if constexpr (Affine) {
      // The next block's means are read after this block's deviates are made: ask for them now.
      if (base + m < n) prefetch(mean + base + m, std::min(detail::kNormalBlock, n - base - m));
    }
    std::uint64_t outside[2] = {0, 0};
    detail::ziggurat_block(kernel, lanes, halves, (m + 3) & ~std::size_t{3}, deviates, outside);
    for (std::size_t word = 0; word < 2; ++word) {
      for (std::uint64_t bits = outside[word]; bits != 0; bits &= bits - 1) {
        const std::size_t i = 64 * word + static_cast<std::size_t>(std::countr_zero(bits));
        if (i >= m) break;  // padding past the block's end
        deviates[i] = outside_core(*this, halves[i]);
      }
    }
    if constexpr (Affine) {
      detail::affine_block(kernel, deviates, m, mean + base, sigma, out + base);
    } else {
      std::memcpy(out + base, deviates, m * sizeof(double));
    }
  }
}

void Rng::fill_normal(std::span<double> out) noexcept { fill_normal_impl<false>(out.data(), out.size(), nullptr, 0.0); }

void Rng::fill_normal(std::span<double> out, std::span<const double> mean, double sigma) noexcept {
  fill_normal_impl<true>(out.data(), std::min(out.size(), mean.size()), mean.data(), sigma);
}

}  // namespace pond
