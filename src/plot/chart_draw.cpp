// Drawing one line chart: gridlines, axes, series, title and labels.

#include <algorithm>
#include <cmath>
#include <numbers>
#include <string>
#include <vector>

#include "chart.hpp"

namespace pond::plot::detail {

Rgb series_colour(std::size_t i) {
  // Okabe and Ito's colour-blind-safe palette, without its yellow (too light on white).
  static constexpr Rgb palette[] = {
      {0.000, 0.447, 0.698}, {0.835, 0.369, 0.000}, {0.000, 0.620, 0.451}, {0.800, 0.475, 0.655},
      {0.902, 0.624, 0.000}, {0.337, 0.706, 0.914}, {0.200, 0.200, 0.200},
  };
  return palette[i % std::size(palette)];
}

void draw_chart(Canvas& canvas, const ChartLayout& layout, std::span<const Series> series, const Axes& axes,
                double s) {
  cairo_t* cr = canvas.cr();
  const Rect& p = layout.plot;
  const double lw = std::max(1.0, std::round(s));
  const double tick_len = 5 * s, gap = 5 * s, pad = 12 * s;
  const double tick_size = font::tick * s, label_size = font::label * s;
  auto px = [&](double x) { return p.x + (x - layout.x_min) / (layout.x_max - layout.x_min) * p.w; };
  auto py = [&](double y) { return p.y + p.h - (y - layout.y_min) / (layout.y_max - layout.y_min) * p.h; };
  auto crisp = [&](double v) { return static_cast<long>(lw) % 2 == 1 ? std::floor(v) + 0.5 : std::round(v); };

  // Gridlines.
  cairo_set_line_width(cr, lw);
  set_colour(cr, colour::grid);
  for (double t : layout.x_ticks) {
    cairo_move_to(cr, crisp(px(t)), p.y);
    cairo_line_to(cr, crisp(px(t)), p.y + p.h);
  }
  for (double t : layout.y_ticks) {
    cairo_move_to(cr, p.x, crisp(py(t)));
    cairo_line_to(cr, p.x + p.w, crisp(py(t)));
  }
  cairo_stroke(cr);

  // Axis lines (left and bottom) with outward ticks and labels.
  set_colour(cr, colour::axis);
  const double axis_x = crisp(p.x - lw), axis_y = crisp(p.y + p.h + lw);
  cairo_move_to(cr, axis_x, p.y);
  cairo_line_to(cr, axis_x, axis_y);
  cairo_line_to(cr, p.x + p.w, axis_y);
  for (double t : layout.x_ticks) {
    cairo_move_to(cr, crisp(px(t)), axis_y);
    cairo_line_to(cr, crisp(px(t)), axis_y + tick_len);
  }
  for (double t : layout.y_ticks) {
    cairo_move_to(cr, axis_x, crisp(py(t)));
    cairo_line_to(cr, axis_x - tick_len, crisp(py(t)));
  }
  cairo_stroke(cr);
  const std::vector<std::string> x_labels = tick_labels(layout.x_ticks);
  for (std::size_t i = 0; i < x_labels.size(); ++i) {
    draw_text(cr, x_labels[i], crisp(px(layout.x_ticks[i])), axis_y + tick_len + gap, tick_size,
              colour::tick_text, HAlign::center, VAlign::top);
  }
  const std::vector<std::string> y_labels = tick_labels(layout.y_ticks);
  for (std::size_t i = 0; i < y_labels.size(); ++i) {
    draw_text(cr, y_labels[i], axis_x - tick_len - gap, crisp(py(layout.y_ticks[i])), tick_size,
              colour::tick_text, HAlign::right, VAlign::middle);
  }

  // Title and axis labels.
  if (!axes.title.empty()) {
    set_font(cr, font::title * s, true);
    const double full = text_width(cr, axes.title);
    const double room = layout.area.w - 4 * pad;  // a long title shrinks to fit
    const double size = full > room ? font::title * s * room / full : font::title * s;
    const double w = std::min(full, room);
    const Rect& a = layout.area;
    const double cx = w <= p.w ? p.x + p.w / 2 : a.x + a.w / 2;
    draw_text(cr, axes.title, cx, a.y + pad, size, colour::title, HAlign::center, VAlign::top, true);
  }
  draw_text(cr, axes.x_label, p.x + p.w / 2, axis_y + tick_len + gap + tick_size * 0.9 + 10 * s, label_size,
            colour::text, HAlign::center, VAlign::top);
  // At a fixed place in the area, so stacked charts' labels line up.
  draw_text(cr, axes.y_label, layout.area.x + pad + label_size * 0.625, p.y + p.h / 2, label_size,
            colour::text, HAlign::center, VAlign::middle, false, std::numbers::pi / 2);

  // Series, clipped to the plot area; a point without finite neighbours becomes a dot.
  std::vector<std::vector<Polyline>> lines(series.size());
  for (std::size_t k = 0; k < series.size(); ++k) {
    const Series& ser = series[k];
    Polyline run;
    for (std::size_t i = 0; i <= ser.x.size(); ++i) {
      const bool ok = i < ser.x.size() && std::isfinite(ser.x[i]) && std::isfinite(ser.y[i]);
      if (ok) run.emplace_back(px(ser.x[i]), py(ser.y[i]));
      if (!ok && !run.empty()) {
        lines[k].push_back(std::move(run));
        run.clear();
      }
    }
  }
  cairo_save(cr);
  cairo_rectangle(cr, p.x - 3 * s, p.y - 3 * s, p.w + 6 * s, p.h + 6 * s);
  cairo_clip(cr);
  cairo_set_line_width(cr, 2.2 * s);
  cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
  for (std::size_t k = 0; k < series.size(); ++k) {
    set_colour(cr, series_colour(k));
    for (const Polyline& run : lines[k]) {
      if (run.size() == 1) {
        cairo_new_sub_path(cr);
        cairo_arc(cr, run[0].first, run[0].second, 2.5 * s, 0.0, 2 * std::numbers::pi);
        cairo_fill(cr);
        continue;
      }
      cairo_move_to(cr, run[0].first, run[0].second);
      for (std::size_t i = 1; i < run.size(); ++i) cairo_line_to(cr, run[i].first, run[i].second);
      cairo_stroke(cr);
    }
  }
  cairo_restore(cr);

  draw_legend(cr, p, series, lines, s);
}

}  // namespace pond::plot::detail
