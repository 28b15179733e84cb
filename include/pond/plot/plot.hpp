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
#include <cstdint>
#include <limits>
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

/// A path through descriptor space drawn over a heatmap, e.g. the descriptors of the stepping stones that
/// led to an elite, oldest first. `xy` is flat (`[x0, y0, x1, y1, ...]`) in data units; a point with a
/// non-finite coordinate leaves a gap. Drawn as a white line with a dark outline (visible over any
/// viridis colour) with a small marker at each point: the first hollow, the last bigger and filled red.
/// When `label` is not empty, a one-line legend shows it in the plot corner that hides the least of the
/// path. An empty `xy` draws nothing.
struct PathOverlay {
  std::vector<double> xy;
  std::string label;
};

/// Heatmap of a 2-D grid archive of `nx` by `ny` cells covering `axes`' bounds. `values` is row-major
/// (`values[iy * nx + ix]`), cell (0, 0) at the bottom-left, NaN = empty cell (drawn light grey). Colours
/// run from `value_min` to `value_max` (equal bounds are widened), shown by a colourbar labelled
/// `value_label`. The plot area keeps the aspect of the bounds (clamped to 1:2..2:1), so equal ranges
/// give a square; the picture is `width_px` wide and as tall as that needs. `overlay`, when given, is
/// drawn over the cells (see `PathOverlay`); an odd count of its numbers throws.
std::string grid_heatmap_png(std::size_t nx, std::size_t ny, std::span<const double> values, const Axes& axes,
                             double value_min, double value_max, const std::string& value_label,
                             int width_px = 800, const PathOverlay* overlay = nullptr);

/// Heatmap of an unstructured archive (e.g. CVT-MAP-Elites): every pixel takes the value of its nearest
/// centroid, so the picture shows the Voronoi cells. `centroids` is flat 2-D (`[x0, y0, x1, y1, ...]`),
/// one value per centroid, NaN = empty region (grey). Layout, colours and `overlay` as in
/// `grid_heatmap_png`.
std::string voronoi_heatmap_png(std::span<const double> centroids, std::span<const double> values,
                                const Axes& axes, double value_min, double value_max,
                                const std::string& value_label, int width_px = 800,
                                const PathOverlay* overlay = nullptr);

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

/// One picture of a deceptive maze experiment (Lehman and Stanley's novelty search mazes): the walls,
/// start and goal, where robots ended up, and optionally one robot's trajectory and the lineage (chain of
/// stepping stones) that led to an elite. Plain data; all coordinates are in maze units. Drawn by
/// `maze_png` and `maze_panels_png`.
struct MazeDrawing {
  /// Wall segments, flat: `[x1, y1, x2, y2, ...]`, four numbers per wall, all finite.
  std::vector<double> walls;
  /// Where the robot starts (finite); drawn as a blue disc, "start" in the legend.
  double start_x = 0, start_y = 0;
  /// The goal (finite); drawn as a red star, "goal" in the legend.
  double goal_x = 0, goal_y = 0;
  /// Radius of the dashed circle drawn around the goal (finite, >= 0; 0 draws none).
  double goal_radius = 5;
  /// Robot end points, flat: `[x0, y0, x1, y1, ...]`. Drawn as small semi-transparent dots (smaller
  /// when there are many) under the walls and the path; points with a non-finite coordinate are skipped,
  /// points outside the picture are clipped.
  std::vector<double> points;
  /// One value per point (e.g. the order in which it entered the archive, or its fitness), or empty.
  /// When given, points are coloured with viridis, higher values drawn on top, NaN values in grey
  /// underneath, and a colourbar labelled `value_label` is shown; when empty, all points have one colour.
  std::vector<double> point_values;
  /// Bounds of the colour scale; NaN (the default) takes them from the finite `point_values`. Set them
  /// to give several panels one scale. Equal bounds are widened.
  double value_min = std::numeric_limits<double>::quiet_NaN();
  double value_max = std::numeric_limits<double>::quiet_NaN();
  /// Label of the colourbar (only shown with `point_values`).
  std::string value_label;
  /// The solver's trajectory, flat `[x0, y0, x1, y1, ...]`, or empty for none. Drawn as an orange
  /// polyline on top of points and walls (a non-finite point leaves a gap).
  std::vector<double> path;
  /// A lineage: the end points of the stepping stones that led to an elite, flat `[x0, y0, x1, y1, ...]`,
  /// oldest first, or empty for none. Drawn above the points and walls and below the path as a thin dark
  /// line joining the stones in order, each stone a small marker shaded from light green (oldest) to dark
  /// green (newest), the newest bigger; stones with a non-finite coordinate are skipped (the line joins
  /// their neighbours).
  std::vector<double> chain;
  /// Title above the maze (may be empty).
  std::string title;
  /// Legend text for the start, e.g. "the arm's base"; empty gives "start".
  std::string start_label;
  /// Legend text for the goal, e.g. "demanded point"; empty gives "goal".
  std::string goal_label;
  /// Legend text for the points, e.g. "archived end points (1,234)"; empty gives "end points".
  std::string points_label;
  /// Legend text for the path, e.g. "solution path"; empty gives "path".
  std::string path_label;
  /// Legend text for the chain, e.g. "lineage of the best (12)"; empty gives "stepping stones".
  std::string chain_label;
};

