// Heatmap of an unstructured (CVT) archive: pixels take their nearest centroid's value; optionally with a
// path drawn over it.

#include <cmath>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "canvas.hpp"
#include "layout.hpp"
#include "nearest.hpp"
#include "pond/plot/plot.hpp"

namespace pond::plot {

std::string voronoi_heatmap_png(std::span<const double> centroids, std::span<const double> values,
                                const Axes& axes, double value_min, double value_max,
                                const std::string& value_label, int width_px, const PathOverlay* overlay) {
  using namespace detail;
  const char* fn = "voronoi_heatmap_png";
  if (values.empty()) throw std::invalid_argument(message(fn, "no centroids (values is empty)"));
  if (centroids.size() != 2 * values.size()) {
    throw std::invalid_argument(
        message(fn, "centroids has " + std::to_string(centroids.size()) +
                        " numbers, expected 2 per value = " + std::to_string(2 * values.size())));
  }
  for (std::size_t i = 0; i < centroids.size(); ++i) {
    if (!std::isfinite(centroids[i])) {
      throw std::invalid_argument(message(fn, "centroid " + std::to_string(i / 2) + " is not finite"));
    }
  }
  check_map_args(fn, axes, value_min, value_max, width_px);
  check_overlay(fn, overlay);

  const MapLayout layout = map_layout(axes, value_min, value_max, value_label, width_px);
  Canvas canvas(layout.width, layout.height);
  const PixelGrid g = pixel_grid(layout, axes);
  const NearestIndex index(centroids);

  std::vector<std::uint32_t> cell_pixel(values.size()), edge_pixel(values.size());
  for (std::size_t k = 0; k < values.size(); ++k) {
    const double t = value_fraction(values[k], value_min, value_max);
    const Rgb c = std::isnan(t) ? colour::empty : viridis(t);
    cell_pixel[k] = pack(c);
    edge_pixel[k] = pack(mix(c, colour::white, 0.35));
  }
  // Cells averaging at least 10 pixels across get faint light edges.
  const bool outline = static_cast<double>(g.w) * g.h / static_cast<double>(values.size()) >= 100.0;

  std::vector<std::size_t> above(static_cast<std::size_t>(g.w)), here(static_cast<std::size_t>(g.w));
  for (int j = 0; j < g.h; ++j) {
    std::uint32_t* row = canvas.row(g.y0 + j) + g.x0;
    const double y = g.y(j);
    for (int i = 0; i < g.w; ++i) {
      const std::size_t k = index.nearest(g.x(i), y);
      const auto ui = static_cast<std::size_t>(i);
      here[ui] = k;
      const bool edge = outline && ((i > 0 && here[ui - 1] != k) || (j > 0 && above[ui] != k));
      row[i] = edge ? edge_pixel[k] : cell_pixel[k];
    }
    std::swap(above, here);
  }
  canvas.pixels_done();

  if (overlay != nullptr) draw_path_overlay(canvas, layout, axes, *overlay);
  draw_map_frame(canvas, layout, axes, value_min, value_max, value_label);
  return canvas.png();
}

}  // namespace pond::plot
