#pragma once
// A PNG decoded by cairo, for tests that check pictures pixel by pixel.

#include <cairo.h>
#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <memory>
#include <stdexcept>
#include <string>

namespace pond::testing {

struct Pixel {
  int r, g, b;
};

// A PNG decoded by cairo.
class Image {
 public:
  explicit Image(const std::string& bytes) {
    struct Reader {
      const std::string* bytes;
      std::size_t pos;
    } reader{&bytes, 0};
    auto read = [](void* closure, unsigned char* data, unsigned int length) {
      auto* r = static_cast<Reader*>(closure);
      if (r->pos + length > r->bytes->size()) return CAIRO_STATUS_READ_ERROR;
      std::memcpy(data, r->bytes->data() + r->pos, length);
      r->pos += length;
      return CAIRO_STATUS_SUCCESS;
    };
    surface_.reset(cairo_image_surface_create_from_png_stream(read, &reader));
    if (cairo_surface_status(surface_.get()) != CAIRO_STATUS_SUCCESS) throw std::runtime_error("bad PNG");
  }
  int width() const { return cairo_image_surface_get_width(surface_.get()); }
  int height() const { return cairo_image_surface_get_height(surface_.get()); }
  Pixel at(double x, double y) const {
    const int ix = static_cast<int>(x), iy = static_cast<int>(y);
    EXPECT_TRUE(ix >= 0 && iy >= 0 && ix < width() && iy < height()) << ix << "," << iy;
    const unsigned char* data = cairo_image_surface_get_data(surface_.get());
    const int stride = cairo_image_surface_get_stride(surface_.get());
    std::uint32_t v;
    std::memcpy(&v, data + static_cast<std::ptrdiff_t>(iy) * stride + 4 * ix, 4);
    return {static_cast<int>((v >> 16) & 0xff), static_cast<int>((v >> 8) & 0xff),
            static_cast<int>(v & 0xff)};
  }

 private:
  struct Destroy {
    void operator()(cairo_surface_t* s) const { cairo_surface_destroy(s); }
  };
  std::unique_ptr<cairo_surface_t, Destroy> surface_;
};

}  // namespace pond::testing
