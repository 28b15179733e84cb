// The cairo image every picture is drawn on.

#include "canvas.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

namespace pond::plot::detail {

Canvas::Canvas(int width, int height) : width_(width), height_(height) {
  surface_ = cairo_image_surface_create(CAIRO_FORMAT_RGB24, width, height);
  if (cairo_surface_status(surface_) != CAIRO_STATUS_SUCCESS) {
    const std::string why = cairo_status_to_string(cairo_surface_status(surface_));
    cairo_surface_destroy(surface_);
    throw std::runtime_error("pond::plot: cannot make a " + std::to_string(width) + "x" +
                             std::to_string(height) + " image: " + why);
  }
  cr_ = cairo_create(surface_);
  set_colour(cr_, colour::white);
  cairo_paint(cr_);
}

Canvas::~Canvas() {
  cairo_destroy(cr_);
  cairo_surface_destroy(surface_);
}

std::uint32_t* Canvas::row(int y) {
  cairo_surface_flush(surface_);
  unsigned char* data = cairo_image_surface_get_data(surface_);
  const int stride = cairo_image_surface_get_stride(surface_);
  return reinterpret_cast<std::uint32_t*>(data + static_cast<std::ptrdiff_t>(y) * stride);
}

void Canvas::pixels_done() { cairo_surface_mark_dirty(surface_); }

std::uint32_t pack(Rgb c) {
  auto byte = [](double v) {
    return static_cast<std::uint32_t>(std::lround(std::clamp(v, 0.0, 1.0) * 255.0));
  };
  return (byte(c.r) << 16) | (byte(c.g) << 8) | byte(c.b);
}

Rgb mix(Rgb c, Rgb d, double t) {
  return {c.r + (d.r - c.r) * t, c.g + (d.g - c.g) * t, c.b + (d.b - c.b) * t};
}

void set_colour(cairo_t* cr, Rgb c, double alpha) { cairo_set_source_rgba(cr, c.r, c.g, c.b, alpha); }

}  // namespace pond::plot::detail
