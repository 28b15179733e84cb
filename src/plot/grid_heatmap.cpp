// Heatmap of a grid archive, optionally with a path drawn over it.

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "canvas.hpp"
#include "layout.hpp"
#include "pond/plot/plot.hpp"

namespace pond::plot {

std::string grid_heatmap_png(std::size_t nx, std::size_t ny, std::span<const double> values, const Axes& axes,
                             double value_min, double value_max, const std::string& value_label, int width_px,
                             const PathOverlay* overlay) {
  using namespace detail;
  const char* fn = "grid_heatmap_png";
  if (nx == 0 || ny == 0) {
    throw std::invalid_argument(message(
        fn, "the grid must have at least one cell, got " + std::to_string(nx) + "x" + std::to_string(ny)));
  }
  if (nx > 100000 || ny > 100000 || values.size() / nx != ny || values.size() % nx != 0) {
    throw std::invalid_argument(message(fn, "values has " + std::to_string(values.size()) +
                                                " entries, expected nx*ny = " + std::to_string(nx) + "*" +
                                                std::to_string(ny)));
  }
  check_map_args(fn, axes, value_min, value_max, width_px);
  check_overlay(fn, overlay);

  const MapLayout layout = map_layout(axes, value_min, value_max, value_label, width_px);
  Canvas canvas(layout.width, layout.height);
  const PixelGrid g = pixel_grid(layout, axes);

  // Cell of each pixel column and row (row 0 is the top of the picture, the last cell row).
  auto cell_of = [](double frac, std::size_t n) {
    return std::min(n - 1,
                    static_cast<std::size_t>(std::max(0.0, std::floor(frac * static_cast<double>(n)))));
  };
  std::vector<std::size_t> col_cell(static_cast<std::size_t>(g.w)), row_cell(static_cast<std::size_t>(g.h));
  for (int i = 0; i < g.w; ++i) col_cell[static_cast<std::size_t>(i)] = cell_of((i + 0.5) / g.w, nx);
  for (int j = 0; j < g.h; ++j) row_cell[static_cast<std::size_t>(j)] = cell_of(1.0 - (j + 0.5) / g.h, ny);

  // Cells at least 8 pixels wide get a faint light line at their edges.
  const bool outline = g.w >= 8.0 * static_cast<double>(nx) && g.h >= 8.0 * static_cast<double>(ny);
  std::vector<std::uint32_t> cell_pixel(nx * ny), edge_pixel(nx * ny);
  for (std::size_t k = 0; k < nx * ny; ++k) {
    const double t = value_fraction(values[k], value_min, value_max);
    const Rgb c = std::isnan(t) ? colour::empty : viridis(t);
    cell_pixel[k] = pack(c);
    edge_pixel[k] = pack(mix(c, colour::white, 0.35));
  }

  for (int j = 0; j < g.h; ++j) {
    const std::size_t cy = row_cell[static_cast<std::size_t>(j)];
    const bool row_edge = outline && j > 0 && row_cell[static_cast<std::size_t>(j) - 1] != cy;
    std::uint32_t* row = canvas.row(g.y0 + j) + g.x0;
    for (int i = 0; i < g.w; ++i) {
      const std::size_t cx = col_cell[static_cast<std::size_t>(i)];
      const bool edge = row_edge || (outline && i > 0 && col_cell[static_cast<std::size_t>(i) - 1] != cx);
      row[i] = edge ? edge_pixel[cy * nx + cx] : cell_pixel[cy * nx + cx];
    }
  }
  canvas.pixels_done();

  if (overlay != nullptr) draw_path_overlay(canvas, layout, axes, *overlay);
  draw_map_frame(canvas, layout, axes, value_min, value_max, value_label);
  return canvas.png();
}

}  // namespace pond::plot
