#pragma once
/// @file
/// Random numbers for pond: one 64-bit seed per run, and explicit generators split from it.
///
/// Every random draw in pond comes from an `Rng` made by `Rng::stream(seed, tags...)`: the tags name
/// the component and the moment (for example: "ask", iteration, emitter, candidate). Because a
/// candidate's generator depends only on those numbers, candidates can be made in any order, on any
/// number of threads or ranks, and a run resumed from a checkpoint draws exactly the same numbers.
/// Nothing reads the clock or a global generator.

#include <array>
#include <bit>
#include <cmath>
#include <cstdint>
#include <initializer_list>
#include <limits>
#include <span>

namespace pond {

namespace detail {
__extension__ typedef unsigned __int128 uint128;  // GCC/Clang extension; __extension__ keeps -Wpedantic quiet
}  // namespace detail

/// One step of the SplitMix64 sequence: advances `state` and returns a well-mixed 64-bit value.
/// Used to expand seeds and to hash stream tags; not a generator on its own.
constexpr std::uint64_t splitmix64(std::uint64_t& state) noexcept {
  state += 0x9e3779b97f4a7c15ULL;
  std::uint64_t z = state;
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

/// Hashes a seed and a list of tags into one 64-bit value (order matters).
constexpr std::uint64_t mix_seed(std::uint64_t seed, std::initializer_list<std::uint64_t> tags) noexcept {
  std::uint64_t state = seed;
  std::uint64_t h = splitmix64(state);
  for (std::uint64_t tag : tags) {
    state ^= tag + 0x632be59bd9b4e019ULL + (h << 6) + (h >> 2);
    h ^= splitmix64(state);
  }
  return h;
}

/// Well-known tags for `Rng::stream`, so that components never share a stream by accident.
namespace stream_tag {
inline constexpr std::uint64_t ask = 0x61736b;          ///< making candidates
inline constexpr std::uint64_t evaluate = 0x6576616c;   ///< a stochastic task's evaluation
inline constexpr std::uint64_t archive = 0x61726368;    ///< an archive's own choices (e.g. CVT centroids)
inline constexpr std::uint64_t emitter = 0x656d6974;    ///< an emitter's own state (e.g. CMA-ES restarts)
inline constexpr std::uint64_t population = 0x706f70;   ///< a NEAT population's reproduction
}  // namespace stream_tag

/// A small, fast generator: xoshiro256** (Blackman and Vigna), seeded through SplitMix64.
/// Satisfies std::uniform_random_bit_generator. Copying it copies its state.
class Rng {
 public:
  using result_type = std::uint64_t;

  /// A generator seeded from one 64-bit value.
  explicit constexpr Rng(std::uint64_t seed = 0) noexcept {
    std::uint64_t sm = seed;
    for (auto& word : state_) word = splitmix64(sm);
  }

  /// The generator for one named stream of a run: `seed` is the run's seed, `tags` say which
  /// component and which moment (see `stream_tag`). Equal arguments give equal streams.
  static constexpr Rng stream(std::uint64_t seed, std::initializer_list<std::uint64_t> tags) noexcept {
    return Rng(mix_seed(seed, tags));
  }

  static constexpr result_type min() noexcept { return 0; }
  static constexpr result_type max() noexcept { return std::numeric_limits<result_type>::max(); }

  /// The next 64 random bits.
  constexpr result_type operator()() noexcept {
    const std::uint64_t result = std::rotl(state_[1] * 5, 7) * 9;
    const std::uint64_t t = state_[1] << 17;
    state_[2] ^= state_[0];
    state_[3] ^= state_[1];
    state_[1] ^= state_[2];
    state_[0] ^= state_[3];
    state_[2] ^= t;
    state_[3] = std::rotl(state_[3], 45);
    return result;
  }

  /// Uniform double in [0, 1), 53 random bits.
  constexpr double uniform() noexcept { return static_cast<double>((*this)() >> 11) * 0x1.0p-53; }

  /// Uniform double in [lo, hi).
  constexpr double uniform(double lo, double hi) noexcept { return lo + (hi - lo) * uniform(); }

  /// Uniform integer in [0, n), without bias (Lemire's multiply-and-reject). Requires n > 0.
  std::uint64_t below(std::uint64_t n) noexcept {
    detail::uint128 m = static_cast<detail::uint128>((*this)()) * n;
    auto low = static_cast<std::uint64_t>(m);
    if (low < n) {
      const std::uint64_t threshold = (0 - n) % n;
      while (low < threshold) {
        m = static_cast<detail::uint128>((*this)()) * n;
        low = static_cast<std::uint64_t>(m);
      }
    }
    return static_cast<std::uint64_t>(m >> 64);
  }

  /// True with probability p.
  constexpr bool bernoulli(double p) noexcept { return uniform() < p; }

  /// Standard normal deviate (ziggurat method, 256 layers): mean 0, variance 1.
  double normal() noexcept;

  /// Fills `out` with standard normal deviates, faster than calling normal() for each: for 32 or more,
  /// four xoshiro256++ lanes seeded from this generator make the random words side by side; each word
  /// gives two deviates through a 32-bit ziggurat (8 bits pick the layer, 24 bits the point): exactly
  /// normal in distribution, with a resolution of 2^-23 of a layer's width. Mutation operators use it.
  void fill_normal(std::span<double> out) noexcept;

  /// Writes mean[i] + sigma · z_i to out[i] with z_i the deviates `fill_normal(out)` would write:
  /// a Gaussian mutation in one pass. `out` may be `mean` itself.
  void fill_normal(std::span<double> out, std::span<const double> mean, double sigma) noexcept;

  /// Normal deviate with the given mean and standard deviation.
  double normal(double mean, double stddev) noexcept { return mean + stddev * normal(); }

  /// The raw state, for checkpoints.
  constexpr const std::array<std::uint64_t, 4>& state() const noexcept { return state_; }
  /// Restores a state saved with `state()`.
  constexpr void set_state(const std::array<std::uint64_t, 4>& s) noexcept { state_ = s; }

  friend constexpr bool operator==(const Rng&, const Rng&) = default;

 private:
  template <bool Affine>
  void fill_normal_impl(double* out, std::size_t n, const double* mean, double sigma) noexcept;
  // The ziggurat's slow path for a point (layer, u) outside the layer's core rectangle.
  double normal_outside_core(unsigned layer, double u) noexcept;
  std::array<std::uint64_t, 4> state_{};
};

namespace detail {
/// Tables of the 256-layer ziggurat for the standard normal: x[i] layer edges, ratio[i] = x[i+1]/x[i].
struct ZigguratTables {
  std::array<double, 257> x;
  std::array<double, 256> ratio;
};
/// The tables, filled during static initialisation (so normal() needs no guard on its fast path;
/// do not draw normals from another translation unit's static initialisers).
extern const ZigguratTables ziggurat;
}  // namespace detail

inline double Rng::normal() noexcept {
  const detail::ZigguratTables& t = detail::ziggurat;
  const std::uint64_t bits = (*this)();
  const unsigned layer = bits & 0xffu;
  // The top 53 bits give u uniform in [-1, 1); the low 8 bits pick the layer independently.
  const double u = static_cast<double>(static_cast<std::int64_t>(bits) >> 11) * 0x1.0p-52;
  if (std::abs(u) < t.ratio[layer]) return u * t.x[layer];
  return normal_outside_core(layer, u);
}

}  // namespace pond
