// Encoding a canvas as PNG file bytes.

#include <stdexcept>
#include <string>

#include "canvas.hpp"

namespace pond::plot::detail {
namespace {

cairo_status_t append(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

}  // namespace

std::string Canvas::png() {
  cairo_surface_flush(surface_);
  std::string bytes;
  const cairo_status_t status = cairo_surface_write_to_png_stream(surface_, append, &bytes);
  if (status != CAIRO_STATUS_SUCCESS) {
    throw std::runtime_error(std::string("pond::plot: PNG encoding failed: ") +
                             cairo_status_to_string(status));
  }
  return bytes;
}

}  // namespace pond::plot::detail
