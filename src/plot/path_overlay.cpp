// A path through descriptor space drawn over a heatmap (e.g. the lineage of an elite).

#include <algorithm>
#include <cmath>
#include <numbers>
#include <string>
#include <vector>

#include "canvas.hpp"
#include "layout.hpp"
#include "pond/plot/plot.hpp"

namespace pond::plot::detail {
namespace {

void circle_path(cairo_t* cr, double x, double y, double r) {
  cairo_new_sub_path(cr);
  cairo_arc(cr, x, y, r, 0.0, 2 * std::numbers::pi);
}

// The path's end: a red disc with a white edge, bright against every viridis colour.
void end_marker(cairo_t* cr, double x, double y, double r, double s) {
  circle_path(cr, x, y, r);
  set_colour(cr, colour::maze_goal);
  cairo_fill_preserve(cr);
  cairo_set_line_width(cr, 1.5 * s);
  set_colour(cr, colour::white);
  cairo_stroke(cr);
}

// Strokes the current path twice, a wide dark outline under a narrow white core, so that it stands out
// over dark purple and bright yellow cells alike.
void stroke_outlined(cairo_t* cr, double core, double s) {
  cairo_set_line_width(cr, core + 2.4 * s);
  set_colour(cr, colour::overlay_edge, 0.9);
  cairo_stroke_preserve(cr);
  cairo_set_line_width(cr, core);
  set_colour(cr, colour::white);
  cairo_stroke(cr);
}

}  // namespace

double marker_radius(const Polyline& points, double lo, double hi) {
  if (points.size() < 2) return hi;
  double length = 0.0;
  for (std::size_t i = 1; i < points.size(); ++i) {
    length += std::hypot(points[i].first - points[i - 1].first, points[i].second - points[i - 1].second);
  }
  return std::clamp(length / static_cast<double>(points.size() - 1) / 3.0, lo, hi);
}

void draw_path_overlay(Canvas& canvas, const MapLayout& layout, const Axes& axes,
                       const PathOverlay& overlay) {
  cairo_t* cr = canvas.cr();
  const Rect& p = layout.plot;
  const double s = layout.scale;

  // Runs of finite points (a non-finite point ends one), and all finite points for the markers.
  std::vector<Polyline> runs(1);
  Polyline points;
  for (std::size_t i = 0; i + 1 < overlay.xy.size(); i += 2) {
    const double x = overlay.xy[i], y = overlay.xy[i + 1];
    if (std::isfinite(x) && std::isfinite(y)) {
      const double u = p.x + (x - axes.x_min) / (axes.x_max - axes.x_min) * p.w;
      const double v = p.y + p.h - (y - axes.y_min) / (axes.y_max - axes.y_min) * p.h;
      runs.back().emplace_back(u, v);
      points.emplace_back(u, v);
    } else if (!runs.back().empty()) {
      runs.emplace_back();
    }
  }
  if (points.empty()) return;

  cairo_save(cr);
  cairo_rectangle(cr, p.x, p.y, p.w, p.h);
  cairo_clip(cr);
  cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
  for (const Polyline& run : runs) {
    if (run.size() < 2) continue;
    cairo_move_to(cr, run[0].first, run[0].second);
    for (const auto& [x, y] : run) cairo_line_to(cr, x, y);
  }
  stroke_outlined(cr, 2.0 * s, s);

  // Markers: small white discs between the ends, the first a hollow ring, the last a bigger red disc.
  const double r = marker_radius(points, 1.6 * s, 3.0 * s);
  cairo_set_line_width(cr, 1.0 * s);
  for (std::size_t k = 1; k + 1 < points.size(); ++k) {
    circle_path(cr, points[k].first, points[k].second, r);
    set_colour(cr, colour::white);
    cairo_fill_preserve(cr);
    set_colour(cr, colour::overlay_edge);
    cairo_stroke(cr);
  }
  if (points.size() > 1) {
    circle_path(cr, points.front().first, points.front().second, r + 2.5 * s);
    stroke_outlined(cr, 1.8 * s, s);
  }
  end_marker(cr, points.back().first, points.back().second, r + 2.5 * s, s);
  cairo_restore(cr);

  if (overlay.label.empty()) return;
  const double text_size = font::tick * s, inner = 8 * s, sample_w = 24 * s;
  set_font(cr, text_size);
  const double w = inner + sample_w + 8 * s + text_width(cr, overlay.label) + inner;
  const double h = inner + 20 * s + inner - 4 * s;
  const Rect box = legend_corner(p, w, h, {runs}, s);
  draw_legend_box(cr, box, s);
  const double y = box.y + inner + 10 * s - 2 * s;
  cairo_move_to(cr, box.x + inner, y);
  cairo_line_to(cr, box.x + inner + sample_w - 4 * s, y);
  stroke_outlined(cr, 2.0 * s, s);
  end_marker(cr, box.x + inner + sample_w - 4 * s, y, 4.0 * s, s);
  draw_text(cr, overlay.label, box.x + inner + sample_w + 8 * s, y, text_size, colour::text, HAlign::left,
            VAlign::middle);
}

}  // namespace pond::plot::detail
