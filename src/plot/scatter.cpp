// Scatter of 2-D points coloured by value, for novelty archives.

#include <algorithm>
#include <cmath>
#include <numbers>
#include <numeric>
#include <stdexcept>
#include <string>
#include <vector>

#include "canvas.hpp"
#include "layout.hpp"
#include "pond/plot/plot.hpp"

namespace pond::plot {

std::string scatter_png(std::span<const double> xy, std::span<const double> values, const Axes& axes,
                        double value_min, double value_max, const std::string& value_label, int width_px) {
  using namespace detail;
  const char* fn = "scatter_png";
  if (values.empty()) throw std::invalid_argument(message(fn, "no points (values is empty)"));
  if (xy.size() != 2 * values.size()) {
    throw std::invalid_argument(
        message(fn, "xy has " + std::to_string(xy.size()) +
                        " numbers, expected 2 per value = " + std::to_string(2 * values.size())));
  }
  check_map_args(fn, axes, value_min, value_max, width_px);

  const MapLayout layout = map_layout(axes, value_min, value_max, value_label, width_px);
  Canvas canvas(layout.width, layout.height);
  cairo_t* cr = canvas.cr();
  const Rect& p = layout.plot;
  const double s = layout.scale;

  // Light gridlines at the ticks.
  cairo_set_line_width(cr, 1.0);
  set_colour(cr, colour::grid);
  for (double t : layout.x_ticks) {
    const double x = std::floor(p.x + (t - axes.x_min) / (axes.x_max - axes.x_min) * p.w) + 0.5;
    cairo_move_to(cr, x, p.y);
    cairo_line_to(cr, x, p.y + p.h);
  }
  for (double t : layout.y_ticks) {
    const double y = std::floor(p.y + p.h - (t - axes.y_min) / (axes.y_max - axes.y_min) * p.h) + 0.5;
    cairo_move_to(cr, p.x, y);
    cairo_line_to(cr, p.x + p.w, y);
  }
  cairo_stroke(cr);

  // Unrated points first, then rated ones from low to high value, so the best lie on top.
  const std::size_t n = values.size();
  std::vector<std::size_t> order(n);
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    const bool na = std::isnan(values[a]), nb = std::isnan(values[b]);
    if (na != nb) return na;
    return !na && values[a] < values[b];
  });

  // Dots shrink as the plot fills up: from 6 pixels radius for a few points to 1.6 for many.
  const double radius = std::clamp(0.3 * std::sqrt(p.w * p.h / static_cast<double>(n)), 1.6 * s, 6.0 * s);
  const bool ring = radius >= 3.0;
  cairo_save(cr);
  cairo_rectangle(cr, p.x, p.y, p.w, p.h);
  cairo_clip(cr);
  cairo_set_line_width(cr, std::max(0.8, 0.8 * s));
  for (std::size_t k : order) {
    const double x = xy[2 * k], y = xy[2 * k + 1];
    if (!std::isfinite(x) || !std::isfinite(y)) continue;
    const double px = p.x + (x - axes.x_min) / (axes.x_max - axes.x_min) * p.w;
    const double py = p.y + p.h - (y - axes.y_min) / (axes.y_max - axes.y_min) * p.h;
    if (px < p.x - radius || px > p.x + p.w + radius || py < p.y - radius || py > p.y + p.h + radius)
      continue;
    const double t = value_fraction(values[k], value_min, value_max);
    const Rgb c = std::isnan(t) ? colour::unrated : viridis(t);
    cairo_new_sub_path(cr);
    cairo_arc(cr, px, py, radius, 0.0, 2 * std::numbers::pi);
    set_colour(cr, c);
    if (ring) {
      cairo_fill_preserve(cr);
      set_colour(cr, mix(c, Rgb{0, 0, 0}, 0.45));
      cairo_stroke(cr);
    } else {
      cairo_fill(cr);
    }
  }
  cairo_restore(cr);

  draw_map_frame(canvas, layout, axes, value_min, value_max, value_label);
  return canvas.png();
}

}  // namespace pond::plot
