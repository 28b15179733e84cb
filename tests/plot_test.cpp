// Tests for pond::plot: PNG output decoded back and checked pixel by pixel.

#include "pond/plot/plot.hpp"

#include <cairo.h>
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <memory>
#include <random>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "../src/plot/chart.hpp"
#include "../src/plot/layout.hpp"
#include "../src/plot/nearest.hpp"
#include "png_image.hpp"

// fontconfig (below cairo's text) keeps a few allocations until exit that LeakSanitizer reports; they are
// not pond's. Only read by sanitizer builds.
extern "C" const char* __lsan_default_suppressions() { return "leak:libfontconfig.so\n"; }

namespace {

using namespace pond::plot;
using pond::testing::Image;
using pond::testing::Pixel;
constexpr double nan = std::numeric_limits<double>::quiet_NaN();
constexpr double inf = std::numeric_limits<double>::infinity();

bool has_png_signature(const std::string& bytes) {
  return bytes.size() > 8 && std::memcmp(bytes.data(), "\x89PNG\r\n\x1a\n", 8) == 0;
}

Pixel to_pixel(Rgb c) {
  return {static_cast<int>(std::lround(c.r * 255)), static_cast<int>(std::lround(c.g * 255)),
          static_cast<int>(std::lround(c.b * 255))};
}

::testing::AssertionResult near(Pixel got, Rgb want, int tol = 1) {
  const Pixel w = to_pixel(want);
  if (std::abs(got.r - w.r) <= tol && std::abs(got.g - w.g) <= tol && std::abs(got.b - w.b) <= tol) {
    return ::testing::AssertionSuccess();
  }
  return ::testing::AssertionFailure() << "pixel (" << got.r << "," << got.g << "," << got.b << ") != ("
                                       << w.r << "," << w.g << "," << w.b << ")";
}

bool is_light_grey(Pixel p) { return p.r == p.g && p.g == p.b && p.r >= 190 && p.r <= 240; }
bool is_grey(Pixel p) {
  return std::abs(p.r - p.g) <= 3 && std::abs(p.g - p.b) <= 8 && p.r > 100 && p.r < 240;
}

Rgb hex(unsigned v) { return {((v >> 16) & 0xff) / 255.0, ((v >> 8) & 0xff) / 255.0, (v & 0xff) / 255.0}; }

// CIE L* of an sRGB colour.
double lightness(Rgb c) {
  auto lin = [](double v) { return v <= 0.04045 ? v / 12.92 : std::pow((v + 0.055) / 1.055, 2.4); };
  const double y = 0.2126 * lin(c.r) + 0.7152 * lin(c.g) + 0.0722 * lin(c.b);
  return y > 216.0 / 24389 ? 116 * std::cbrt(y) - 16 : y * 24389.0 / 27;
}

// Pixel position of data point (x, y) in a map picture's plot area.
std::pair<double, double> map_pixel(const detail::MapLayout& l, const Axes& a, double x, double y) {
  return {l.plot.x + (x - a.x_min) / (a.x_max - a.x_min) * l.plot.w,
          l.plot.y + l.plot.h - (y - a.y_min) / (a.y_max - a.y_min) * l.plot.h};
}

// ---------------------------------------------------------------------------------------------- viridis

TEST(Viridis, EndpointsAndMiddleMatchThePublishedMap) {
  EXPECT_TRUE(near(to_pixel(viridis(0.0)), hex(0x440154), 0));
  EXPECT_TRUE(near(to_pixel(viridis(1.0)), hex(0xfde725), 0));
  EXPECT_TRUE(near(to_pixel(viridis(0.5)), hex(0x21908c), 2));
  EXPECT_TRUE(near(to_pixel(viridis(0.25)), hex(0x3b528b), 2));
  EXPECT_TRUE(near(to_pixel(viridis(0.75)), hex(0x5dc863), 2));
}

TEST(Viridis, ClampsOutOfRangeAndNaN) {
  EXPECT_TRUE(near(to_pixel(viridis(-3.0)), viridis(0.0), 0));
  EXPECT_TRUE(near(to_pixel(viridis(7.0)), viridis(1.0), 0));
  EXPECT_TRUE(near(to_pixel(viridis(nan)), viridis(0.0), 0));
  EXPECT_TRUE(near(to_pixel(viridis(-inf)), viridis(0.0), 0));
  EXPECT_TRUE(near(to_pixel(viridis(inf)), viridis(1.0), 0));
}

TEST(Viridis, LightnessRisesMonotonicallyAndSmoothly) {
  Rgb prev = viridis(0.0);
  for (int i = 1; i <= 1000; ++i) {
    const Rgb c = viridis(i / 1000.0);
    for (double v : {c.r, c.g, c.b}) {
      EXPECT_GE(v, 0.0);
      EXPECT_LE(v, 1.0);
    }
    EXPECT_GT(lightness(c), lightness(prev)) << "at t = " << i / 1000.0;
    EXPECT_LT(std::abs(c.r - prev.r) + std::abs(c.g - prev.g) + std::abs(c.b - prev.b), 0.02);
    prev = c;
  }
  EXPECT_LT(lightness(viridis(0.0)), 20.0);
  EXPECT_GT(lightness(viridis(1.0)), 85.0);
}

// ------------------------------------------------------------------------------------------------ ticks

TEST(Ticks, RoundNumbersInsideTheRange) {
  const std::vector<double> t = detail::nice_ticks(0.0, 1.0, 4);
  ASSERT_EQ(t.size(), 5u);
  EXPECT_DOUBLE_EQ(t[1], 0.25);
  const std::vector<double> u = detail::nice_ticks(-0.03, 2.07, 5);
  EXPECT_DOUBLE_EQ(u.front(), 0.0);
  EXPECT_DOUBLE_EQ(u.back(), 2.0);
  EXPECT_GE(detail::nice_ticks(0.1, 0.12, 5).size(), 2u);
}

TEST(Ticks, LabelsUseThousandsAndMillions) {
  const std::vector<double> t = detail::nice_ticks(0.0, 2e6, 5);
  EXPECT_EQ(detail::tick_labels(t), (std::vector<std::string>{"0", "500k", "1M", "1.5M", "2M"}));
  const std::vector<double> u{0, 250000, 500000, 750000, 1000000, 1250000};
  EXPECT_EQ(detail::tick_labels(u), (std::vector<std::string>{"0", "250k", "500k", "750k", "1M", "1.25M"}));
  const std::vector<double> v{0, 0.25, 0.5, 0.75, 1};
  EXPECT_EQ(detail::tick_labels(v), (std::vector<std::string>{"0", "0.25", "0.5", "0.75", "1"}));
  const std::vector<double> w{-1, 0, 1};
  EXPECT_EQ(detail::tick_labels(w)[0],
            "\xE2\x88\x92"
            "1");
  const std::vector<double> small{0, 2000, 4000, 6000};
  EXPECT_EQ(detail::tick_labels(small)[3], "6000");
  const std::vector<double> big{0, 1e9, 2e9};
  EXPECT_EQ(detail::tick_labels(big)[2], "2B");
}

// ---------------------------------------------------------------------------------------------- nearest

TEST(NearestIndex, AgreesWithBruteForce) {
  std::mt19937 rng(7);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  for (int n : {1, 2, 17, 1000}) {
    std::vector<double> xy;
    for (int i = 0; i < n; ++i) {
      xy.push_back(u(rng) * 3.0);
      xy.push_back(n == 17 ? 0.5 : u(rng));  // one case with all points on a line
    }
    const detail::NearestIndex index(xy);
    for (int q = 0; q < 2000; ++q) {
      const double x = u(rng) * 5.0 - 1.0, y = u(rng) * 3.0 - 1.0;  // also outside the points' box
      std::size_t best = 0;
      double best_d2 = inf;
      for (int i = 0; i < n; ++i) {
        const double d2 = std::pow(xy[2 * i] - x, 2) + std::pow(xy[2 * i + 1] - y, 2);
        if (d2 < best_d2) best_d2 = d2, best = static_cast<std::size_t>(i);
      }
      ASSERT_EQ(index.nearest(x, y), best) << "n = " << n << ", query (" << x << ", " << y << ")";
    }
  }
}

// ---------------------------------------------------------------------------------------- grid heatmap

TEST(GridHeatmap, CellsHaveTheirColoursAndPlaces) {
  const std::size_t nx = 4, ny = 3;
  std::vector<double> values(nx * ny, 5.0);
  values[0 * nx + 0] = 10.0;  // (0, 0): max, bottom-left
  values[2 * nx + 3] = 0.0;   // (3, 2): min, top-right
  values[0 * nx + 1] = nan;   // (1, 0): empty
  values[1 * nx + 2] = 25.0;  // (2, 1): above the max, clamped
  const Axes axes{"Archive", "x", "y", 0.0, 4.0, 0.0, 3.0};
  const std::string png = grid_heatmap_png(nx, ny, values, axes, 0.0, 10.0, "fitness");
  ASSERT_TRUE(has_png_signature(png));
  const Image img(png);
  const detail::MapLayout layout = detail::map_layout(axes, 0.0, 10.0, "fitness", 800);
  EXPECT_EQ(img.width(), 800);
  EXPECT_EQ(img.height(), layout.height);
  EXPECT_NEAR(layout.plot.h / layout.plot.w, 0.75, 0.01);

  auto centre = [&](double ix, double iy) { return map_pixel(layout, axes, ix + 0.5, iy + 0.5); };
  auto [x00, y00] = centre(0, 0);
  EXPECT_TRUE(near(img.at(x00, y00), viridis(1.0)));
  auto [x32, y32] = centre(3, 2);
  EXPECT_TRUE(near(img.at(x32, y32), viridis(0.0)));
  auto [x10, y10] = centre(1, 0);
  EXPECT_TRUE(is_light_grey(img.at(x10, y10)));
  auto [x21, y21] = centre(2, 1);
  EXPECT_TRUE(near(img.at(x21, y21), viridis(1.0)));
  auto [x11, y11] = centre(1, 1);
  EXPECT_TRUE(near(img.at(x11, y11), viridis(0.5)));
  // The very corner pixels of the plot area belong to cells (0, 0) and (3, 2).
  EXPECT_TRUE(near(img.at(layout.plot.x + 1, layout.plot.y + layout.plot.h - 2), viridis(1.0)));
  EXPECT_TRUE(near(img.at(layout.plot.x + layout.plot.w - 2, layout.plot.y + 1), viridis(0.0)));
  // Colourbar: max at the top, min at the bottom.
  const detail::Rect& bar = layout.colourbar;
  EXPECT_TRUE(near(img.at(bar.x + bar.w / 2, bar.y + 0.5), viridis(1.0), 2));
  EXPECT_TRUE(near(img.at(bar.x + bar.w / 2, bar.y + bar.h - 0.5), viridis(0.0), 2));
}

TEST(GridHeatmap, EqualRangesGiveASquarePlotAndWidthIsHonoured) {
  const Axes axes{"", "", "", -1.0, 1.0, -1.0, 1.0};
  const detail::MapLayout layout = detail::map_layout(axes, 0.0, 1.0, "", 600);
  EXPECT_EQ(layout.plot.w, layout.plot.h);
  const std::vector<double> values{0.0, 1.0, nan, 0.5};
  const Image img(grid_heatmap_png(2, 2, values, axes, 0.0, 1.0, "", 600));
  EXPECT_EQ(img.width(), 600);
  EXPECT_EQ(img.height(), layout.height);
  auto [x, y] = map_pixel(layout, axes, 0.5, 0.5);  // cell (1, 1)
  EXPECT_TRUE(near(img.at(x, y), viridis(0.5)));
}

TEST(GridHeatmap, EqualValueBoundsAreWidened) {
  const std::vector<double> values{3.0, 3.0};
  EXPECT_TRUE(has_png_signature(grid_heatmap_png(2, 1, values, {"", "", "", 0, 2, 0, 1}, 3.0, 3.0, "v")));
}

TEST(GridHeatmap, BadInputThrows) {
  const Axes ok{"", "", "", 0, 1, 0, 1};
  const std::vector<double> v4(4, 1.0);
  EXPECT_THROW(grid_heatmap_png(2, 3, v4, ok, 0, 1, ""), std::invalid_argument);
  EXPECT_THROW(grid_heatmap_png(0, 0, {}, ok, 0, 1, ""), std::invalid_argument);
  EXPECT_THROW(grid_heatmap_png(2, 2, v4, {"", "", "", 0, nan, 0, 1}, 0, 1, ""), std::invalid_argument);
  EXPECT_THROW(grid_heatmap_png(2, 2, v4, {"", "", "", 0, 1, 0, inf}, 0, 1, ""), std::invalid_argument);
  EXPECT_THROW(grid_heatmap_png(2, 2, v4, {"", "", "", 1, 1, 0, 1}, 0, 1, ""), std::invalid_argument);
  EXPECT_THROW(grid_heatmap_png(2, 2, v4, {"", "", "", 1, 0, 0, 1}, 0, 1, ""), std::invalid_argument);
  EXPECT_THROW(grid_heatmap_png(2, 2, v4, ok, 0, nan, ""), std::invalid_argument);
  EXPECT_THROW(grid_heatmap_png(2, 2, v4, ok, 2, 1, ""), std::invalid_argument);
  EXPECT_THROW(grid_heatmap_png(2, 2, v4, ok, 0, 1, "", 10), std::invalid_argument);
  try {
    grid_heatmap_png(2, 3, v4, ok, 0, 1, "");
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("grid_heatmap_png"), std::string::npos) << e.what();
  }
}

