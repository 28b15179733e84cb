#pragma once
/// @file
/// Which instruction set pond's hand-vectorised loops run on (`Rng::fill_normal`, the projection
/// tasks). Every kernel computes the same IEEE operations in the same order, so the choice changes
/// speed only, never a result; tests switch kernels to prove it.

namespace pond::detail {

/// The instruction sets the hand-vectorised loops can run on, slowest first.
enum class SimdKernel { portable, sse2, avx2 };

/// The fastest kernel this CPU runs.
SimdKernel best_simd_kernel() noexcept;

/// The kernel the loops use: the fastest this CPU has, unless `set_simd_kernel` chose another.
SimdKernel simd_kernel() noexcept;

/// Makes the loops use `kernel` (one the CPU lacks falls back to the best it has) and returns the
/// kernel used before. For tests and benchmarks that compare kernels; not while other threads work.
SimdKernel set_simd_kernel(SimdKernel kernel) noexcept;

}  // namespace pond::detail
