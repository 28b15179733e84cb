// Pictures made of pixels (CPPN renders) as PNG (written here, compressed by zlib) and animated GIF
// (through giflib).

#include <gif_lib.h>
#include <zlib.h>

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

void put_u32(std::string& out, std::uint32_t value) {
  const char bytes[4] = {static_cast<char>(value >> 24), static_cast<char>(value >> 16), static_cast<char>(value >> 8),
                         static_cast<char>(value)};
  out.append(bytes, 4);
}

// A PNG chunk: length, type, data, and the CRC-32 of type and data.
void put_chunk(std::string& out, const char* type, std::string_view data) {
  put_u32(out, static_cast<std::uint32_t>(data.size()));
  const std::size_t start = out.size();
  out.append(type, 4);
  out.append(data);
  const auto* typed = reinterpret_cast<const Bytef*>(out.data() + start);
  put_u32(out, static_cast<std::uint32_t>(crc32(0L, typed, static_cast<uInt>(data.size() + 4))));
}

// The scanlines, each with PNG's "Up" filter (every byte minus the one above it): CPPN pictures are
// smooth, so the differences are small and repeat, and deflate's fastest level packs them to about
// 1.5 times the size that its default level with libpng's adaptive filters reaches, in a sixth of
// the time (a server renders every picture it sends).
std::string up_filtered(int width, int height, std::span<const std::uint8_t> rgb) {
  const std::size_t row = static_cast<std::size_t>(width) * 3;
  std::string lines(static_cast<std::size_t>(height) * (row + 1), '\0');
  for (std::size_t y = 0; y < static_cast<std::size_t>(height); ++y) {
    const std::uint8_t* in = rgb.data() + y * row;
    const std::uint8_t* above = y > 0 ? in - row : nullptr;
    auto* out = reinterpret_cast<std::uint8_t*>(lines.data() + y * (row + 1));
    out[0] = 2;  // filter type Up
    for (std::size_t i = 0; i < row; ++i) out[1 + i] = static_cast<std::uint8_t>(in[i] - (above ? above[i] : 0));
  }
  return lines;
}

std::string deflated(const std::string& data) {
  uLongf size = compressBound(static_cast<uLong>(data.size()));
  std::string out(size, '\0');
  if (compress2(reinterpret_cast<Bytef*>(out.data()), &size, reinterpret_cast<const Bytef*>(data.data()),
                static_cast<uLong>(data.size()), Z_BEST_SPEED) != Z_OK) {
    throw std::runtime_error("rgb_png: zlib could not compress the picture");
  }
  out.resize(size);
  return out;
}

int append_gif(GifFileType* gif, const GifByteType* data, int length) {
  static_cast<std::string*>(gif->UserData)->append(reinterpret_cast<const char*>(data), static_cast<std::size_t>(length));
  return length;
}

}  // namespace

std::string rgb_png(int width, int height, std::span<const std::uint8_t> rgb) {
  check_pixels(width, height, rgb.size(), "rgb_png");
  std::string header;
  put_u32(header, static_cast<std::uint32_t>(width));
  put_u32(header, static_cast<std::uint32_t>(height));
  header += std::string_view("\x08\x02\x00\x00\x00", 5);  // 8 bits, RGB, deflate, adaptive filters, no interlace
  std::string png("\x89PNG\r\n\x1a\n", 8);
  put_chunk(png, "IHDR", header);
  put_chunk(png, "IDAT", deflated(up_filtered(width, height, rgb)));
  put_chunk(png, "IEND", {});
  return png;
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