TEST(GridHeatmap, PathOverlayIsDrawnOverTheCellsWithGapsEndsAndLegend) {
  const std::vector<double> values(16, 0.5);
  const Axes axes{"", "", "", 0.0, 1.0, 0.0, 1.0};
  const PathOverlay overlay{{0.2, 0.2, 0.6, 0.2, 0.6, 0.6, nan, nan, 0.8, 0.6, 0.8, 0.2}, ""};
  const std::string plain = grid_heatmap_png(4, 4, values, axes, 0.0, 1.0, "v");
  const Image without(plain), with(grid_heatmap_png(4, 4, values, axes, 0.0, 1.0, "v", 800, &overlay));
  const detail::MapLayout layout = detail::map_layout(axes, 0.0, 1.0, "v", 800);
  auto at = [&](const Image& img, double x, double y) {
    auto [u, v] = map_pixel(layout, axes, x, y);
    return img.at(u, v);
  };
  const Rgb teal = viridis(0.5), white{1, 1, 1};
  // The segments' midpoints turn from the cell colour to the line's white core.
  for (const auto& [x, y] : {std::pair{0.4, 0.2}, {0.6, 0.4}, {0.8, 0.4}}) {
    EXPECT_TRUE(near(at(without, x, y), teal)) << x << ", " << y;
    EXPECT_TRUE(near(at(with, x, y), white, 2)) << x << ", " << y;
  }
  // The non-finite point leaves a gap: nothing between (0.6, 0.6) and (0.8, 0.6).
  EXPECT_TRUE(near(at(with, 0.7, 0.6), teal));
  // The last point is a red disc; away from the path the cells are untouched.
  EXPECT_TRUE(near(at(with, 0.8, 0.2), detail::colour::maze_goal, 2));
  EXPECT_TRUE(near(at(with, 0.35, 0.7), teal));

  // A label adds a legend in the corner the path keeps clear of (top-left first).
  const PathOverlay labelled{overlay.xy, "lineage of the best"};
  const Image legend(grid_heatmap_png(4, 4, values, axes, 0.0, 1.0, "v", 800, &labelled));
  const double inside_x = layout.plot.x + 10 + 6, inside_y = layout.plot.y + 10 + 6;
  EXPECT_TRUE(near(with.at(inside_x, inside_y), teal));
  const Pixel box = legend.at(inside_x, inside_y);
  EXPECT_TRUE(box.r > 220 && box.g > 220 && box.b > 220) << box.r << "," << box.g << "," << box.b;

  // No overlay, or one without points, draws exactly what the plain heatmap does.
  EXPECT_EQ(grid_heatmap_png(4, 4, values, axes, 0.0, 1.0, "v", 800, nullptr), plain);
  const PathOverlay empty{{}, "ignored without points"};
  EXPECT_EQ(grid_heatmap_png(4, 4, values, axes, 0.0, 1.0, "v", 800, &empty), plain);
}

