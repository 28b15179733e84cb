// Line charts: input checks, bounds and layout.

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>
#include <tuple>

#include "chart.hpp"

namespace pond::plot::detail {

void check_series(const char* fn, const std::string& where, std::span<const Series> series) {
  if (series.empty()) throw std::invalid_argument(message(fn, where + "no series to draw"));
  bool any = false;
  for (const Series& s : series) {
    if (s.x.size() != s.y.size()) {
      throw std::invalid_argument(message(fn, where + "series '" + s.name + "' has " +
                                                  std::to_string(s.x.size()) + " x values but " +
                                                  std::to_string(s.y.size()) + " y values"));
    }
    for (std::size_t i = 0; i < s.x.size() && !any; ++i) any = std::isfinite(s.x[i]) && std::isfinite(s.y[i]);
  }
  if (!any) throw std::invalid_argument(message(fn, where + "no finite data points in any series"));
}

std::pair<double, double> chart_range(const char* fn, const std::string& where, const char* name, double lo,
                                      double hi, std::span<const Series> series, bool along_x) {
  if (std::isinf(lo) || std::isinf(hi)) {
    throw std::invalid_argument(message(fn, where + name + " bounds must be finite or NaN (automatic), got " +
                                                std::to_string(lo) + ".." + std::to_string(hi)));
  }
  if (lo > hi) {
    throw std::invalid_argument(message(fn, where + name + " bounds must have min <= max, got " +
                                                std::to_string(lo) + ".." + std::to_string(hi)));
  }
  if (lo < hi) return {lo, hi};
  const bool auto_lo = std::isnan(lo) || lo == hi, auto_hi = std::isnan(hi) || lo == hi;
  double d_lo = std::numeric_limits<double>::infinity(), d_hi = -d_lo;
  for (const Series& s : series) {
    for (std::size_t i = 0; i < s.x.size(); ++i) {
      if (!std::isfinite(s.x[i]) || !std::isfinite(s.y[i])) continue;
      const double v = along_x ? s.x[i] : s.y[i];
      d_lo = std::min(d_lo, v);
      d_hi = std::max(d_hi, v);
    }
  }
  if (!auto_lo) d_lo = std::min(d_lo, lo);
  if (!auto_hi) d_hi = std::max(d_hi, hi);
  const double span = d_hi - d_lo;
  const double margin = span > 0 ? 0.04 * span : (d_lo == 0 ? 0.5 : 0.05 * std::abs(d_lo));
  const double out_lo = auto_lo ? d_lo - margin : lo, out_hi = auto_hi ? d_hi + margin : hi;
  if (!(out_lo < out_hi)) {
    throw std::invalid_argument(message(fn, where + "cannot fit " + name + " bounds around the data"));
  }
  return {out_lo, out_hi};
}

ChartLayout chart_layout(const char* fn, const std::string& where, const Rect& area,
                         std::span<const Series> series, const Axes& axes, double s, double min_left) {
  ChartLayout out{};
  out.area = area;
  std::tie(out.x_min, out.x_max) = chart_range(fn, where, "x", axes.x_min, axes.x_max, series, true);
  std::tie(out.y_min, out.y_max) = chart_range(fn, where, "y", axes.y_min, axes.y_max, series, false);

  const double pad = 12 * s, tick_len = 5 * s, gap = 5 * s, lw = std::max(1.0, std::round(s));
  const double top = std::round(pad + (axes.title.empty() ? 0 : font::title * s * 1.25 + 8 * s));
  const double bottom = std::round(lw + tick_len + gap + font::tick * s * 0.9 +
                                   (axes.x_label.empty() ? 0 : 10 * s + font::label * s * 1.1) + pad);
  const double plot_h = std::max(30.0, area.h - top - bottom);
  out.y_ticks = nice_ticks(out.y_min, out.y_max, std::clamp(static_cast<int>(plot_h / (45 * s)), 3, 8));

  Canvas scratch(1, 1);
  set_font(scratch.cr(), font::tick * s);
  double widest = 0.0;
  for (const std::string& label : tick_labels(out.y_ticks))
    widest = std::max(widest, text_width(scratch.cr(), label));
  const double left =
      std::round(std::max(min_left, pad + (axes.y_label.empty() ? 0 : font::label * s * 1.25 + 6 * s) +
                                        widest + tick_len + gap + lw));
  const double right = std::round(30 * s);
  const double plot_w = std::max(30.0, area.w - left - right);
  out.plot = {area.x + left, area.y + top, plot_w, plot_h};
  out.x_ticks = nice_ticks(out.x_min, out.x_max, std::clamp(static_cast<int>(plot_w / (90 * s)), 3, 10));
  return out;
}

}  // namespace pond::plot::detail
