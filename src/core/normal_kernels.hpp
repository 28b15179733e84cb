#pragma once
// The inner loops of Rng::fill_normal, one block of at most kNormalBlock deviates at a time, in three
// versions: portable C++, SSE2 (every x86-64) and AVX2 (chosen at run time when the CPU has it).
// All three compute the same IEEE operations in the same order, so they give identical numbers: the
// choice changes speed only, never a result.

#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>

#include "pond/core/rng.hpp"
#include "pond/core/simd_kernel.hpp"

namespace pond::detail {

/// Deviates per block: the random words of one block fit in 512 bytes and its deviates in 1 KiB.
inline constexpr std::size_t kNormalBlock = 128;

/// One ziggurat layer's edge x_i and core ratio x_{i+1} / x_i side by side, so one 16-byte load
/// fetches both.
struct alignas(16) ZigguratEdge {
  double x;
  double ratio;
};

/// The layers of `ziggurat` as edge pairs (filled during static initialisation, after `ziggurat`).
extern const std::array<ZigguratEdge, 256> ziggurat_edges;

/// Four independent xoshiro256++ generators, seeded from one Rng; their step has no multiplication and
/// no dependency between lanes, so four 64-bit words cost about as much as one.
struct FourLanes {
  alignas(32) std::array<std::uint64_t, 4> s0, s1, s2, s3;  ///< word k of lanes 0..3

  /// Seeds the lanes from `rng` (four draws from it).
  explicit FourLanes(Rng& rng) noexcept;
};

/// Fast pass of one block: writes `count` (a multiple of 4, at most kNormalBlock) random 32-bit words
/// to `halves` (two per 64-bit word, lanes in order 0..3), then for each i < count the ziggurat's core
/// point z[i] = u_i · x[layer_i] (low 8 bits of halves[i] pick the layer, the top 24 bits give u_i in
/// [-1, 1)), and sets bit i of `outside` (two 64-bit words) when |u_i| is not below the layer's ratio:
/// those deviates need the slow path.
void ziggurat_block(SimdKernel kernel, FourLanes& lanes, std::uint32_t* halves, std::size_t count, double* z,
                    std::uint64_t* outside) noexcept;

/// out[i] = mean[i] + sigma · z[i] for i < n (out may be mean).
void affine_block(SimdKernel kernel, const double* z, std::size_t n, const double* mean, double sigma,
                  double* out) noexcept;

/// u_i of a random word, exactly as ziggurat_block computes it.
inline double ziggurat_point(std::uint32_t half) noexcept {
  return static_cast<double>(static_cast<std::int32_t>(half & 0xffffff00u)) * 0x1.0p-31;
}

/// The ziggurat's fast path for one random word: z = u · x[layer]. Returns false when u falls outside
/// the layer's core; then the slow path decides, from the same word's layer and u.
inline bool ziggurat_core(std::uint32_t half, double& z) noexcept {
  const ZigguratEdge& edge = ziggurat_edges[half & 0xffu];
  const double u = ziggurat_point(half);
  z = u * edge.x;
  return std::abs(u) < edge.ratio;
}

}  // namespace pond::detail