TEST(GridHeatmap, OddOverlayCountThrows) {
  const std::vector<double> values(4, 1.0);
  const PathOverlay odd{{0.1, 0.2, 0.3}, "x"};
  try {
    grid_heatmap_png(2, 2, values, {"", "", "", 0, 1, 0, 1}, 0, 1, "", 800, &odd);
    ADD_FAILURE() << "no exception";
  } catch (const std::invalid_argument& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("grid_heatmap_png: overlay.xy has 3 numbers"), std::string::npos) << what;
  }
  // Non-finite points are allowed (they leave gaps), even all of them.
  const PathOverlay gaps{{nan, 0.2, 0.3, inf}, ""};
  EXPECT_NO_THROW(grid_heatmap_png(2, 2, values, {"", "", "", 0, 1, 0, 1}, 0, 1, "", 800, &gaps));
}

// ------------------------------------------------------------------------------------- voronoi heatmap

TEST(VoronoiHeatmap, RegionsTakeTheirCentroidsColour) {
  const std::vector<double> centroids{0.25, 0.25, 0.75, 0.75, 0.25, 0.75, 0.75, 0.25};
  const std::vector<double> values{2.0, -1.0, nan, 0.5};
  const Axes axes{"CVT", "a", "b", 0.0, 1.0, 0.0, 1.0};
  const std::string png = voronoi_heatmap_png(centroids, values, axes, -1.0, 2.0, "fitness", 700);
  ASSERT_TRUE(has_png_signature(png));
  const Image img(png);
  const detail::MapLayout layout = detail::map_layout(axes, -1.0, 2.0, "fitness", 700);
  EXPECT_EQ(img.width(), 700);
  EXPECT_EQ(layout.plot.w, layout.plot.h);
  auto px = [&](double x, double y) {
    auto [u, v] = map_pixel(layout, axes, x, y);
    return img.at(u, v);
  };
  EXPECT_TRUE(near(px(0.25, 0.25), viridis(1.0)));  // bottom-left: max
  EXPECT_TRUE(near(px(0.1, 0.1), viridis(1.0)));
  EXPECT_TRUE(near(px(0.75, 0.75), viridis(0.0)));  // top-right: min
  EXPECT_TRUE(is_light_grey(px(0.25, 0.75)));       // top-left: empty
  EXPECT_TRUE(near(px(0.75, 0.25), viridis(0.5)));  // bottom-right: middle
}

