#include "pond/core/simd_kernel.hpp"

#include <atomic>

namespace pond::detail {
namespace {

std::atomic<SimdKernel> active_kernel{best_simd_kernel()};

}  // namespace

SimdKernel best_simd_kernel() noexcept {
#if defined(__x86_64__)
  __builtin_cpu_init();  // may run during static initialisation, before the runtime's own call
  return __builtin_cpu_supports("avx2") ? SimdKernel::avx2 : SimdKernel::sse2;
#else
  return SimdKernel::portable;
#endif
}

SimdKernel simd_kernel() noexcept { return active_kernel.load(std::memory_order_relaxed); }

SimdKernel set_simd_kernel(SimdKernel kernel) noexcept {
  const SimdKernel best = best_simd_kernel();
  if (static_cast<int>(kernel) > static_cast<int>(best)) kernel = best;
  return active_kernel.exchange(kernel, std::memory_order_relaxed);
}

}  // namespace pond::detail
