#include "normal_kernels.hpp"

#include <cmath>
#include <cstring>

#if defined(__x86_64__)
#include <immintrin.h>
#define POND_NORMAL_X86 1
#endif

namespace pond::detail {

FourLanes::FourLanes(Rng& rng) noexcept {
  for (std::size_t lane = 0; lane < 4; ++lane) {
    std::uint64_t sm = rng();
    s0[lane] = splitmix64(sm);
    s1[lane] = splitmix64(sm);
    s2[lane] = splitmix64(sm);
    s3[lane] = splitmix64(sm);
  }
}

namespace {

// The outside-core bits of a group of four deviates ending at i + 3 were or-ed into `bits`: store them
// when the 64-bit word is full or the block ends. (Or-ing into `outside` itself at every group would
// chain each group's store to the next group's load.)
inline void flush(std::uint64_t* outside, std::uint64_t& bits, std::size_t i, std::size_t count) noexcept {
  if ((i + 4) % 64 == 0 || i + 4 >= count) {
    outside[i / 64] = bits;
    bits = 0;
  }
}

// ------------------------------------------------------------------------------------------------
// Portable: one lane and one deviate at a time. The reference the vector kernels must equal.

void fill_words_portable(FourLanes& g, std::uint32_t* halves, std::size_t words) noexcept {
  for (std::size_t w = 0; w < words; w += 4) {
    for (std::size_t l = 0; l < 4; ++l) {
      const std::uint64_t sum = g.s0[l] + g.s3[l];
      const std::uint64_t result = ((sum << 23) | (sum >> 41)) + g.s0[l];
      std::memcpy(halves + 2 * (w + l), &result, sizeof result);
      const std::uint64_t t = g.s1[l] << 17;
      g.s2[l] ^= g.s0[l];
      g.s3[l] ^= g.s1[l];
      g.s1[l] ^= g.s2[l];
      g.s0[l] ^= g.s3[l];
      g.s2[l] ^= t;
      g.s3[l] = (g.s3[l] << 45) | (g.s3[l] >> 19);
    }
  }
}

void ziggurat_portable(FourLanes& g, std::uint32_t* halves, std::size_t count, double* z,
                       std::uint64_t* outside) noexcept {
  fill_words_portable(g, halves, count / 2);
  for (std::size_t i = 0; i < count; ++i) {
    if (!ziggurat_core(halves[i], z[i])) outside[i / 64] |= std::uint64_t{1} << (i % 64);
  }
}

void affine_portable(const double* z, std::size_t n, const double* mean, double sigma, double* out) noexcept {
  for (std::size_t i = 0; i < n; ++i) out[i] = mean[i] + sigma * z[i];
}

#ifdef POND_NORMAL_X86

// ------------------------------------------------------------------------------------------------
// SSE2: two lanes per register (every x86-64 has it).

void fill_words_sse2(FourLanes& g, std::uint32_t* halves, std::size_t words) noexcept {
  auto load = [](const std::uint64_t* p) { return _mm_load_si128(reinterpret_cast<const __m128i*>(p)); };
  auto rotl = [](__m128i v, int k) { return _mm_or_si128(_mm_slli_epi64(v, k), _mm_srli_epi64(v, 64 - k)); };
  __m128i a0 = load(&g.s0[0]), b0 = load(&g.s0[2]), a1 = load(&g.s1[0]), b1 = load(&g.s1[2]);
  __m128i a2 = load(&g.s2[0]), b2 = load(&g.s2[2]), a3 = load(&g.s3[0]), b3 = load(&g.s3[2]);
  for (std::size_t w = 0; w < words; w += 4) {
    _mm_storeu_si128(reinterpret_cast<__m128i*>(halves + 2 * w), _mm_add_epi64(rotl(_mm_add_epi64(a0, a3), 23), a0));
    _mm_storeu_si128(reinterpret_cast<__m128i*>(halves + 2 * w + 4),
                     _mm_add_epi64(rotl(_mm_add_epi64(b0, b3), 23), b0));
    const __m128i ta = _mm_slli_epi64(a1, 17), tb = _mm_slli_epi64(b1, 17);
    a2 = _mm_xor_si128(a2, a0), b2 = _mm_xor_si128(b2, b0);
    a3 = _mm_xor_si128(a3, a1), b3 = _mm_xor_si128(b3, b1);
    a1 = _mm_xor_si128(a1, a2), b1 = _mm_xor_si128(b1, b2);
    a0 = _mm_xor_si128(a0, a3), b0 = _mm_xor_si128(b0, b3);
    a2 = _mm_xor_si128(a2, ta), b2 = _mm_xor_si128(b2, tb);
    a3 = rotl(a3, 45), b3 = rotl(b3, 45);
  }
  auto store = [](std::uint64_t* p, __m128i v) { _mm_store_si128(reinterpret_cast<__m128i*>(p), v); };
  store(&g.s0[0], a0), store(&g.s0[2], b0), store(&g.s1[0], a1), store(&g.s1[2], b1);
  store(&g.s2[0], a2), store(&g.s2[2], b2), store(&g.s3[0], a3), store(&g.s3[2], b3);
}

void ziggurat_sse2(FourLanes& g, std::uint32_t* halves, std::size_t count, double* z,
                   std::uint64_t* outside) noexcept {
  fill_words_sse2(g, halves, count / 2);
  const __m128i point_bits = _mm_set1_epi32(static_cast<int>(0xffffff00u));
  const __m128d scale = _mm_set1_pd(0x1.0p-31);
  const __m128d magnitude = _mm_castsi128_pd(_mm_set1_epi64x(0x7fffffffffffffffLL));
  std::uint64_t bits = 0;
  for (std::size_t i = 0; i < count; i += 4) {
    const __m128i points = _mm_and_si128(_mm_loadu_si128(reinterpret_cast<const __m128i*>(halves + i)), point_bits);
    const __m128d u01 = _mm_mul_pd(_mm_cvtepi32_pd(points), scale);
    const __m128d u23 = _mm_mul_pd(_mm_cvtepi32_pd(_mm_shuffle_epi32(points, 0xee)), scale);
    const __m128d e0 = _mm_load_pd(&ziggurat_edges[halves[i] & 0xffu].x);
    const __m128d e1 = _mm_load_pd(&ziggurat_edges[halves[i + 1] & 0xffu].x);
    const __m128d e2 = _mm_load_pd(&ziggurat_edges[halves[i + 2] & 0xffu].x);
    const __m128d e3 = _mm_load_pd(&ziggurat_edges[halves[i + 3] & 0xffu].x);
    _mm_storeu_pd(z + i, _mm_mul_pd(u01, _mm_unpacklo_pd(e0, e1)));
    _mm_storeu_pd(z + i + 2, _mm_mul_pd(u23, _mm_unpacklo_pd(e2, e3)));
    const int low = _mm_movemask_pd(_mm_cmpnlt_pd(_mm_and_pd(u01, magnitude), _mm_unpackhi_pd(e0, e1)));
    const int high = _mm_movemask_pd(_mm_cmpnlt_pd(_mm_and_pd(u23, magnitude), _mm_unpackhi_pd(e2, e3)));
    bits |= static_cast<std::uint64_t>(low | high << 2) << (i % 64);
    flush(outside, bits, i, count);
  }
}

void affine_sse2(const double* z, std::size_t n, const double* mean, double sigma, double* out) noexcept {
  const __m128d sigmas = _mm_set1_pd(sigma);
  std::size_t i = 0;
  for (; i + 2 <= n; i += 2) {
    _mm_storeu_pd(out + i, _mm_add_pd(_mm_loadu_pd(mean + i), _mm_mul_pd(sigmas, _mm_loadu_pd(z + i))));
  }
  affine_portable(z + i, n - i, mean + i, sigma, out + i);
}

// ------------------------------------------------------------------------------------------------
// AVX2: four lanes per register. The same operations as above (AVX2 does not imply FMA, and pond is
// built with -ffp-contract=off), so the same numbers.

__attribute__((target("avx2"))) void ziggurat_avx2(FourLanes& g, std::uint32_t* halves, std::size_t count,
                                                   double* z, std::uint64_t* outside) noexcept {
  // (No helper lambdas here: they would not inherit this function's target.)
  __m256i s0 = _mm256_load_si256(reinterpret_cast<const __m256i*>(g.s0.data()));
  __m256i s1 = _mm256_load_si256(reinterpret_cast<const __m256i*>(g.s1.data()));
  __m256i s2 = _mm256_load_si256(reinterpret_cast<const __m256i*>(g.s2.data()));
  __m256i s3 = _mm256_load_si256(reinterpret_cast<const __m256i*>(g.s3.data()));
  for (std::size_t w = 0; w < count / 2; w += 4) {
    const __m256i sum = _mm256_add_epi64(s0, s3);
    const __m256i rotated = _mm256_or_si256(_mm256_slli_epi64(sum, 23), _mm256_srli_epi64(sum, 41));
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(halves + 2 * w), _mm256_add_epi64(rotated, s0));
    const __m256i t = _mm256_slli_epi64(s1, 17);
    s2 = _mm256_xor_si256(s2, s0);
    s3 = _mm256_xor_si256(s3, s1);
    s1 = _mm256_xor_si256(s1, s2);
    s0 = _mm256_xor_si256(s0, s3);
    s2 = _mm256_xor_si256(s2, t);
    s3 = _mm256_or_si256(_mm256_slli_epi64(s3, 45), _mm256_srli_epi64(s3, 19));
  }
  _mm256_store_si256(reinterpret_cast<__m256i*>(g.s0.data()), s0);
  _mm256_store_si256(reinterpret_cast<__m256i*>(g.s1.data()), s1);
  _mm256_store_si256(reinterpret_cast<__m256i*>(g.s2.data()), s2);
  _mm256_store_si256(reinterpret_cast<__m256i*>(g.s3.data()), s3);