TEST(VoronoiHeatmap, ManyCentroidsRenderAndPlaceCorrectly) {
  std::mt19937 rng(1);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  std::vector<double> centroids, values;
  for (int i = 0; i < 10000; ++i) {
    centroids.push_back(u(rng));
    centroids.push_back(u(rng));
    values.push_back(i % 5 == 0 ? nan : u(rng));
  }
  // One tagged centroid with a big empty neighbourhood.
  centroids[0] = 0.5;
  centroids[1] = 0.5;
  values[0] = 1.0;
  for (std::size_t i = 1; i < values.size(); ++i) {
    if (std::hypot(centroids[2 * i] - 0.5, centroids[2 * i + 1] - 0.5) < 0.03) centroids[2 * i] += 0.1;
  }
  const Axes axes{"", "", "", 0.0, 1.0, 0.0, 1.0};
  const Image img(voronoi_heatmap_png(centroids, values, axes, 0.0, 1.0, "v", 600));
  const detail::MapLayout layout = detail::map_layout(axes, 0.0, 1.0, "v", 600);
  auto [x, y] = map_pixel(layout, axes, 0.5, 0.5);
  EXPECT_TRUE(near(img.at(x, y), viridis(1.0)));
}

TEST(VoronoiHeatmap, PathOverlayIsDrawnOverTheRegions) {
  const std::vector<double> centroids{0.25, 0.25, 0.75, 0.75, 0.25, 0.75, 0.75, 0.25};
  const std::vector<double> values{0.0, 0.0, 0.0, 0.0};
  const Axes axes{"", "", "", 0.0, 1.0, 0.0, 1.0};
  const PathOverlay overlay{{0.1, 0.3, 0.9, 0.3}, "path"};
  const std::string plain = voronoi_heatmap_png(centroids, values, axes, 0.0, 1.0, "v");
  const Image with(voronoi_heatmap_png(centroids, values, axes, 0.0, 1.0, "v", 800, &overlay));
  const detail::MapLayout layout = detail::map_layout(axes, 0.0, 1.0, "v", 800);
  auto [x, y] = map_pixel(layout, axes, 0.6, 0.3);
  EXPECT_TRUE(near(Image(plain).at(x, y), viridis(0.0)));
  EXPECT_TRUE(near(with.at(x, y), Rgb{1, 1, 1}, 2));  // white even over the darkest colour
  auto [ex, ey] = map_pixel(layout, axes, 0.9, 0.3);
  EXPECT_TRUE(near(with.at(ex, ey), detail::colour::maze_goal, 2));
  EXPECT_EQ(voronoi_heatmap_png(centroids, values, axes, 0.0, 1.0, "v", 800, nullptr), plain);
  const PathOverlay odd{{0.1}, ""};
  try {
    voronoi_heatmap_png(centroids, values, axes, 0.0, 1.0, "v", 800, &odd);
    ADD_FAILURE() << "no exception";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("voronoi_heatmap_png: overlay"), std::string::npos) << e.what();
  }
}

TEST(VoronoiHeatmap, BadInputThrows) {
  const Axes ok{"", "", "", 0, 1, 0, 1};
  const std::vector<double> c{0.1, 0.1, 0.2, 0.2}, v{1.0, 2.0}, v3{1.0, 2.0, 3.0};
  EXPECT_THROW(voronoi_heatmap_png({}, {}, ok, 0, 1, ""), std::invalid_argument);
  EXPECT_THROW(voronoi_heatmap_png(c, v3, ok, 0, 1, ""), std::invalid_argument);
  const std::vector<double> bad{0.1, nan, 0.2, 0.2};
  EXPECT_THROW(voronoi_heatmap_png(bad, v, ok, 0, 1, ""), std::invalid_argument);
  EXPECT_THROW(voronoi_heatmap_png(c, v, {"", "", "", 0, 1, nan, 1}, 0, 1, ""), std::invalid_argument);
  EXPECT_THROW(voronoi_heatmap_png(c, v, ok, -inf, 1, ""), std::invalid_argument);
}

// ------------------------------------------------------------------------------------------------ scatter

TEST(Scatter, PointsHaveTheirColoursAndPlaces) {
  const std::vector<double> xy{1.0, 1.0, 3.0, 3.0, 1.0, 3.0, 3.0, 1.0};
  const std::vector<double> values{10.0, 0.0, nan, 5.0};
  const Axes axes{"Novelty archive", "x", "y", 0.0, 4.0, 0.0, 4.0};
  const std::string png = scatter_png(xy, values, axes, 0.0, 10.0, "fitness");
  ASSERT_TRUE(has_png_signature(png));
  const Image img(png);
  const detail::MapLayout layout = detail::map_layout(axes, 0.0, 10.0, "fitness", 800);
  auto px = [&](double x, double y) {
    auto [u, v] = map_pixel(layout, axes, x, y);
    return img.at(u, v);
  };
  EXPECT_TRUE(near(px(1, 1), viridis(1.0)));
  EXPECT_TRUE(near(px(3, 3), viridis(0.0)));
  EXPECT_TRUE(is_grey(px(1, 3)));
  EXPECT_TRUE(near(px(3, 1), viridis(0.5)));
  EXPECT_TRUE(near(px(2.3, 1.7), Rgb{1, 1, 1}));  // background away from points and gridlines
}

TEST(Scatter, BadInputThrows) {
  const Axes ok{"", "", "", 0, 1, 0, 1};
  const std::vector<double> xy{0.1, 0.1, 0.2}, v{1.0, 2.0};
  EXPECT_THROW(scatter_png(xy, v, ok, 0, 1, ""), std::invalid_argument);
  EXPECT_THROW(scatter_png({}, {}, ok, 0, 1, ""), std::invalid_argument);
  const std::vector<double> xy2{0.1, 0.1, 0.2, 0.2};
  EXPECT_THROW(scatter_png(xy2, v, {"", "", "", 0, 0, 0, 1}, 0, 1, ""), std::invalid_argument);
}

// ------------------------------------------------------------------------------------------ line charts

TEST(LineChart, DrawsTheSeriesWhereItBelongs) {
  std::vector<Series> series(2);
  series[0] = {"flat", {0.0, 1.0}, {0.5, 0.5}};
  series[1] = {"rising", {0.0, 0.5, 1.0}, {0.0, 0.4, 0.8}};
  const Axes axes{"Progress", "evaluations", "score", 0.0, 1.0, 0.0, 1.0};
  const std::string png = line_chart_png(series, axes, 800, 500);
  ASSERT_TRUE(has_png_signature(png));
  const Image img(png);
  EXPECT_EQ(img.width(), 800);
  EXPECT_EQ(img.height(), 500);
  const double s = detail::ui_scale(800);
  const detail::ChartLayout layout = detail::chart_layout("test", "", {0, 0, 800, 500}, series, axes, s, 0.0);
  const detail::Rect& p = layout.plot;
  EXPECT_TRUE(near(img.at(p.x + 0.7 * p.w, p.y + 0.5 * p.h), detail::series_colour(0), 2));
  EXPECT_TRUE(near(img.at(p.x + 0.75 * p.w, p.y + (1 - 0.6) * p.h), detail::series_colour(1), 2));
}

