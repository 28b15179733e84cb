// The frame shared by heatmaps, scatters and maze pictures: title, axes with ticks, colourbar.

#include <algorithm>
#include <cmath>
#include <numbers>
#include <span>
#include <string>
#include <vector>

#include "canvas.hpp"
#include "layout.hpp"

namespace pond::plot::detail {
namespace {

// Pixel-snapped coordinate for a crisp line of width `lw`.
double snap(double v, double lw) {
  return static_cast<long>(lw) % 2 == 1 ? std::floor(v) + 0.5 : std::round(v);
}

double widest_label(cairo_t* cr, const std::vector<std::string>& labels, double size) {
  set_font(cr, size);
  double w = 0.0;
  for (const std::string& label : labels) w = std::max(w, text_width(cr, label));
  return w;
}

void stroke_rect(cairo_t* cr, const Rect& r, double lw) {
  // Just outside the rectangle, so the line never covers its pixels.
  cairo_set_line_width(cr, lw);
  cairo_rectangle(cr, r.x - lw / 2, r.y - lw / 2, r.w + lw, r.h + lw);
  set_colour(cr, colour::axis);
  cairo_stroke(cr);
}

// Strokes one line segment in the axis colour.
void segment(cairo_t* cr, double x1, double y1, double x2, double y2, double lw) {
  cairo_set_line_width(cr, lw);
  set_colour(cr, colour::axis);
  cairo_move_to(cr, x1, y1);
  cairo_line_to(cr, x2, y2);
  cairo_stroke(cr);
}

void draw_colour_scale(Canvas& canvas, const Rect& bar) {
  const int x0 = static_cast<int>(bar.x), y0 = static_cast<int>(bar.y);
  const int w = static_cast<int>(bar.w), h = static_cast<int>(bar.h);
  for (int j = 0; j < h; ++j) {
    const std::uint32_t pixel = pack(viridis(1.0 - (j + 0.5) / h));
    std::uint32_t* row = canvas.row(y0 + j);
    std::fill(row + x0, row + x0 + w, pixel);
  }
  canvas.pixels_done();
}

}  // namespace

void draw_axes_frame(Canvas& canvas, const Rect& area, const Rect& plot, const Axes& axes,
                     std::span<const double> x_ticks, std::span<const double> y_ticks, double s) {
  cairo_t* cr = canvas.cr();
  const double lw = std::max(1.0, std::round(s));
  const double tick_len = 5 * s, gap = 5 * s, pad = 12 * s;
  const double tick_size = font::tick * s, label_size = font::label * s;
  const Rect& p = plot;

  // Title, centred over the plot (or the area, when wider than the plot).
  if (!axes.title.empty()) {
    set_font(cr, font::title * s, true);
    const double full = text_width(cr, axes.title);
    const double room = area.w - 4 * pad;  // a long title shrinks to fit
    const double size = full > room ? font::title * s * room / full : font::title * s;
    const double w = std::min(full, room);
    const double cx = w <= p.w ? p.x + p.w / 2 : area.x + area.w / 2.0;
    draw_text(cr, axes.title, cx, area.y + pad, size, colour::title, HAlign::center, VAlign::top, true);
  }

  stroke_rect(cr, p, lw);

  // x axis.
  const std::vector<std::string> x_labels = tick_labels(x_ticks);
  for (std::size_t i = 0; i < x_ticks.size(); ++i) {
    const double x = snap(p.x + (x_ticks[i] - axes.x_min) / (axes.x_max - axes.x_min) * p.w, lw);
    segment(cr, x, p.y + p.h + lw, x, p.y + p.h + lw + tick_len, lw);
    draw_text(cr, x_labels[i], x, p.y + p.h + lw + tick_len + gap, tick_size, colour::tick_text,
              HAlign::center, VAlign::top);
  }
  const double x_label_y = p.y + p.h + lw + tick_len + gap + tick_size * 0.9 + 10 * s;
  draw_text(cr, axes.x_label, p.x + p.w / 2, x_label_y, label_size, colour::text, HAlign::center,
            VAlign::top);

  // y axis.
  const std::vector<std::string> y_labels = tick_labels(y_ticks);
  for (std::size_t i = 0; i < y_ticks.size(); ++i) {
    const double y = snap(p.y + p.h - (y_ticks[i] - axes.y_min) / (axes.y_max - axes.y_min) * p.h, lw);
    segment(cr, p.x - lw, y, p.x - lw - tick_len, y, lw);
    draw_text(cr, y_labels[i], p.x - lw - tick_len - gap, y, tick_size, colour::tick_text, HAlign::right,
              VAlign::middle);
  }
  const double y_label_x =
      p.x - lw - tick_len - gap - widest_label(cr, y_labels, tick_size) - 6 * s - label_size * 0.625;
  draw_text(cr, axes.y_label, y_label_x, p.y + p.h / 2, label_size, colour::text, HAlign::center,
            VAlign::middle, false, std::numbers::pi / 2);
}

void draw_colourbar(Canvas& canvas, const Rect& bar, std::span<const double> value_ticks, double value_min,
                    double value_max, const std::string& value_label, double s) {
  cairo_t* cr = canvas.cr();
  const double lw = std::max(1.0, std::round(s));
  const double tick_len = 5 * s, gap = 5 * s;
  const double tick_size = font::tick * s, label_size = font::label * s;
  draw_colour_scale(canvas, bar);
  stroke_rect(cr, bar, lw);
  const std::vector<std::string> v_labels = tick_labels(value_ticks);
  for (std::size_t i = 0; i < value_ticks.size(); ++i) {
    const double y =
        snap(bar.y + bar.h - (value_ticks[i] - value_min) / (value_max - value_min) * bar.h, lw);
    segment(cr, bar.x + bar.w + lw, y, bar.x + bar.w + lw + tick_len, y, lw);
    draw_text(cr, v_labels[i], bar.x + bar.w + lw + tick_len + gap, y, tick_size, colour::tick_text,
              HAlign::left, VAlign::middle);
  }
  const double v_label_x = bar.x + bar.w + lw + tick_len + gap + widest_label(cr, v_labels, tick_size) +
                           8 * s + label_size * 0.625;
  draw_text(cr, value_label, v_label_x, bar.y + bar.h / 2, label_size, colour::text, HAlign::center,
            VAlign::middle, false, std::numbers::pi / 2);
}

void draw_map_frame(Canvas& canvas, const MapLayout& layout, const Axes& axes, double value_min,
                    double value_max, const std::string& value_label) {
  const Rect area{0, 0, static_cast<double>(layout.width), static_cast<double>(layout.height)};
  draw_axes_frame(canvas, area, layout.plot, axes, layout.x_ticks, layout.y_ticks, layout.scale);
  draw_colourbar(canvas, layout.colourbar, layout.value_ticks, value_min, value_max, value_label,
                 layout.scale);
}

}  // namespace pond::plot::detail
