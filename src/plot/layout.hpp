#pragma once
/// @file
/// Private to pond's plotting: geometry, ticks and input checks shared by the pictures (no cairo here,
/// so tests can include it).

#include <cstddef>
#include <span>
#include <string>
#include <vector>

#include "pond/plot/plot.hpp"

namespace pond::plot::detail {

/// An axis-aligned rectangle in pixels, y growing downwards.
struct Rect {
  double x, y, w, h;
};

/// Size multiplier for fonts, lines and margins: width / 800, but shrinking more slowly below 800
/// pixels and never under 0.8, so text stays readable.
double ui_scale(int width_px);

/// Round-number tick positions (1, 2, 2.5 or 5 times a power of ten) inside [lo, hi], about `target`
/// of them and at least two when the range allows.
std::vector<double> nice_ticks(double lo, double hi, int target);

/// Labels for ticks as returned by `nice_ticks`: as few decimals as the step needs, and, when the axis
/// reaches 10,000, thousands as "250k", millions as "1.2M" and billions as "3B".
std::vector<std::string> tick_labels(std::span<const double> ticks);

/// How many ticks to ask `nice_ticks` for along `length_px` pixels, about one every `spacing_px`:
/// between 3 and 10.
int tick_target(double length_px, double spacing_px);

/// Where the parts of a heatmap or scatter picture lie: plot area and colourbar, in whole pixels.
struct MapLayout {
  int width, height;  ///< picture size
  double scale;       ///< `ui_scale(width)`
  Rect plot;          ///< the data area (x_min at its left edge, y_min at its bottom edge)
  Rect colourbar;     ///< the colour scale, value_max at its top
  std::vector<double> x_ticks, y_ticks, value_ticks;  ///< tick positions in data units
};

/// The pixels of a map's plot area and the data coordinates of their centres.
struct PixelGrid {
  int x0, y0, w, h;             ///< first column and row, and how many
  double x_min, dx, y_max, dy;  ///< data x of column i is x_min + (i + 0.5) * dx; y of row j likewise
  double x(int i) const { return x_min + (i + 0.5) * dx; }
  double y(int j) const { return y_max - (j + 0.5) * dy; }
};

/// The pixel grid of `layout`'s plot area for `axes`' bounds.
PixelGrid pixel_grid(const MapLayout& layout, const Axes& axes);

/// Lays out a map picture (`grid_heatmap_png`, `voronoi_heatmap_png`, `scatter_png`) of `width_px`.
MapLayout map_layout(const Axes& axes, double value_min, double value_max, const std::string& value_label,
                     int width_px);

/// Where the parts of one maze panel (`maze_png`, `maze_panels_png`) lie. Maze point (x, y) is at pixel
/// (`plot.x + (x - view.x_min) / (view.x_max - view.x_min) * plot.w`,
///  `plot.y + plot.h - (y - view.y_min) / (view.y_max - view.y_min) * plot.h`): y grows upwards, and one
/// maze unit is `plot.w / (view.x_max - view.x_min)` pixels on both axes.
struct MazeLayout {
  Rect area;                          ///< the panel's part of the picture (its full height)
  double scale;                       ///< `ui_scale` of the panel's width
  Axes view;                          ///< the panel's title and the maze bounds shown
  Rect plot;                          ///< the maze area, in whole pixels
  bool has_colourbar;                 ///< whether this panel has point values, so a colourbar
  Rect colourbar;                     ///< where the colourbar is (when it has one)
  double value_min, value_max;        ///< the colour scale (bounds filled from data, equal ones widened)
  std::vector<double> x_ticks, y_ticks, value_ticks;  ///< tick positions in maze units and values
};

/// Checks `panels` and lays them out side by side, `panel_width_px` each, with shared margins. Throws
/// std::invalid_argument naming `fn`, and the panel ("panel 2: ") when `name_panels`.
std::vector<MazeLayout> maze_layouts(const char* fn, std::span<const MazeDrawing> panels, int panel_width_px,
                                     bool name_panels);

/// Checks what all map pictures share; widens equal value bounds. Throws std::invalid_argument with
/// `fn` in the message.
void check_map_args(const char* fn, const Axes& axes, double& value_min, double& value_max, int width_px);

/// Checks a map's optional path overlay (an even count of numbers); throws std::invalid_argument naming
/// `fn` and "overlay".
void check_overlay(const char* fn, const PathOverlay* overlay);

/// Picture sizes accepted by every function.
inline constexpr int min_size_px = 200;
inline constexpr int max_size_px = 10000;

/// Throws std::invalid_argument (prefixed with `fn`) when `px` is outside [min_size_px, max_size_px].
void check_size(const char* fn, const char* what, int px);

/// Builds the exception text "pond::plot::<fn>: <msg>".
std::string message(const char* fn, const std::string& msg);

/// Fraction of the colour scale for `v` (clamped to [0, 1]; NaN stays NaN).
double value_fraction(double v, double value_min, double value_max);

}  // namespace pond::plot::detail