TEST(LineChart, BoundsComeFromTheDataWhenNaNOrEqual) {
  std::vector<Series> series{{"", {0.0, 1e6, 2e6}, {3.0, 5.0, 4.0}}};
  const auto [lo, hi] = detail::chart_range("t", "", "x", nan, nan, series, true);
  EXPECT_LT(lo, 0.0);
  EXPECT_GT(lo, -0.1e6);
  EXPECT_GT(hi, 2e6);
  EXPECT_LT(hi, 2.1e6);
  const auto [ylo, yhi] = detail::chart_range("t", "", "y", 7.0, 7.0, series, false);
  EXPECT_LT(ylo, 3.0);
  EXPECT_GT(yhi, 5.0);
  const auto [zlo, zhi] = detail::chart_range("t", "", "y", 0.0, nan, series, false);
  EXPECT_EQ(zlo, 0.0);
  EXPECT_GT(zhi, 5.0);
  EXPECT_TRUE(has_png_signature(line_chart_png(series, {"", "", "", nan, nan, 1.0, 1.0}, 400, 250)));
  // A single point still gets a range.
  std::vector<Series> one{{"dot", {5.0}, {2.0}}};
  EXPECT_TRUE(has_png_signature(line_chart_png(one, {"", "", "", nan, nan, nan, nan})));
}

TEST(LineChart, BadInputThrows) {
  const Axes autos{"", "", "", nan, nan, nan, nan};
  std::vector<Series> mismatched{{"a", {0.0, 1.0}, {0.0}}};
  EXPECT_THROW(line_chart_png(mismatched, autos), std::invalid_argument);
  EXPECT_THROW(line_chart_png({}, autos), std::invalid_argument);
  std::vector<Series> empty{{"a", {}, {}}};
  EXPECT_THROW(line_chart_png(empty, autos), std::invalid_argument);
  std::vector<Series> all_nan{{"a", {nan, 1.0}, {1.0, nan}}};
  EXPECT_THROW(line_chart_png(all_nan, autos), std::invalid_argument);
  std::vector<Series> ok{{"a", {0.0, 1.0}, {0.0, 1.0}}};
  EXPECT_THROW(line_chart_png(ok, {"", "", "", 0.0, inf, nan, nan}), std::invalid_argument);
  EXPECT_THROW(line_chart_png(ok, {"", "", "", 1.0, 0.0, nan, nan}), std::invalid_argument);
  EXPECT_THROW(line_chart_png(ok, autos, 800, 5), std::invalid_argument);
}

TEST(StackedLineCharts, StacksChartsOfTheGivenHeight) {
  std::vector<std::pair<Axes, std::vector<Series>>> charts;
  charts.push_back(
      {{"QD score", "", "score", nan, nan, nan, nan}, {{"run", {0, 1e5, 2e5}, {0, 1e4, 1.5e4}}}});
  charts.push_back(
      {{"Coverage", "evaluations", "coverage", nan, nan, 0, 1}, {{"run", {0, 1e5, 2e5}, {0, .3, .4}}}});
  const std::string png = stacked_line_charts_png(charts, 700, 300);
  ASSERT_TRUE(has_png_signature(png));
  const Image img(png);
  EXPECT_EQ(img.width(), 700);
  EXPECT_EQ(img.height(), 600);
}

TEST(StackedLineCharts, BadInputThrows) {
  EXPECT_THROW(stacked_line_charts_png({}), std::invalid_argument);
  std::vector<std::pair<Axes, std::vector<Series>>> charts;
  charts.push_back({{"", "", "", nan, nan, nan, nan}, {{"a", {0, 1}, {0, 1}}}});
  charts.push_back({{"", "", "", nan, nan, nan, nan}, {{"b", {0, 1}, {0}}}});
  try {
    stacked_line_charts_png(charts);
    ADD_FAILURE() << "no exception";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("chart 1"), std::string::npos) << e.what();
  }
  charts.pop_back();
  charts.push_back({{"", "", "", nan, nan, nan, nan}, {}});
  EXPECT_THROW(stacked_line_charts_png(charts), std::invalid_argument);
}


// ----------------------------------------------------------------------------------------------- mazes

// Pixel position of maze point (x, y), from the documented layout (y up, 1:1).
std::pair<double, double> maze_pixel(const detail::MazeLayout& l, double x, double y) {
  return {l.plot.x + (x - l.view.x_min) / (l.view.x_max - l.view.x_min) * l.plot.w,
          l.plot.y + l.plot.h - (y - l.view.y_min) / (l.view.y_max - l.view.y_min) * l.plot.h};
}

// The pixel at maze point (x, y); a failure (and an impossible pixel) when that is outside the picture.
Pixel maze_at(const Image& img, const detail::MazeLayout& l, double x, double y) {
  auto [u, v] = maze_pixel(l, x, y);
  if (!(u >= 0 && v >= 0 && u < img.width() && v < img.height())) {
    ADD_FAILURE() << "maze point (" << x << ", " << y << ") is outside the picture, at pixel " << u << ", "
                  << v;
    return {-1000, -1000, -1000};
  }
  return img.at(u, v);
}

bool is_dark(Pixel p) { return p.r >= 0 && p.r < 80 && p.g >= 0 && p.g < 80 && p.b >= 0 && p.b < 80; }

// A square 100 x 100 box with one inner wall from (50, 0) to (50, 60).
MazeDrawing square_maze() {
  MazeDrawing d;
  d.walls = {0, 0, 100, 0, 100, 0, 100, 100, 100, 100, 0, 100, 0, 100, 0, 0, 50, 0, 50, 60};
  d.start_x = 20, d.start_y = 80;
  d.goal_x = 80, d.goal_y = 20;
  d.title = "Square maze";
  return d;
}

detail::MazeLayout single_layout(const MazeDrawing& d, int width) {
  return detail::maze_layouts("test", std::span<const MazeDrawing>(&d, 1), width, false).at(0);
}

