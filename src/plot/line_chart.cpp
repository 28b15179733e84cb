// Line charts: one, or several stacked vertically with aligned plot areas.

#include <algorithm>
#include <stdexcept>
#include <string>
#include <vector>

#include "chart.hpp"
#include "pond/plot/plot.hpp"

namespace pond::plot {

std::string line_chart_png(std::span<const Series> series, const Axes& axes, int width_px, int height_px) {
  using namespace detail;
  const char* fn = "line_chart_png";
  check_size(fn, "width_px", width_px);
  check_size(fn, "height_px", height_px);
  check_series(fn, "", series);
  const double s = ui_scale(width_px);
  const Rect area{0, 0, static_cast<double>(width_px), static_cast<double>(height_px)};
  const ChartLayout layout = chart_layout(fn, "", area, series, axes, s, 0.0);
  Canvas canvas(width_px, height_px);
  draw_chart(canvas, layout, series, axes, s);
  return canvas.png();
}

std::string stacked_line_charts_png(std::span<const std::pair<Axes, std::vector<Series>>> charts,
                                    int width_px, int height_each_px) {
  using namespace detail;
  const char* fn = "stacked_line_charts_png";
  check_size(fn, "width_px", width_px);
  check_size(fn, "height_each_px", height_each_px);
  if (charts.empty()) throw std::invalid_argument(message(fn, "no charts to draw"));
  const long total = static_cast<long>(height_each_px) * static_cast<long>(charts.size());
  if (total > max_size_px) {
    throw std::invalid_argument(message(fn, "the picture would be " + std::to_string(total) +
                                                " pixels tall, more than " + std::to_string(max_size_px)));
  }
  const double s = ui_scale(width_px);

  // Lay out every chart, then again with the widest left margin so the plot areas line up.
  std::vector<ChartLayout> layouts;
  double left = 0.0;
  for (std::size_t i = 0; i < charts.size(); ++i) {
    const std::string where = "chart " + std::to_string(i) + ": ";
    check_series(fn, where, charts[i].second);
    const Rect area{0, static_cast<double>(i) * height_each_px, static_cast<double>(width_px),
                    static_cast<double>(height_each_px)};
    layouts.push_back(chart_layout(fn, where, area, charts[i].second, charts[i].first, s, 0.0));
    left = std::max(left, layouts.back().plot.x - area.x);
  }
  Canvas canvas(width_px, static_cast<int>(total));
  for (std::size_t i = 0; i < charts.size(); ++i) {
    const ChartLayout layout =
        chart_layout(fn, "", layouts[i].area, charts[i].second, charts[i].first, s, left);
    draw_chart(canvas, layout, charts[i].second, charts[i].first, s);
  }
  return canvas.png();
}

}  // namespace pond::plot
