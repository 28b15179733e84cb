#include "pond/core/rng.hpp"

#include <cmath>

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

double Rng::normal_slow(std::uint64_t bits) noexcept {
  const auto& t = detail::ziggurat;
  for (;;) {
    const unsigned layer = bits & 0xffu;
    const double u = static_cast<double>(static_cast<std::int64_t>(bits) >> 11) * 0x1.0p-52;
    if (std::abs(u) < t.ratio[layer]) return u * t.x[layer];
    if (layer == 0) {
      // Sample the tail beyond kR (Marsaglia 1964).
      double x = 0.0;
      double y = 0.0;
      do {
        x = std::log(1.0 - uniform()) / detail::kR;
        y = std::log(1.0 - uniform());
      } while (-2.0 * y < x * x);
      return u < 0 ? x - detail::kR : detail::kR - x;
    }
    const double x = u * t.x[layer];
    const double f0 = std::exp(-0.5 * (t.x[layer] * t.x[layer] - x * x));
    const double f1 = std::exp(-0.5 * (t.x[layer + 1] * t.x[layer + 1] - x * x));
    if (f1 + uniform() * (f0 - f1) < 1.0) return x;
    bits = (*this)();
  }
}

void Rng::fill_normal(std::span<double> out) noexcept {
  Rng local = *this;  // a local copy lets the compiler keep the state in registers
  for (double& v : out) v = local.normal();
  *this = local;
}

}  // namespace pond