TEST(PlotMaze, StartGoalAndWallsAreWhereTheyBelongWithYUp) {
  const MazeDrawing d = square_maze();
  const std::string png = maze_png(d);
  ASSERT_TRUE(has_png_signature(png));
  const Image img(png);
  const detail::MazeLayout l = single_layout(d, 800);
  EXPECT_EQ(img.width(), 800);
  EXPECT_EQ(img.height(), static_cast<int>(l.area.h));
  // Square maze, square plot, and one maze unit spans the same pixels across and up.
  EXPECT_NEAR(l.plot.w, l.plot.h, 1.0);
  EXPECT_NEAR(l.plot.w / (l.view.x_max - l.view.x_min), l.plot.h / (l.view.y_max - l.view.y_min), 1e-9);
  EXPECT_GT(l.plot.w, 500);  // the maze takes most of the picture
  EXPECT_LE(l.view.x_min, 0.0);
  EXPECT_GE(l.view.x_max, 100.0);
  EXPECT_LT(l.view.x_max - l.view.x_min, 110.0);  // a small margin only

  auto at = [&](double x, double y) { return maze_at(img, l, x, y); };
  EXPECT_TRUE(near(at(20, 80), detail::colour::maze_start, 2));
  EXPECT_TRUE(near(at(80, 20), detail::colour::maze_goal, 2));
  // Upside down would put them at the mirrored places.
  EXPECT_FALSE(near(at(20, 20), detail::colour::maze_start, 30));
  EXPECT_FALSE(near(at(80, 80), detail::colour::maze_goal, 30));
  // Inside the goal's circle (radius 5) but off the star: its faint fill.
  EXPECT_TRUE(near(at(80, 23.8), detail::mix(detail::colour::white, detail::colour::maze_goal, 0.10), 2));
  EXPECT_TRUE(near(at(80, 27), detail::colour::white, 0));  // outside the circle
  // Walls are dark: the inner one, and the outer box's sides.
  for (double y : {10.0, 30.0, 55.0}) EXPECT_TRUE(is_dark(at(50, y))) << "inner wall at y = " << y;
  EXPECT_TRUE(is_dark(at(0, 50)));
  EXPECT_TRUE(is_dark(at(100, 50)));
  EXPECT_TRUE(is_dark(at(50, 100)));
  EXPECT_FALSE(is_dark(at(50, 70)));  // past the inner wall's end
}

TEST(PlotMaze, WideMazeGivesAWidePictureAtOneToOne) {
  MazeDrawing d;
  d.walls = {0, 0, 200, 0, 200, 0, 200, 100, 200, 100, 0, 100, 0, 100, 0, 0};
  d.start_x = 10, d.start_y = 50;
  d.goal_x = 190, d.goal_y = 50;
  const Image img(maze_png(d, 800));
  const detail::MazeLayout l = single_layout(d, 800);
  EXPECT_EQ(img.width(), 800);
  EXPECT_EQ(img.height(), static_cast<int>(l.area.h));
  EXPECT_LT(img.height(), 0.7 * img.width());
  EXPECT_NEAR(l.plot.w / l.plot.h, 212.0 / 112.0, 0.01);  // 200 x 100 with a margin of 3% of 200
  EXPECT_NEAR(l.plot.w / (l.view.x_max - l.view.x_min), l.plot.h / (l.view.y_max - l.view.y_min), 1e-9);
  EXPECT_TRUE(near(maze_at(img, l, 10, 50), detail::colour::maze_start, 2));
  EXPECT_TRUE(near(maze_at(img, l, 190, 50), detail::colour::maze_goal, 2));
  EXPECT_TRUE(is_dark(maze_at(img, l, 100, 100)));

  // Odd proportions and widths keep exactly 1:1 too (the bounds absorb the rounding to whole pixels).
  for (const auto& [w, h] : {std::pair{137.0, 100.0}, {100.0, 37.0}, {61.0, 173.0}}) {
    for (int width : {517, 800, 1234}) {
      MazeDrawing odd;
      odd.walls = {0, 0, w, 0, w, 0, w, h};
      odd.start_x = 1, odd.start_y = 1;
      odd.goal_x = w / 2, odd.goal_y = h / 2;
      const detail::MazeLayout o = single_layout(odd, width);
      const double across = o.plot.w / (o.view.x_max - o.view.x_min);
      const double up = o.plot.h / (o.view.y_max - o.view.y_min);
      EXPECT_NEAR(across / up, 1.0, 1e-12) << w << " x " << h << " at " << width;
      EXPECT_EQ(o.plot.w, std::round(o.plot.w));
      EXPECT_EQ(o.plot.h, std::round(o.plot.h));
      EXPECT_LE(o.view.x_min, 0.0);
      EXPECT_GE(o.view.x_max, w);
      EXPECT_LE(o.view.y_min, 0.0);
      EXPECT_GE(o.view.y_max, h);
    }
  }

  // A tall maze keeps 1:1 too, and stays within a sensible height.
  MazeDrawing tall = d;
  tall.walls = {0, 0, 0, 300, 0, 300, 50, 300};
  const detail::MazeLayout t = single_layout(tall, 400);
  EXPECT_NEAR(t.plot.w / (t.view.x_max - t.view.x_min), t.plot.h / (t.view.y_max - t.view.y_min), 1e-9);
  EXPECT_LE(Image(maze_png(tall, 400)).height(), 700);
}

