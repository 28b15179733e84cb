#pragma once
/// @file
/// Pictures of runs: archive heatmaps, novelty scatters and progress charts, rendered to PNG.
///
/// Every function returns the bytes of a PNG file; the caller decides where (and how atomically) to
/// write them. Bad input (mismatched sizes, empty data, non-finite or inverted bounds) throws
/// `std::invalid_argument` with a message naming the function and the problem.
///
/// Colours: archive values are mapped linearly from `value_min..value_max` onto viridis (values outside
/// are clamped); NaN marks an empty cell or an unrated point and is drawn in grey.

#include <cstddef>
#include <span>
#include <string>
#include <utility>
#include <vector>

namespace pond::plot {

/// A colour with red, green and blue in 0..1.
struct Rgb {
  double r, g, b;
};

/// The viridis colour map: dark purple at 0, teal at 0.5, yellow at 1; `t` is clamped to [0, 1] (NaN
/// gives the colour at 0). A smooth interpolation through samples of the published map, accurate to
/// about 1% per channel, with lightness strictly increasing in `t`.
Rgb viridis(double t);

/// Title, axis labels and data bounds of a plot. For line charts, bounds that are NaN or equal are
/// computed from the data (with a small margin); elsewhere they must be finite with min < max.
struct Axes {
  std::string title, x_label, y_label;
  double x_min, x_max, y_min, y_max;
};

/// Heatmap of a 2-D grid archive of `nx` by `ny` cells covering `axes`' bounds. `values` is row-major
/// (`values[iy * nx + ix]`), cell (0, 0) at the bottom-left, NaN = empty cell (drawn light grey). Colours
/// run from `value_min` to `value_max` (equal bounds are widened), shown by a colourbar labelled
/// `value_label`. The plot area keeps the aspect of the bounds (clamped to 1:2..2:1), so equal ranges
/// give a square; the picture is `width_px` wide and as tall as that needs.
std::string grid_heatmap_png(std::size_t nx, std::size_t ny, std::span<const double> values, const Axes& axes,
                             double value_min, double value_max, const std::string& value_label,
                             int width_px = 800);

/// Heatmap of an unstructured archive (e.g. CVT-MAP-Elites): every pixel takes the value of its nearest
/// centroid, so the picture shows the Voronoi cells. `centroids` is flat 2-D (`[x0, y0, x1, y1, ...]`),
/// one value per centroid, NaN = empty region (grey). Layout and colours as in `grid_heatmap_png`.
std::string voronoi_heatmap_png(std::span<const double> centroids, std::span<const double> values,
                                const Axes& axes, double value_min, double value_max,
                                const std::string& value_label, int width_px = 800);

/// Scatter of 2-D points (`xy` flat, `[x0, y0, x1, y1, ...]`) coloured by value, for novelty archives.
/// Points with a NaN value are drawn in a neutral grey underneath the others; higher values are drawn
/// on top. Points outside `axes`' bounds are clipped, points with a non-finite coordinate skipped.
/// Layout and colours as in `grid_heatmap_png`.
std::string scatter_png(std::span<const double> xy, std::span<const double> values, const Axes& axes,
                        double value_min, double value_max, const std::string& value_label,
                        int width_px = 800);

/// One line of a line chart: `x` and `y` of equal length; non-finite points leave a gap.
struct Series {
  std::string name;
  std::vector<double> x, y;
};

/// Line chart of one or more series, with gridlines, round-number ticks (large values as 250k, 1.2M)
/// and a legend (when any series is named) placed in the emptiest corner.
std::string line_chart_png(std::span<const Series> series, const Axes& axes, int width_px = 800,
                           int height_px = 500);

/// Several line charts stacked vertically in one picture, plot areas aligned (e.g. QD score and
/// coverage over evaluations). Each chart is `height_each_px` tall.
std::string stacked_line_charts_png(std::span<const std::pair<Axes, std::vector<Series>>> charts,
                                    int width_px = 800, int height_each_px = 350);

}  // namespace pond::plot
