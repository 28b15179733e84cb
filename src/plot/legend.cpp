// The legend of a line chart, placed in the plot corner where it hides the least (a choice that paths
// over maps share), and the legend box that maze pictures share.

#include <algorithm>
#include <array>
#include <cmath>
#include <numbers>
#include <string>
#include <vector>

#include "chart.hpp"

namespace pond::plot::detail {
namespace {

// How many sample points along `lines` (one every ~3 pixels) fall inside `r`.
std::size_t covered(const Rect& r, const std::vector<std::vector<Polyline>>& lines) {
  std::size_t count = 0;
  auto inside = [&](double x, double y) { return x >= r.x && x <= r.x + r.w && y >= r.y && y <= r.y + r.h; };
  for (const auto& runs : lines) {
    for (const Polyline& run : runs) {
      if (run.size() == 1) count += inside(run[0].first, run[0].second) ? 1 : 0;
      for (std::size_t i = 1; i < run.size(); ++i) {
        const auto [x0, y0] = run[i - 1];
        const auto [x1, y1] = run[i];
        const double len = std::hypot(x1 - x0, y1 - y0);
        const int steps = static_cast<int>(std::min(200.0, std::ceil(len / 3.0)));
        for (int k = 0; k < std::max(1, steps); ++k) {
          const double f = steps > 0 ? static_cast<double>(k) / steps : 0.0;
          count += inside(x0 + (x1 - x0) * f, y0 + (y1 - y0) * f) ? 1 : 0;
        }
      }
    }
  }
  return count;
}

}  // namespace

void draw_legend_box(cairo_t* cr, const Rect& box, double s) {
  constexpr double pi = std::numbers::pi;
  const double radius = 4 * s;
  cairo_new_sub_path(cr);
  cairo_arc(cr, box.x + box.w - radius, box.y + radius, radius, -pi / 2, 0);
  cairo_arc(cr, box.x + box.w - radius, box.y + box.h - radius, radius, 0, pi / 2);
  cairo_arc(cr, box.x + radius, box.y + box.h - radius, radius, pi / 2, pi);
  cairo_arc(cr, box.x + radius, box.y + radius, radius, pi, 3 * pi / 2);
  cairo_close_path(cr);
  set_colour(cr, colour::white, 0.92);
  cairo_fill_preserve(cr);
  cairo_set_line_width(cr, std::max(1.0, std::round(s)));
  set_colour(cr, Rgb{0.80, 0.80, 0.82});
  cairo_stroke(cr);
}

Rect legend_corner(const Rect& plot, double w, double h, const std::vector<std::vector<Polyline>>& lines,
                   double s) {
  const double inset = 10 * s;
  // Corners in order of preference: top-left, top-right, bottom-right, bottom-left.
  const std::array<Rect, 4> corners{{
      {plot.x + inset, plot.y + inset, w, h},
      {plot.x + plot.w - inset - w, plot.y + inset, w, h},
      {plot.x + plot.w - inset - w, plot.y + plot.h - inset - h, w, h},
      {plot.x + inset, plot.y + plot.h - inset - h, w, h},
  }};
  Rect box = corners[0];
  std::size_t best = static_cast<std::size_t>(-1);
  for (const Rect& r : corners) {
    const std::size_t c = covered(r, lines);
    if (c < best) {
      best = c;
      box = r;
    }
  }
  return box;
}

void draw_legend(cairo_t* cr, const Rect& plot, std::span<const Series> series,
                 const std::vector<std::vector<Polyline>>& lines, double s) {
  std::vector<std::size_t> shown;
  for (std::size_t k = 0; k < series.size(); ++k) {
    if (!series[k].name.empty()) shown.push_back(k);
  }
  if (shown.empty()) return;

  const double text_size = font::tick * s, row_h = 20 * s, inner = 8 * s, sample_w = 24 * s;
  set_font(cr, text_size);
  double widest = 0.0;
  for (std::size_t k : shown) widest = std::max(widest, text_width(cr, series[k].name));
  const double w = inner + sample_w + 8 * s + widest + inner;
  const double h = inner + row_h * static_cast<double>(shown.size()) + inner - 4 * s;
  const Rect box = legend_corner(plot, w, h, lines, s);

  draw_legend_box(cr, box, s);

  cairo_set_line_width(cr, 2.6 * s);
  cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
  for (std::size_t row = 0; row < shown.size(); ++row) {
    const double y = box.y + inner + row_h * (static_cast<double>(row) + 0.5) - 2 * s;
    set_colour(cr, series_colour(shown[row]));
    cairo_move_to(cr, box.x + inner, y);
    cairo_line_to(cr, box.x + inner + sample_w, y);
    cairo_stroke(cr);
    draw_text(cr, series[shown[row]].name, box.x + inner + sample_w + 8 * s, y, text_size, colour::text,
              HAlign::left, VAlign::middle);
  }
}

}  // namespace pond::plot::detail