TEST(PlotMaze, PointsAreColouredByValueWithTheHighestOnTopAndThePathAboveThem) {
  MazeDrawing d = square_maze();
  d.points = {30, 30, 70, 60, 70, 60, 85, 85, 40, 60};
  d.point_values = {10.0, 0.0, 5.0, nan, 7.5};  // two points share (70, 60): 5 is drawn over 0
  d.value_label = "archive order";
  d.points_label = "archived end points (5)";
  d.path = {20, 80, 40, 80, 40, 40, 10, 40};
  d.path_label = "solution path";
  const Image img(maze_png(d, 800));
  const detail::MazeLayout l = single_layout(d, 800);
  EXPECT_TRUE(l.has_colourbar);
  EXPECT_DOUBLE_EQ(l.value_min, 0.0);
  EXPECT_DOUBLE_EQ(l.value_max, 10.0);
  EXPECT_EQ(img.height(), static_cast<int>(l.area.h));
  auto at = [&](double x, double y) { return maze_at(img, l, x, y); };
  using detail::colour::white;
  const double a = detail::maze_point_alpha;
  EXPECT_TRUE(near(at(30, 30), detail::mix(white, viridis(1.0), a), 2));
  // Two semi-transparent dots over each other: value 0 first, then 0.5 over it.
  EXPECT_TRUE(near(at(70, 60), detail::mix(detail::mix(white, viridis(0.0), a), viridis(0.5), a), 2));
  EXPECT_TRUE(near(at(85, 85), detail::mix(white, detail::colour::unrated, a), 2));
  // The path is drawn over the point at (40, 60).
  EXPECT_TRUE(near(at(40, 60), detail::colour::maze_path, 2));
  EXPECT_TRUE(near(at(30, 80), detail::colour::maze_path, 2));
  // The start marker is above the path's first point.
  EXPECT_TRUE(near(at(20, 80), detail::colour::maze_start, 2));
  // Colourbar: max at the top, min at the bottom.
  const detail::Rect& bar = l.colourbar;
  EXPECT_GT(bar.x, l.plot.x + l.plot.w);
  EXPECT_TRUE(near(img.at(bar.x + bar.w / 2, bar.y + 0.5), viridis(1.0), 2));
  EXPECT_TRUE(near(img.at(bar.x + bar.w / 2, bar.y + bar.h - 0.5), viridis(0.0), 2));

  // Without values: one colour, no colourbar, and the same maze takes more width.
  d.point_values.clear();
  const Image plain(maze_png(d, 800));
  const detail::MazeLayout m = single_layout(d, 800);
  EXPECT_FALSE(m.has_colourbar);
  EXPECT_GT(m.plot.w, l.plot.w);
  EXPECT_TRUE(near(maze_at(plain, m, 30, 30), detail::mix(white, detail::colour::maze_point, a), 2));

  // Given bounds replace the data's: 10 is now the middle of the scale.
  d.point_values = {10.0, 0.0, 5.0, nan, 7.5};
  d.value_min = 0.0;
  d.value_max = 20.0;
  const Image bounded(maze_png(d, 800));
  EXPECT_TRUE(near(maze_at(bounded, single_layout(d, 800), 30, 30), detail::mix(white, viridis(0.5), a), 2));
}

TEST(PlotMaze, LegendHidesPointsRatherThanAWallThePathOrAMarker) {
  // Dense end points everywhere but three holes: one crossed by a wall, one by the path, one holding the
  // start. The holes hide the fewest pixels, but the legend must go over points instead.
  MazeDrawing d = square_maze();
  d.walls = {0, 0, 100, 0, 100, 0, 100, 100, 100, 100, 0, 100, 0, 100, 0, 0, 5, 87, 45, 87};
  d.path = {55, 87, 95, 87};
  d.start_x = 50, d.start_y = 48;
  auto in_hole = [](double x, double y) {
    return (y >= 80 && y <= 94 && ((x >= 5 && x <= 45) || (x >= 55 && x <= 95))) ||
           (x >= 38 && x <= 62 && y >= 40 && y <= 56);
  };
  for (double x = 1; x < 100; x += 1) {
    for (double y = 1; y < 100; y += 1) {
      if (!in_hole(x, y)) d.points.insert(d.points.end(), {x, y});
    }
  }
  const Image img(maze_png(d, 800));
  const detail::MazeLayout l = single_layout(d, 800);
  auto at = [&](double x, double y) { return maze_at(img, l, x, y); };
  for (double x = 7; x <= 43; x += 2) EXPECT_TRUE(is_dark(at(x, 87))) << "wall at x = " << x;
  for (double x = 57; x <= 93; x += 2) {
    EXPECT_TRUE(near(at(x, 87), detail::colour::maze_path, 2)) << "path at x = " << x;
  }
  EXPECT_TRUE(near(at(50, 48), detail::colour::maze_start, 2));
  EXPECT_TRUE(near(at(80, 20), detail::colour::maze_goal, 2));
}

TEST(PlotMaze, WithoutWallsThePointsFrameThePicture) {
  MazeDrawing d;
  d.start_x = 0, d.start_y = 0;
  d.goal_x = 10, d.goal_y = 0;
  d.goal_radius = 0;
  d.points = {500, 250, 250, 500};
  const Image img(maze_png(d, 500));
  const detail::MazeLayout l = single_layout(d, 500);
  EXPECT_GE(l.view.x_max, 500);
  EXPECT_GE(l.view.y_max, 500);
  const Rgb dot = detail::mix(detail::colour::white, detail::colour::maze_point, detail::maze_point_alpha);
  EXPECT_TRUE(near(maze_at(img, l, 500, 250), dot, 2));
}

TEST(PlotMaze, PanelsSitSideBySideAtOneScale) {
  std::vector<MazeDrawing> panels(3, square_maze());
  panels[0].title = "novelty";
  panels[0].points = {30, 30};
  panels[0].point_values = {1.0};
  panels[0].value_label = "order";
  panels[1].title = "fitness";
  panels[2].title = "random";
  panels[2].start_x = 30;  // a different start, to tell panels apart
  const std::string png = maze_panels_png(panels, 400);
  ASSERT_TRUE(has_png_signature(png));
  const Image img(png);
  const std::vector<detail::MazeLayout> ls = detail::maze_layouts("test", panels, 400, true);
  ASSERT_EQ(ls.size(), 3u);
  EXPECT_EQ(img.width(), 1200);
  EXPECT_EQ(img.height(), static_cast<int>(ls[0].area.h));
  for (std::size_t i = 0; i < 3; ++i) {
    EXPECT_DOUBLE_EQ(ls[i].area.x, 400.0 * static_cast<double>(i));
    EXPECT_GE(ls[i].plot.x, ls[i].area.x);
    EXPECT_LE(ls[i].plot.x + ls[i].plot.w, ls[i].area.x + 400);
    EXPECT_DOUBLE_EQ(ls[i].plot.w, ls[0].plot.w);  // same maze, same scale, colourbar or not
    EXPECT_DOUBLE_EQ(ls[i].plot.y, ls[0].plot.y);
    const Pixel start = maze_at(img, ls[i], panels[i].start_x, panels[i].start_y);
    EXPECT_TRUE(near(start, detail::colour::maze_start, 2)) << "panel " << i;
    EXPECT_TRUE(near(maze_at(img, ls[i], 80, 20), detail::colour::maze_goal, 2)) << "panel " << i;
    EXPECT_TRUE(is_dark(maze_at(img, ls[i], 50, 30))) << "panel " << i;
  }
  // Where the other panels' start is.
  EXPECT_FALSE(near(maze_at(img, ls[2], 20, 80), detail::colour::maze_start, 30));
  EXPECT_TRUE(ls[0].has_colourbar);
  EXPECT_FALSE(ls[1].has_colourbar);
  // One panel is the single picture.
  EXPECT_EQ(maze_panels_png(std::span<const MazeDrawing>(panels.data(), 1), 450), maze_png(panels[0], 450));
}

