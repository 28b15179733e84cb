// Round-number ticks and their labels.

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "layout.hpp"

namespace pond::plot::detail {
namespace {

// Smallest number of decimals that writes `step` exactly (up to 10).
int decimals_for(double step) {
  for (int d = 0; d < 10; ++d) {
    const double scaled = step * std::pow(10.0, d);
    if (std::abs(scaled - std::round(scaled)) <= 1e-6 * std::max(1.0, scaled)) return d;
  }
  return 10;
}

std::string fixed(double v, int decimals) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  std::string s = buf;
  if (s.find('.') != std::string::npos) {
    while (s.back() == '0') s.pop_back();
    if (s.back() == '.') s.pop_back();
  }
  if (s == "-0") return "0";
  if (s[0] == '-') s.replace(0, 1, "\xE2\x88\x92");  // a real minus sign
  return s;
}

}  // namespace

double ui_scale(int width_px) {
  const double r = width_px / 800.0;
  return r >= 1.0 ? r : std::max(0.8, std::sqrt(r));  // small pictures keep their text readable
}

std::vector<double> nice_ticks(double lo, double hi, int target) {
  if (!(hi > lo) || !std::isfinite(lo) || !std::isfinite(hi)) return {lo};
  target = std::max(target, 2);
  const double raw = (hi - lo) / target;
  double power = std::pow(10.0, std::floor(std::log10(raw)));
  static constexpr double mantissas[] = {1.0, 2.0, 2.5, 5.0, 10.0};
  double step = power * 10.0;
  for (double m : mantissas) {
    if (m * power >= raw * 0.999) {
      step = m * power;
      break;
    }
  }
  std::vector<double> ticks;
  for (int attempt = 0; attempt < 4; ++attempt) {
    ticks.clear();
    const double eps = step * 1e-9;
    const double first = std::ceil((lo - eps) / step);
    const double last = std::floor((hi + eps) / step);
    for (double k = first; k <= last && ticks.size() < 1000; k += 1.0) {
      const double v = k * step;
      ticks.push_back(std::abs(v) < eps ? 0.0 : v);
    }
    if (ticks.size() >= 2) break;
    step /= 2.0;
  }
  return ticks;
}

std::vector<std::string> tick_labels(std::span<const double> ticks) {
  std::vector<std::string> out;
  if (ticks.empty()) return out;
  const double step = ticks.size() > 1 ? std::abs(ticks[1] - ticks[0]) : std::max(std::abs(ticks[0]), 1.0);
  double reach = 0.0;
  for (double t : ticks) reach = std::max(reach, std::abs(t));
  for (double t : ticks) {
    double unit = 1.0;
    const char* suffix = "";
    if (reach >= 1e4) {
      const double a = std::abs(t);
      if (a >= 1e9) {
        unit = 1e9;
        suffix = "B";
      } else if (a >= 1e6) {
        unit = 1e6;
        suffix = "M";
      } else if (a >= 1e3) {
        unit = 1e3;
        suffix = "k";
      }
    }
    if (reach > 0 && reach < 1e-3) {
      char buf[64];
      std::snprintf(buf, sizeof buf, "%.3g", t);
      out.emplace_back(buf[0] == '-' ? "\xE2\x88\x92" + std::string(buf + 1) : std::string(buf));
      continue;
    }
    out.push_back(fixed(t / unit, decimals_for(step / unit)) + suffix);
  }
  return out;
}

}  // namespace pond::plot::detail
