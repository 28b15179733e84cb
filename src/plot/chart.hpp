#pragma once
/// @file
/// Private to pond's plotting: one line chart drawn into a region of a canvas.

#include <span>
#include <string>
#include <utility>
#include <vector>

#include "canvas.hpp"
#include "layout.hpp"
#include "pond/plot/plot.hpp"

namespace pond::plot::detail {

/// Where a line chart's parts go, and the bounds it shows (after filling NaN or equal ones from data).
struct ChartLayout {
  Rect area;                          ///< the region the chart owns
  Rect plot;                          ///< the data area
  double x_min, x_max, y_min, y_max;  ///< bounds shown
  std::vector<double> x_ticks, y_ticks;
};

/// Checks a chart's series: at least one, x and y of equal length, some finite point. `where` names the
/// chart in messages ("" or "chart 2: ").
void check_series(const char* fn, const std::string& where, std::span<const Series> series);

/// Bounds shown for `axes` and the data: NaN bounds are taken from the data with a small margin, equal
/// ones both; throws std::invalid_argument on infinite or inverted bounds.
std::pair<double, double> chart_range(const char* fn, const std::string& where, const char* name, double lo,
                                      double hi, std::span<const Series> series, bool along_x);

/// Lays out one chart in `area`; the plot's left edge is at least `min_left` pixels into the area.
ChartLayout chart_layout(const char* fn, const std::string& where, const Rect& area,
                         std::span<const Series> series, const Axes& axes, double scale, double min_left);

/// Draws one chart as laid out.
void draw_chart(Canvas& canvas, const ChartLayout& layout, std::span<const Series> series, const Axes& axes,
                double scale);

/// Draws the legend of the named series in the plot corner covering the fewest of `lines`' pixels.
/// `lines` holds the chart's lines in pixels, one polyline per unbroken run of finite points.
void draw_legend(cairo_t* cr, const Rect& plot, std::span<const Series> series,
                 const std::vector<std::vector<Polyline>>& lines, double scale);

/// Colour of the i-th series (a colour-blind-friendly cycle).
Rgb series_colour(std::size_t i);

}  // namespace pond::plot::detail