TEST(PlotMaze, ChainJoinsTheStonesLightToDarkAbovePointsAndBelowThePath) {
  MazeDrawing d = square_maze();
  d.points = {10, 50};        // under the oldest stone
  d.path = {25, 45, 35, 45};  // across the chain's second segment
  const std::string before = maze_png(d);
  d.chain_label = "lineage";  // a label without a chain draws nothing
  EXPECT_EQ(maze_png(d), before);

  d.chain = {10, 50, nan, 70, 30, 50, 30, 30};  // the non-finite stone is skipped
  const Image plain(before), img(maze_png(d));
  const detail::MazeLayout l = single_layout(d, 800);
  auto at = [&](const Image& i, double x, double y) { return maze_at(i, l, x, y); };
  // A thin dark line joins (10, 50) to (30, 50) and on to (30, 30).
  for (const auto& [x, y] : {std::pair{20.0, 50.0}, {30.0, 38.0}}) {
    EXPECT_TRUE(near(at(plain, x, y), detail::colour::white, 0)) << x << ", " << y;
    const Pixel p = at(img, x, y);
    EXPECT_TRUE(p.r < 150 && p.g < 150 && p.b < 150)
        << x << ", " << y << ": " << p.r << "," << p.g << "," << p.b;
  }
  // Stones shade from light (oldest, drawn over the end point) to dark (newest).
  using detail::colour::chain_new, detail::colour::chain_old;
  EXPECT_TRUE(near(at(img, 10, 50), chain_old, 2));
  EXPECT_TRUE(near(at(img, 30, 50), detail::mix(chain_old, chain_new, 0.5), 2));
  EXPECT_TRUE(near(at(img, 30, 30), chain_new, 2));
  // The newest is bigger: 4.6 pixels below its centre is still its fill, but not below the oldest's.
  auto below = [&](double x, double y) {
    auto [u, v] = maze_pixel(l, x, y);
    return img.at(u, v + 4.6);
  };
  EXPECT_TRUE(near(below(30, 30), chain_new, 2));
  EXPECT_FALSE(near(below(10, 50), chain_old, 10));
  // The path is drawn over the chain.
  EXPECT_TRUE(near(at(img, 30, 45), detail::colour::maze_path, 2));
  EXPECT_TRUE(near(at(img, 20, 80), detail::colour::maze_start, 2));
}

TEST(PlotMaze, WithoutWallsTheChainFramesThePicture) {
  MazeDrawing d;
  d.start_x = 0, d.start_y = 0;
  d.goal_x = 10, d.goal_y = 0;
  d.goal_radius = 0;
  d.chain = {400, 200, 200, 400};
  const Image img(maze_png(d, 500));
  const detail::MazeLayout l = single_layout(d, 500);
  EXPECT_GE(l.view.x_max, 400);
  EXPECT_GE(l.view.y_max, 400);
  EXPECT_TRUE(near(maze_at(img, l, 200, 400), detail::colour::chain_new, 2));
}

TEST(PlotMaze, BadInputThrows) {
  auto expect_throw = [](const MazeDrawing& d, const std::string& words) {
    try {
      maze_png(d);
      ADD_FAILURE() << "no exception for " << words;
    } catch (const std::invalid_argument& e) {
      const std::string what = e.what();
      EXPECT_NE(what.find("pond::plot::maze_png: "), std::string::npos) << what;
      EXPECT_NE(what.find(words), std::string::npos) << what;
    }
  };
  const MazeDrawing ok = square_maze();
  EXPECT_NO_THROW(maze_png(ok));
  MazeDrawing d = ok;
  d.walls.push_back(1.0);
  expect_throw(d, "4 per wall");
  d = ok;
  d.walls[5] = nan;
  expect_throw(d, "wall 1 has a non-finite");
  d = ok;
  d.points = {1, 2, 3};
  expect_throw(d, "points has 3 numbers");
  d = ok;
  d.path = {1, 2, 3, 4, 5};
  expect_throw(d, "path has 5 numbers");
  d = ok;
  d.chain = {1, 2, 3};
  expect_throw(d, "chain has 3 numbers");
  d = ok;
  d.chain = {1, nan, inf, 4};  // non-finite stones are skipped, not refused
  EXPECT_NO_THROW(maze_png(d));
  d = ok;
  d.points = {1, 2, 3, 4};
  d.point_values = {1, 2, 3};
  expect_throw(d, "point_values has 3 values for 2 points");
  d = ok;
  d.start_x = nan;
  expect_throw(d, "start must be finite");
  d = ok;
  d.goal_y = inf;
  expect_throw(d, "goal must be finite");
  d = ok;
  d.goal_radius = -1;
  expect_throw(d, "goal_radius");
  d = ok;
  d.walls.clear();
  expect_throw(d, "nothing to frame");
  d = ok;
  d.value_min = 2;
  d.value_max = 1;
  expect_throw(d, "value_min must not exceed value_max");
  d = ok;
  d.value_max = inf;
  expect_throw(d, "value bounds");
  EXPECT_THROW(maze_png(ok, 10), std::invalid_argument);
  EXPECT_THROW(maze_png(ok, 20000), std::invalid_argument);

  // Panels: none, too wide in all, and a bad one named by its index.
  EXPECT_THROW(maze_panels_png({}), std::invalid_argument);
  std::vector<MazeDrawing> many(21, ok);
  EXPECT_THROW(maze_panels_png(many, 500), std::invalid_argument);
  std::vector<MazeDrawing> panels{ok, ok, ok};
  panels[2].path = {1.0};
  try {
    maze_panels_png(panels);
    ADD_FAILURE() << "no exception";
  } catch (const std::invalid_argument& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("pond::plot::maze_panels_png: panel 2: path"), std::string::npos) << what;
  }
  EXPECT_THROW(maze_panels_png(panels, 100), std::invalid_argument);
}

}  // namespace
