#pragma once
/// @file
/// Private to pond's plotting: a cairo image to draw on, text helpers, and the frame shared by maps.

#include <cairo.h>

#include <cstdint>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "layout.hpp"
#include "pond/plot/plot.hpp"

namespace pond::plot::detail {

/// An opaque RGB image with a cairo context on it, white to begin with.
class Canvas {
 public:
  Canvas(int width, int height);
  ~Canvas();
  Canvas(const Canvas&) = delete;
  Canvas& operator=(const Canvas&) = delete;

  cairo_t* cr() const { return cr_; }
  int width() const { return width_; }
  int height() const { return height_; }

  /// Row `y` of the pixels (0x00RRGGBB each) for direct writing; call `pixels_done` afterwards.
  std::uint32_t* row(int y);
  /// Tells cairo that pixels were written directly.
  void pixels_done();

  /// The picture as PNG file bytes.
  std::string png();

 private:
  cairo_surface_t* surface_ = nullptr;
  cairo_t* cr_ = nullptr;
  int width_, height_;
};

/// Packs a colour as an opaque 0x00RRGGBB pixel.
std::uint32_t pack(Rgb c);

/// Mixes `c` with `d`: `t` = 0 gives `c`, 1 gives `d`.
Rgb mix(Rgb c, Rgb d, double t);

/// Sets the source colour (with optional alpha).
void set_colour(cairo_t* cr, Rgb c, double alpha = 1.0);

/// Colours shared by the pictures.
namespace colour {
inline constexpr Rgb title{0.10, 0.10, 0.12};
inline constexpr Rgb text{0.20, 0.20, 0.22};
inline constexpr Rgb tick_text{0.28, 0.28, 0.30};
inline constexpr Rgb axis{0.30, 0.30, 0.32};
inline constexpr Rgb grid{0.91, 0.91, 0.92};
inline constexpr Rgb empty{0.86, 0.86, 0.86};    ///< empty archive cell
inline constexpr Rgb unrated{0.62, 0.62, 0.64};  ///< scatter point without a value
inline constexpr Rgb white{1.0, 1.0, 1.0};
inline constexpr Rgb maze_wall{0.13, 0.13, 0.15};   ///< maze walls
inline constexpr Rgb maze_start{0.00, 0.45, 0.74};  ///< the maze's start marker (blue)
inline constexpr Rgb maze_goal{0.86, 0.11, 0.14};   ///< the maze's goal marker and circle (red)
inline constexpr Rgb maze_path{0.96, 0.47, 0.00};   ///< a robot's trajectory (orange)
inline constexpr Rgb maze_point{0.42, 0.36, 0.62};  ///< end points without values (muted violet)
inline constexpr Rgb chain_line{0.16, 0.20, 0.18};  ///< the line and marker edges of a lineage
inline constexpr Rgb chain_old{0.80, 0.92, 0.78};   ///< a lineage's oldest stepping stone (light green)
inline constexpr Rgb chain_new{0.04, 0.36, 0.18};   ///< a lineage's newest stepping stone (dark green)
/// Outline of a path drawn over a heatmap (its core is white).
inline constexpr Rgb overlay_edge{0.08, 0.08, 0.10};
}  // namespace colour

/// Opacity of the end-point dots in maze pictures.
inline constexpr double maze_point_alpha = 0.6;

/// Font sizes (in pixels at scale 1).
namespace font {
inline constexpr double title = 19.0;
inline constexpr double label = 15.0;
inline constexpr double tick = 13.0;
}  // namespace font

/// Horizontal placement of text relative to its anchor.
enum class HAlign { left, center, right };
/// Vertical placement of text relative to its anchor (`middle` centres capital letters).
enum class VAlign { top, middle, baseline };

/// Selects the sans-serif font at `size` pixels.
void set_font(cairo_t* cr, double size, bool bold = false);

/// Width in pixels of `text` in the current font.
double text_width(cairo_t* cr, const std::string& text);

/// Width in pixels of the widest of `ticks`' labels (as `tick_labels` writes them) in the current font.
double widest_tick_label(cairo_t* cr, const std::vector<double>& ticks);

/// Draws `text` anchored at (x, y), rotated by `angle` radians (anticlockwise positive) around it.
void draw_text(cairo_t* cr, const std::string& text, double x, double y, double size, Rgb c,
               HAlign h = HAlign::left, VAlign v = VAlign::baseline, bool bold = false, double angle = 0.0);

/// Draws a legend's background: `box` with rounded corners, filled almost opaque white and outlined in
/// light grey. `s` is the picture's `ui_scale`.
void draw_legend_box(cairo_t* cr, const Rect& box, double s);

/// Draws the title (centred over `plot`, or over `area` when wider than the plot, at the top of
/// `area`), the frame around `plot`, and the axes' ticks (positions in data units, `axes`' bounds
/// spanning the plot) with their labels and the axis labels. `s` is the picture's `ui_scale`.
void draw_axes_frame(Canvas& canvas, const Rect& area, const Rect& plot, const Axes& axes,
                     std::span<const double> x_ticks, std::span<const double> y_ticks, double s);

/// Draws a colourbar in `bar` (viridis, `value_max` at the top) with its frame, ticks and label.
void draw_colourbar(Canvas& canvas, const Rect& bar, std::span<const double> value_ticks, double value_min,
                    double value_max, const std::string& value_label, double s);

/// Draws what heatmaps and scatters share around the data area: title, frame, axis ticks and labels,
/// and the colourbar with its ticks and label.
void draw_map_frame(Canvas& canvas, const MapLayout& layout, const Axes& axes, double value_min,
                    double value_max, const std::string& value_label);

/// A line in pixels: one polyline of a line chart's series, or of a path drawn over a map.
using Polyline = std::vector<std::pair<double, double>>;

/// Where a legend box `w` by `h` goes inside `plot`: of the four corners (10 * `s` pixels in), the one
/// covering the fewest samples along `lines` (a point every ~3 pixels), preferring top-left, top-right,
/// bottom-right, then bottom-left among equals.
Rect legend_corner(const Rect& plot, double w, double h, const std::vector<std::vector<Polyline>>& lines,
                   double s);

/// Radius for markers at `points` (pixels, in order): a third of the mean distance between neighbours,
/// kept within [lo, hi], so that long chains of close points do not merge into one blob.
double marker_radius(const Polyline& points, double lo, double hi);

/// Draws `overlay` (see `PathOverlay`) over a map's plot area, clipped to it, with its legend when
/// labelled. Nothing for an empty `xy`.
void draw_path_overlay(Canvas& canvas, const MapLayout& layout, const Axes& axes, const PathOverlay& overlay);

}  // namespace pond::plot::detail
