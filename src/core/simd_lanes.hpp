#pragma once
// GCC/Clang vector types of two and four doubles (and same-width 64-bit integers for their masks), for
// pond's hand-vectorised loops (the tasks, the networks' activations). Two lanes compile to SSE2 on x86-64 (NEON on ARMv8) with no -march
// flag; four-lane values are only computed inside functions with an AVX2 target attribute.

#include <cstdint>

namespace pond::simd {

typedef double f64x2 __attribute__((vector_size(16)));
typedef std::int64_t i64x2 __attribute__((vector_size(16)));
typedef double f64x4 __attribute__((vector_size(32)));
typedef std::int64_t i64x4 __attribute__((vector_size(32)));

}  // namespace pond::simd