/// Picture of one maze, `width_px` wide and as tall as the maze needs. Coordinates are Cartesian with
/// y growing upwards, like every plot here; note that the shipped maze files come from pictures with y
/// growing downwards, so the hard maze appears upside down compared with the original paper's figures.
///
/// The view is the bounding box of the walls, the start and the goal with its circle (and, when there
/// are no walls, of the points, path and chain too) plus a margin of 3%, drawn at exactly 1:1 aspect (one
/// maze unit is as many pixels across as up; the box is widened on one axis to fill whole pixels), with
/// round-number ticks in maze units on the left and bottom. From bottom to top: end points, walls (thick
/// dark lines), the goal's circle, the chain, the path, the start and goal markers, and a legend (start,
/// goal, and points, chain and path when there are any) inside the plot where it hides the least of what
/// is drawn (walls, chain and path weighing most; edges and corners preferred among places hiding about
/// as much), never over a marker, and shrunk when the plot is too small for it. With `point_values`, a
/// colourbar is on the right.
///
/// Throws `std::invalid_argument` for a walls count that is not a multiple of 4, a non-finite wall
/// coordinate, an odd count of point, path or chain numbers, `point_values` not one per point, a
/// non-finite start or goal, a negative or non-finite goal radius, infinite or inverted value bounds, no
/// walls, no points, no path and no chain (nothing to frame), or `width_px` outside 200..10000.
std::string maze_png(const MazeDrawing& drawing, int width_px = 800);

/// Several maze pictures side by side in one PNG (e.g. novelty | fitness | random), each `panel_width_px`
/// wide with its own title, laid out and drawn as by `maze_png`; their plot areas share the same left and
/// right margins (room for a colourbar if any panel has one) and top edge, so panels of the same maze
/// are drawn at the same scale. The picture is as tall as the tallest panel. `maze_png(d, w)` gives the
/// same bytes as `maze_panels_png` with the single panel `d` and width `w`.
///
/// Throws `std::invalid_argument` for no panels, a total width over 10000 pixels, or any of `maze_png`'s
/// problems (the message names the panel, e.g. "panel 2: ...").
std::string maze_panels_png(std::span<const MazeDrawing> panels, int panel_width_px = 500);

/// A PNG of an 8-bit RGB picture (`rgb`: 3 bytes per pixel, rows from the top). Throws
/// std::invalid_argument for a size outside 1..16384 or a wrong number of bytes.
std::string rgb_png(int width, int height, std::span<const std::uint8_t> rgb);

/// One frame of an animation: an 8-bit RGB picture as for `rgb_png`.
struct RgbFrame {
  int width = 0;                      ///< pixels across
  int height = 0;                     ///< pixels down
  std::span<const std::uint8_t> rgb;  ///< 3 bytes per pixel, rows from the top
};

/// An animated GIF (giflib) of `frames`, all of one size, shown `delay_centiseconds` each and looping
/// forever; each frame gets its own 256-colour table. Throws std::invalid_argument for no frames,
/// frames of different sizes or a bad frame, std::runtime_error when giflib fails.
std::string rgb_gif(std::span<const RgbFrame> frames, int delay_centiseconds = 8);

}  // namespace pond::plot
