// Where the parts of heatmap and scatter pictures go.

#include "layout.hpp"

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "canvas.hpp"

namespace pond::plot::detail {

double widest_tick_label(cairo_t* cr, const std::vector<double>& ticks) {
  double w = 0.0;
  for (const std::string& label : tick_labels(ticks)) w = std::max(w, text_width(cr, label));
  return w;
}

int tick_target(double length_px, double spacing_px) {
  return std::clamp(static_cast<int>(length_px / spacing_px), 3, 10);
}

MapLayout map_layout(const Axes& axes, double value_min, double value_max, const std::string& value_label,
                     int width_px) {
  MapLayout out{};
  const double s = ui_scale(width_px);
  out.width = width_px;
  out.scale = s;
  const double pad = 12 * s, tick_len = 5 * s, gap = 5 * s;

  Canvas scratch(1, 1);
  cairo_t* cr = scratch.cr();
  set_font(cr, font::tick * s);

  const double label_band = font::label * s * 1.25;
  const double bar_gap = std::round(22 * s), bar_w = std::round(18 * s);
  const double top = std::round(pad + (axes.title.empty() ? 0 : font::title * s * 1.25 + 10 * s));
  const double bottom = std::round(tick_len + gap + font::tick * s * 0.9 +
                                   (axes.x_label.empty() ? 0 : 10 * s + label_band) + pad + 4 * s);
  const double aspect = std::clamp((axes.y_max - axes.y_min) / (axes.x_max - axes.x_min), 0.5, 2.0);

  // The margins depend on the tick labels, whose number depends on the plot's height: guess the height,
  // lay out, then lay out again with ticks for the height found.
  double plot_h = width_px - 220 * s;
  for (int pass = 0; pass < 2; ++pass) {
    out.y_ticks = nice_ticks(axes.y_min, axes.y_max, tick_target(plot_h, 60 * s));
    out.value_ticks = nice_ticks(value_min, value_max, tick_target(plot_h, 60 * s));
    const double left = std::round(pad + (axes.y_label.empty() ? 0 : label_band + 6 * s) +
                                   widest_tick_label(cr, out.y_ticks) + tick_len + gap);
    const double right = bar_gap + bar_w + tick_len + gap + widest_tick_label(cr, out.value_ticks) +
                         (value_label.empty() ? 0 : 8 * s + label_band) + pad;
    double plot_w = std::floor(std::max(40.0, width_px - left - right));
    plot_h = std::round(plot_w * aspect);
    const double max_h = std::round(1.1 * width_px);
    if (plot_h > max_h) {  // tall: shrink the plot and centre it
      plot_h = max_h;
      plot_w = std::round(plot_h / aspect);
    }
    const double x0 = std::round(left + std::max(0.0, (width_px - left - right - plot_w) / 2));
    out.plot = {x0, top, plot_w, plot_h};
    out.colourbar = {x0 + plot_w + bar_gap, top, bar_w, plot_h};
  }
  out.height = static_cast<int>(top + plot_h + bottom);
  out.x_ticks = nice_ticks(axes.x_min, axes.x_max, tick_target(out.plot.w, 80 * s));
  return out;
}

PixelGrid pixel_grid(const MapLayout& layout, const Axes& axes) {
  PixelGrid g{};
  g.x0 = static_cast<int>(layout.plot.x);
  g.y0 = static_cast<int>(layout.plot.y);
  g.w = static_cast<int>(layout.plot.w);
  g.h = static_cast<int>(layout.plot.h);
  g.x_min = axes.x_min;
  g.y_max = axes.y_max;
  g.dx = (axes.x_max - axes.x_min) / g.w;
  g.dy = (axes.y_max - axes.y_min) / g.h;
  return g;
}

}  // namespace pond::plot::detail
