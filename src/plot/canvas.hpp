#pragma once
/// @file
/// Private to pond's plotting: a cairo image to draw on, text helpers, and the frame shared by maps.

#include <cairo.h>

#include <cstdint>
#include <string>

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
}  // namespace colour

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

/// Draws `text` anchored at (x, y), rotated by `angle` radians (anticlockwise positive) around it.
void draw_text(cairo_t* cr, const std::string& text, double x, double y, double size, Rgb c,
               HAlign h = HAlign::left, VAlign v = VAlign::baseline, bool bold = false, double angle = 0.0);

/// Draws what heatmaps and scatters share around the data area: title, frame, axis ticks and labels,
/// and the colourbar with its ticks and label.
void draw_map_frame(Canvas& canvas, const MapLayout& layout, const Axes& axes, double value_min,
                    double value_max, const std::string& value_label);

}  // namespace pond::plot::detail