  const __m128i point_bits = _mm_set1_epi32(static_cast<int>(0xffffff00u));
  const __m256d scale = _mm256_set1_pd(0x1.0p-31);
  const __m256d magnitude = _mm256_castsi256_pd(_mm256_set1_epi64x(0x7fffffffffffffffLL));
  std::uint64_t bits = 0;
  for (std::size_t i = 0; i < count; i += 4) {
    const __m128i points = _mm_and_si128(_mm_loadu_si128(reinterpret_cast<const __m128i*>(halves + i)), point_bits);
    const __m256d u = _mm256_mul_pd(_mm256_cvtepi32_pd(points), scale);
    // [x0 r0 | x2 r2] and [x1 r1 | x3 r3], then unpacked into the edges and the ratios in lane order.
    const __m256d e02 = _mm256_insertf128_pd(_mm256_castpd128_pd256(_mm_load_pd(&ziggurat_edges[halves[i] & 0xffu].x)),
                                             _mm_load_pd(&ziggurat_edges[halves[i + 2] & 0xffu].x), 1);
    const __m256d e13 =
        _mm256_insertf128_pd(_mm256_castpd128_pd256(_mm_load_pd(&ziggurat_edges[halves[i + 1] & 0xffu].x)),
                             _mm_load_pd(&ziggurat_edges[halves[i + 3] & 0xffu].x), 1);
    _mm256_storeu_pd(z + i, _mm256_mul_pd(u, _mm256_unpacklo_pd(e02, e13)));
    const int out = _mm256_movemask_pd(_mm256_cmp_pd(_mm256_and_pd(u, magnitude), _mm256_unpackhi_pd(e02, e13), _CMP_NLT_UQ));
    bits |= static_cast<std::uint64_t>(out) << (i % 64);
    flush(outside, bits, i, count);
  }
}

__attribute__((target("avx2"))) void affine_avx2(const double* z, std::size_t n, const double* mean, double sigma,
                                                 double* out) noexcept {
  const __m256d sigmas = _mm256_set1_pd(sigma);
  std::size_t i = 0;
  for (; i + 4 <= n; i += 4) {
    _mm256_storeu_pd(out + i, _mm256_add_pd(_mm256_loadu_pd(mean + i), _mm256_mul_pd(sigmas, _mm256_loadu_pd(z + i))));
  }
  affine_portable(z + i, n - i, mean + i, sigma, out + i);
}

#endif  // POND_NORMAL_X86

}  // namespace

void ziggurat_block(SimdKernel kernel, FourLanes& lanes, std::uint32_t* halves, std::size_t count, double* z,
                    std::uint64_t* outside) noexcept {
#ifdef POND_NORMAL_X86
  if (kernel == SimdKernel::avx2) return ziggurat_avx2(lanes, halves, count, z, outside);
  if (kernel == SimdKernel::sse2) return ziggurat_sse2(lanes, halves, count, z, outside);
#endif
  ziggurat_portable(lanes, halves, count, z, outside);
}

void affine_block(SimdKernel kernel, const double* z, std::size_t n, const double* mean, double sigma,
                  double* out) noexcept {
#ifdef POND_NORMAL_X86
  if (kernel == SimdKernel::avx2) return affine_avx2(z, n, mean, sigma, out);
  if (kernel == SimdKernel::sse2) return affine_sse2(z, n, mean, sigma, out);
#endif
  affine_portable(z, n, mean, sigma, out);
}

}  // namespace pond::detail
