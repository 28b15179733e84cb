#pragma once
// GCC/Clang vector types of two and four doubles (and same-width 64-bit integers for their masks), for
// the tasks' hand-vectorised loops. Two lanes compile to SSE2 on x86-64 (NEON on ARMv8) with no -march
// flag; four-lane values are only computed inside functions with an AVX2 target attribute.

#include <cstdint>

namespace pond::tasks::detail {

typedef double f64x2 __attribute__((vector_size(16)));
typedef std::int64_t i64x2 __attribute__((vector_size(16)));
typedef double f64x4 __attribute__((vector_size(32)));
typedef std::int64_t i64x4 __attribute__((vector_size(32)));

}  // namespace pond::tasks::detail
