// Pictures made of pixels (CPPN renders) as PNG (through cairo) and animated GIF (through giflib).

#include <cairo.h>
#include <gif_lib.h>

#include <cstring>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "pond/plot/plot.hpp"

namespace pond::plot {
namespace {

void check_pixels(int width, int height, std::size_t bytes, const char* what) {
  if (width < 1 || height < 1 || width > 16384 || height > 16384) {
    throw std::invalid_argument(std::string(what) + ": size " + std::to_string(width) + " x " + std::to_string(height) +
                                " is outside 1..16384");
  }
  if (bytes != static_cast<std::size_t>(width) * static_cast<std::size_t>(height) * 3) {
    throw std::invalid_argument(std::string(what) + ": " + std::to_string(bytes) + " bytes of pixels for " +
                                std::to_string(width) + " x " + std::to_string(height) + " RGB");
  }
}

cairo_status_t append_png(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

int append_gif(GifFileType* gif, const GifByteType* data, int length) {
  static_cast<std::string*>(gif->UserData)->append(reinterpret_cast<const char*>(data), static_cast<std::size_t>(length));
  return length;
}

}  // namespace

std::string rgb_png(int width, int height, std::span<const std::uint8_t> rgb) {
  check_pixels(width, height, rgb.size(), "rgb_png");
  std::unique_ptr<cairo_surface_t, decltype(&cairo_surface_destroy)> surface(
      cairo_image_surface_create(CAIRO_FORMAT_RGB24, width, height), cairo_surface_destroy);
  cairo_surface_flush(surface.get());
  unsigned char* data = cairo_image_surface_get_data(surface.get());
  const int stride = cairo_image_surface_get_stride(surface.get());
  for (int y = 0; y < height; ++y) {
    auto* row = reinterpret_cast<std::uint32_t*>(data + static_cast<std::ptrdiff_t>(y) * stride);
    const std::uint8_t* p = rgb.data() + static_cast<std::size_t>(y) * static_cast<std::size_t>(width) * 3;
    for (int x = 0; x < width; ++x, p += 3) row[x] = (std::uint32_t{p[0]} << 16) | (std::uint32_t{p[1]} << 8) | p[2];
  }
  cairo_surface_mark_dirty(surface.get());
  std::string bytes;
  if (cairo_surface_write_to_png_stream(surface.get(), append_png, &bytes) != CAIRO_STATUS_SUCCESS) {
    throw std::runtime_error("rgb_png: PNG encoding failed");
  }
  return bytes;
}

std::string rgb_gif(std::span<const RgbFrame> frames, int delay_centiseconds) {
  if (frames.empty()) throw std::invalid_argument("rgb_gif: no frames");
  if (delay_centiseconds < 0 || delay_centiseconds > 65535) throw std::invalid_argument("rgb_gif: delay outside 0..65535");
  const int width = frames.front().width, height = frames.front().height;
  for (const RgbFrame& f : frames) {
    check_pixels(f.width, f.height, f.rgb.size(), "rgb_gif");
    if (f.width != width || f.height != height) throw std::invalid_argument("rgb_gif: frames differ in size");
  }
  std::string bytes;
  int error = 0;
  GifFileType* gif = EGifOpen(&bytes, append_gif, &error);
  if (gif == nullptr) throw std::runtime_error(std::string("rgb_gif: ") + GifErrorString(error));
  auto fail = [&](const char* step) {
    const std::string message = std::string("rgb_gif: ") + step + ": " + GifErrorString(gif->Error);
    EGifCloseFile(gif, &error);
    throw std::runtime_error(message);
  };
  EGifSetGifVersion(gif, true);
  if (EGifPutScreenDesc(gif, width, height, 8, 0, nullptr) == GIF_ERROR) fail("screen");
  // Loop forever (the NETSCAPE2.0 application extension).
  const unsigned char loop[3] = {1, 0, 0};
  if (EGifPutExtensionLeader(gif, APPLICATION_EXT_FUNC_CODE) == GIF_ERROR ||
      EGifPutExtensionBlock(gif, 11, "NETSCAPE2.0") == GIF_ERROR || EGifPutExtensionBlock(gif, 3, loop) == GIF_ERROR ||
      EGifPutExtensionTrailer(gif) == GIF_ERROR) {
    fail("loop extension");
  }
  const std::size_t pixels = static_cast<std::size_t>(width) * static_cast<std::size_t>(height);
  std::vector<GifByteType> r(pixels), g(pixels), b(pixels), indices(pixels);
  for (const RgbFrame& f : frames) {
    GraphicsControlBlock control{};
    control.DisposalMode = DISPOSE_DO_NOT;
    control.DelayTime = delay_centiseconds;
    control.TransparentColor = NO_TRANSPARENT_COLOR;
    GifByteType extension[4];
    const auto length = EGifGCBToExtension(&control, extension);
    if (EGifPutExtension(gif, GRAPHICS_EXT_FUNC_CODE, static_cast<int>(length), extension) == GIF_ERROR) fail("frame delay");
    for (std::size_t i = 0; i < pixels; ++i) {
      r[i] = f.rgb[3 * i];
      g[i] = f.rgb[3 * i + 1];
      b[i] = f.rgb[3 * i + 2];
    }
    // Each frame gets its own 256-colour table (median cut), so colours stay true as the picture moves.
    int colours = 256;
    GifColorType palette[256] = {};
    if (GifQuantizeBuffer(static_cast<unsigned>(width), static_cast<unsigned>(height), &colours, r.data(), g.data(), b.data(),
                          indices.data(), palette) == GIF_ERROR) {
      fail("colour quantization");
    }
    ColorMapObject* map = GifMakeMapObject(256, palette);
    if (map == nullptr) fail("colour map");
    const int status = EGifPutImageDesc(gif, 0, 0, width, height, false, map);
    GifFreeMapObject(map);
    if (status == GIF_ERROR) fail("frame");
    for (int y = 0; y < height; ++y) {
      if (EGifPutLine(gif, indices.data() + static_cast<std::size_t>(y) * static_cast<std::size_t>(width), width) == GIF_ERROR) fail("pixels");
    }
  }
  if (EGifCloseFile(gif, &error) == GIF_ERROR) throw std::runtime_error(std::string("rgb_gif: ") + GifErrorString(error));
  return bytes;
}

}  // namespace pond::plot
