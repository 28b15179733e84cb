// Pictures of deceptive maze experiments: walls, start, goal, robot end points, a lineage of stepping
// stones and a trajectory.

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <limits>
#include <numbers>
#include <numeric>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

#include "canvas.hpp"
#include "layout.hpp"
#include "pond/plot/plot.hpp"

namespace pond::plot {
namespace detail {
namespace {

constexpr double pi = std::numbers::pi;

// Maze bounds to show and the colour scale of one panel, after checking its data.
struct Checked {
  double x_min, x_max, y_min, y_max;
  double value_min, value_max;
};

// Grows a box to hold (x, y).
struct Box {
  double x_min = std::numeric_limits<double>::infinity(), x_max = -x_min, y_min = x_min, y_max = -x_min;
  void add(double x, double y) {
    x_min = std::min(x_min, x);
    x_max = std::max(x_max, x);
    y_min = std::min(y_min, y);
    y_max = std::max(y_max, y);
  }
};

std::string num(double v) { return std::to_string(v); }

Checked check_drawing(const char* fn, const std::string& where, const MazeDrawing& d) {
  auto fail = [&](const std::string& msg) { throw std::invalid_argument(message(fn, where + msg)); };
  if (d.walls.size() % 4 != 0) {
    fail("walls has " + std::to_string(d.walls.size()) + " numbers, expected 4 per wall (x1, y1, x2, y2)");
  }
  for (std::size_t i = 0; i < d.walls.size(); ++i) {
    if (!std::isfinite(d.walls[i])) fail("wall " + std::to_string(i / 4) + " has a non-finite coordinate");
  }
  if (d.points.size() % 2 != 0) {
    fail("points has " + std::to_string(d.points.size()) + " numbers, expected 2 per point (x, y)");
  }
  if (d.path.size() % 2 != 0) {
    fail("path has " + std::to_string(d.path.size()) + " numbers, expected 2 per point (x, y)");
  }
  if (d.chain.size() % 2 != 0) {
    fail("chain has " + std::to_string(d.chain.size()) + " numbers, expected 2 per stone (x, y)");
  }
  if (!d.point_values.empty() && d.point_values.size() != d.points.size() / 2) {
    fail("point_values has " + std::to_string(d.point_values.size()) + " values for " +
         std::to_string(d.points.size() / 2) + " points (give one per point, or none)");
  }
  if (!std::isfinite(d.start_x) || !std::isfinite(d.start_y)) {
    fail("the start must be finite, got (" + num(d.start_x) + ", " + num(d.start_y) + ")");
  }
  if (!std::isfinite(d.goal_x) || !std::isfinite(d.goal_y)) {
    fail("the goal must be finite, got (" + num(d.goal_x) + ", " + num(d.goal_y) + ")");
  }
  if (!std::isfinite(d.goal_radius) || d.goal_radius < 0) {
    fail("goal_radius must be finite and >= 0, got " + num(d.goal_radius));
  }
  if (d.walls.empty() && d.points.empty() && d.path.empty() && d.chain.empty()) {
    fail("nothing to frame the picture: no walls, no points, no path and no chain");
  }
  if (std::isinf(d.value_min) || std::isinf(d.value_max)) {
    fail("value bounds must be finite or NaN, got " + num(d.value_min) + ".." + num(d.value_max));
  }
  if (d.value_min > d.value_max) {
    fail("value_min must not exceed value_max, got " + num(d.value_min) + " > " + num(d.value_max));
  }

  Checked out{};
  Box box;
  for (std::size_t i = 0; i < d.walls.size(); i += 2) box.add(d.walls[i], d.walls[i + 1]);
  box.add(d.start_x, d.start_y);
  box.add(d.goal_x - d.goal_radius, d.goal_y - d.goal_radius);
  box.add(d.goal_x + d.goal_radius, d.goal_y + d.goal_radius);
  if (d.walls.empty()) {
    for (const std::vector<double>* xy : {&d.points, &d.path, &d.chain}) {
      for (std::size_t i = 0; i < xy->size(); i += 2) {
        if (std::isfinite((*xy)[i]) && std::isfinite((*xy)[i + 1])) box.add((*xy)[i], (*xy)[i + 1]);
      }
    }
  }
  const double extent = std::max(box.x_max - box.x_min, box.y_max - box.y_min);
  const double margin = extent > 0 ? 0.03 * extent : 0.5;
  out.x_min = box.x_min - margin;
  out.x_max = box.x_max + margin;
  out.y_min = box.y_min - margin;
  out.y_max = box.y_max + margin;
  if (!std::isfinite(out.x_max - out.x_min) || !std::isfinite(out.y_max - out.y_min)) {
    fail("the maze's coordinates are too large to draw");
  }

  // Colour scale: given bounds, else the finite values' range; equal bounds widened as for maps.
  double lo = std::numeric_limits<double>::infinity(), hi = -lo;
  for (double v : d.point_values) {
    if (std::isfinite(v)) lo = std::min(lo, v), hi = std::max(hi, v);
  }
  if (lo > hi) lo = 0.0, hi = 1.0;
  double vmin = std::isnan(d.value_min) ? lo : d.value_min;
  double vmax = std::isnan(d.value_max) ? hi : d.value_max;
  if (vmin > vmax) {  // one bound given, beyond the data's other end
    if (std::isnan(d.value_min)) {
      vmin = vmax;
    } else {
      vmax = vmin;
    }
  }
  if (vmin == vmax) {
    const double half = vmin == 0.0 ? 0.5 : std::abs(vmin) * 0.05;
    vmin -= half;
    vmax += half;
  }
  out.value_min = vmin;
  out.value_max = vmax;
  return out;
}

}  // namespace

std::vector<MazeLayout> maze_layouts(const char* fn, std::span<const MazeDrawing> panels, int panel_width_px,
                                     bool name_panels) {
  check_size(fn, name_panels ? "panel_width_px" : "width_px", panel_width_px);
  if (panels.empty()) throw std::invalid_argument(message(fn, "no panels to draw"));
  const long total = static_cast<long>(panel_width_px) * static_cast<long>(panels.size());
  if (total > max_size_px) {
    throw std::invalid_argument(message(fn, "the picture would be " + std::to_string(total) +
                                                " pixels wide, more than " + std::to_string(max_size_px)));
  }
  const std::size_t n = panels.size();
  std::vector<Checked> checked;
  for (std::size_t i = 0; i < n; ++i) {
    checked.push_back(
        check_drawing(fn, name_panels ? "panel " + std::to_string(i) + ": " : std::string(), panels[i]));
  }

  const double width = panel_width_px;
  const double s = ui_scale(panel_width_px);
  const double pad = 12 * s, tick_len = 5 * s, gap = 5 * s;
  const double label_band = font::label * s * 1.25;
  const double bar_gap = std::round(22 * s), bar_w = std::round(18 * s);
  const double lw = std::max(1.0, std::round(s));
  bool any_title = false, any_bar = false;
  for (const MazeDrawing& d : panels) {
    any_title = any_title || !d.title.empty();
    any_bar = any_bar || !d.point_values.empty();
  }
  const double top = std::round(pad + (any_title ? font::title * s * 1.25 + 10 * s : 0));
  const double bottom = std::round(lw + tick_len + gap + font::tick * s * 0.9 + pad + 4 * s);
  const double max_plot_h = std::round(1.25 * width), min_plot_h = std::round(40 * s);

  Canvas scratch(1, 1);
  cairo_t* cr = scratch.cr();
  set_font(cr, font::tick * s);

  std::vector<MazeLayout> out(n);
  for (std::size_t i = 0; i < n; ++i) {
    MazeLayout& l = out[i];
    const Checked& c = checked[i];
    l.area = {static_cast<double>(i) * width, 0, width, 0};
    l.scale = s;
    l.view = {panels[i].title, "", "", c.x_min, c.x_max, c.y_min, c.y_max};
    l.has_colourbar = !panels[i].point_values.empty();
    l.value_min = c.value_min;
    l.value_max = c.value_max;
  }

  // Margins depend on tick labels, whose number depends on the plot's height: guess the heights, lay
  // out, then lay out again with ticks for the heights found. All panels take the widest margins.
  std::vector<double> plot_h(n, width - 160 * s);
  for (int pass = 0; pass < 2; ++pass) {
    double left = 0.0, right = pad;
    for (std::size_t i = 0; i < n; ++i) {
      MazeLayout& l = out[i];
      const double h = std::max(plot_h[i], min_plot_h);
      l.y_ticks = nice_ticks(l.view.y_min, l.view.y_max, tick_target(h, 60 * s));
      left = std::max(left, std::round(pad + widest_tick_label(cr, l.y_ticks) + tick_len + gap + lw));
      if (l.has_colourbar) {
        l.value_ticks = nice_ticks(l.value_min, l.value_max, tick_target(h, 60 * s));
        const double label = panels[i].value_label.empty() ? 0 : 8 * s + label_band;
        const double tick_text = widest_tick_label(cr, l.value_ticks);
        right = std::max(right, bar_gap + bar_w + tick_len + gap + tick_text + label + pad);
      }
    }
    if (!any_bar) right = std::max(right, 2 * pad);  // room for the last x tick label's overhang
    for (std::size_t i = 0; i < n; ++i) {
      MazeLayout& l = out[i];
      const Checked& c = checked[i];
      const double aspect = (c.y_max - c.y_min) / (c.x_max - c.x_min);
      double w = std::floor(std::max(40.0, width - left - right));
      double h = std::round(w * aspect);
      if (h > max_plot_h) {  // tall: shrink the plot and centre it
        h = max_plot_h;
        w = std::max(1.0, std::round(h / aspect));
      }
      h = std::max(h, min_plot_h);
      plot_h[i] = h;
      const double x0 = l.area.x + std::round(left + std::max(0.0, (width - left - right - w) / 2));
      l.plot = {x0, top, w, h};
      l.colourbar = {x0 + w + bar_gap, top, bar_w, h};
    }
  }

  // Exactly 1:1: widen the bounds on one axis so one unit spans the same pixels across and up.
  double height = 0.0;
  for (std::size_t i = 0; i < n; ++i) {
    MazeLayout& l = out[i];
    const Checked& c = checked[i];
    const double unit = std::max((c.x_max - c.x_min) / l.plot.w, (c.y_max - c.y_min) / l.plot.h);
    const double cx = (c.x_min + c.x_max) / 2, cy = (c.y_min + c.y_max) / 2;
    l.view.x_min = cx - unit * l.plot.w / 2;
    l.view.x_max = cx + unit * l.plot.w / 2;
    l.view.y_min = cy - unit * l.plot.h / 2;
    l.view.y_max = cy + unit * l.plot.h / 2;
    l.x_ticks = nice_ticks(l.view.x_min, l.view.x_max, tick_target(l.plot.w, 80 * s));
    l.y_ticks = nice_ticks(l.view.y_min, l.view.y_max, tick_target(l.plot.h, 60 * s));
    if (!l.has_colourbar) l.value_ticks.clear();
    height = std::max(height, top + l.plot.h + bottom);
  }
  for (MazeLayout& l : out) l.area.h = height;
  return out;
}

namespace {

// Maps maze coordinates to pixels of one panel.
struct ToPixel {
  const MazeLayout& l;
  double x(double v) const {
    return l.plot.x + (v - l.view.x_min) / (l.view.x_max - l.view.x_min) * l.plot.w;
  }
  double y(double v) const {
    return l.plot.y + l.plot.h - (v - l.view.y_min) / (l.view.y_max - l.view.y_min) * l.plot.h;
  }
  double unit() const { return l.plot.w / (l.view.x_max - l.view.x_min); }
};

// Marker sizes, in pixels at scale 1.
constexpr double start_radius = 7.0;
constexpr double goal_outer = 10.0, goal_inner = 4.4;

void disc_path(cairo_t* cr, double x, double y, double r) {
  cairo_new_sub_path(cr);
  cairo_arc(cr, x, y, r, 0.0, 2 * pi);
}

void star_path(cairo_t* cr, double x, double y, double outer, double inner) {
  cairo_new_sub_path(cr);
  for (int k = 0; k < 10; ++k) {
    const double r = k % 2 == 0 ? outer : inner;
    const double a = -pi / 2 + k * pi / 5;
    if (k == 0) {
      cairo_move_to(cr, x + r * std::cos(a), y + r * std::sin(a));
    } else {
      cairo_line_to(cr, x + r * std::cos(a), y + r * std::sin(a));
    }
  }
  cairo_close_path(cr);
}

void draw_start(cairo_t* cr, double x, double y, double s) {
  disc_path(cr, x, y, start_radius * s);
  set_colour(cr, colour::maze_start);
  cairo_fill_preserve(cr);
  cairo_set_line_width(cr, 1.6 * s);
  set_colour(cr, colour::white);
  cairo_stroke(cr);
}

void draw_goal(cairo_t* cr, double x, double y, double s) {
  star_path(cr, x, y, goal_outer * s, goal_inner * s);
  set_colour(cr, colour::maze_goal);
  cairo_fill_preserve(cr);
  cairo_set_line_width(cr, 1.4 * s);
  cairo_set_line_join(cr, CAIRO_LINE_JOIN_MITER);
  set_colour(cr, colour::white);
  cairo_stroke(cr);
}

// Strokes the path's runs of finite points (a halo first, then the line).
void draw_path(cairo_t* cr, const ToPixel& to, const std::vector<double>& path, double s) {
  std::vector<std::vector<std::pair<double, double>>> runs(1);
  for (std::size_t i = 0; i < path.size(); i += 2) {
    if (std::isfinite(path[i]) && std::isfinite(path[i + 1])) {
      runs.back().emplace_back(to.x(path[i]), to.y(path[i + 1]));
    } else if (!runs.back().empty()) {
      runs.emplace_back();
    }
  }
  cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
  for (int layer = 0; layer < 2; ++layer) {
    for (const auto& run : runs) {
      if (run.empty()) continue;
      cairo_move_to(cr, run[0].first, run[0].second);
      for (const auto& [x, y] : run) cairo_line_to(cr, x, y);
    }
    if (layer == 0) {
      cairo_set_line_width(cr, 5.4 * s);
      set_colour(cr, colour::white, 0.85);
    } else {
      cairo_set_line_width(cr, 2.6 * s);
      set_colour(cr, colour::maze_path);
    }
    cairo_stroke(cr);
  }
}

// Marker sizes of a lineage's stepping stones: at most `stone_radius`, the newest `newest_extra` more.
constexpr double stone_radius = 4.2, newest_extra = 2.6;

// One stepping stone: a disc shaded from light (t = 0, oldest) to dark (t = 1, newest) with a dark edge.
void draw_stone(cairo_t* cr, double x, double y, double r, double t, double s) {
  disc_path(cr, x, y, r);
  set_colour(cr, mix(colour::chain_old, colour::chain_new, t));
  cairo_fill_preserve(cr);
  cairo_set_line_width(cr, 1.1 * s);
  set_colour(cr, colour::chain_line);
  cairo_stroke(cr);
}

// The lineage: a thin dark line through the finite stones in order, then the stones over it, the newest
// (the elite's) bigger and drawn last so that nothing hides it.
void draw_chain(cairo_t* cr, const ToPixel& to, const std::vector<double>& chain, double s) {
  Polyline stones;
  for (std::size_t i = 0; i < chain.size(); i += 2) {
    if (std::isfinite(chain[i]) && std::isfinite(chain[i + 1])) {
      stones.emplace_back(to.x(chain[i]), to.y(chain[i + 1]));
    }
  }
  if (stones.empty()) return;
  cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_line_width(cr, 1.3 * s);
  set_colour(cr, colour::chain_line);
  cairo_move_to(cr, stones[0].first, stones[0].second);
  for (const auto& [x, y] : stones) cairo_line_to(cr, x, y);
  cairo_stroke(cr);
  const double r = marker_radius(stones, 2.2 * s, stone_radius * s);
  const std::size_t n = stones.size();
  for (std::size_t k = 0; k < n; ++k) {
    const double t = n == 1 ? 1.0 : static_cast<double>(k) / static_cast<double>(n - 1);
    draw_stone(cr, stones[k].first, stones[k].second, k + 1 == n ? r + newest_extra * s : r, t, s);
  }
}

// What covering each pixel of the plot would hide, summed over rectangles: 1 for a drawn (not white)
// pixel, 25 for one of a wall or the chain's line (dark) or of the path (orange), which matter more than
// single end points.
class HiddenCost {
 public:
  HiddenCost(Canvas& canvas, const Rect& plot)
      : x0_(static_cast<int>(plot.x)),
        y0_(static_cast<int>(plot.y)),
        w_(static_cast<int>(plot.w)),
        h_(static_cast<int>(plot.h)),
        sum_(static_cast<std::size_t>(w_ + 1) * static_cast<std::size_t>(h_ + 1)) {
    for (int y = 0; y < h_; ++y) {
      const std::uint32_t* row = canvas.row(y0_ + y) + x0_;
      double line = 0;
      for (int x = 0; x < w_; ++x) {
        const int r = static_cast<int>((row[x] >> 16) & 0xffu), g = static_cast<int>((row[x] >> 8) & 0xffu),
                  b = static_cast<int>(row[x] & 0xffu);
        if (r < 250 || g < 250 || b < 250) {
          const bool dark = std::max({r, g, b}) < 90;
          const bool orange = r > 200 && g > 80 && g < 170 && b < 80;
          line += dark || orange ? 25 : 1;
        }
        at(x + 1, y + 1) = at(x + 1, y) + line;
      }
    }
  }

  /// Cost of the pixels of `r` (in picture pixels, clipped to the plot).
  double of(const Rect& r) const {
    const int xa = std::clamp(static_cast<int>(std::floor(r.x)) - x0_, 0, w_);
    const int ya = std::clamp(static_cast<int>(std::floor(r.y)) - y0_, 0, h_);
    const int xb = std::clamp(static_cast<int>(std::ceil(r.x + r.w)) - x0_, 0, w_);
    const int yb = std::clamp(static_cast<int>(std::ceil(r.y + r.h)) - y0_, 0, h_);
    return at(xb, yb) - at(xa, yb) - at(xb, ya) + at(xa, ya);
  }

 private:
  double& at(int x, int y) {
    return sum_[static_cast<std::size_t>(y) * static_cast<std::size_t>(w_ + 1) + static_cast<std::size_t>(x)];
  }
  double at(int x, int y) const {
    return sum_[static_cast<std::size_t>(y) * static_cast<std::size_t>(w_ + 1) + static_cast<std::size_t>(x)];
  }
  int x0_, y0_, w_, h_;
  std::vector<double> sum_;  // sum_[y][x]: cost of the pixels above and left of (x, y)
};

bool overlaps_disc(const Rect& r, double cx, double cy, double radius) {
  const double nx = std::clamp(cx, r.x, r.x + r.w), ny = std::clamp(cy, r.y, r.y + r.h);
  return std::hypot(cx - nx, cy - ny) < radius;
}

enum class Sample { start, goal, points, chain, path };

struct Entry {
  Sample sample;
  std::string text;
};

// Draws the legend inside the plot where it hides the least (see `hidden`) and neither marker.
void draw_maze_legend(Canvas& canvas, const MazeLayout& l, const MazeDrawing& d, const ToPixel& to,
                      Rgb point_colour) {
  cairo_t* cr = canvas.cr();
  std::vector<Entry> entries{{Sample::start, d.start_label.empty() ? "start" : d.start_label},
                             {Sample::goal, d.goal_label.empty() ? "goal" : d.goal_label}};
  if (!d.points.empty()) {
    entries.push_back({Sample::points, d.points_label.empty() ? "end points" : d.points_label});
  }
  if (!d.chain.empty()) {
    entries.push_back({Sample::chain, d.chain_label.empty() ? "stepping stones" : d.chain_label});
  }
  if (!d.path.empty()) entries.push_back({Sample::path, d.path_label.empty() ? "path" : d.path_label});

  // The legend's size is proportional to its scale: shrink it to fit a small plot.
  const Rect& p = l.plot;
  const double inset = 8 * l.scale;
  auto size_at = [&](double scale) {
    set_font(cr, font::tick * scale);
    double widest_text = 0.0;
    for (const Entry& e : entries) widest_text = std::max(widest_text, text_width(cr, e.text));
    return std::pair{(8 + 24 + 8 + 8) * scale + widest_text,
                     (8 + 20 * static_cast<double>(entries.size()) + 4) * scale};
  };
  const auto [full_w, full_h] = size_at(l.scale);
  const double fit = std::min({1.0, (p.w - 2 * inset) / full_w, (p.h - 2 * inset) / full_h});
  const double s = l.scale * std::max(fit, 0.1);
  const double text_size = font::tick * s, row_h = 20 * s, inner = 8 * s, sample_w = 24 * s;
  const auto [w, h] = size_at(s);

  // Every position on a fine grid: what the box would hide, plus a tenth per pixel away from the plot's
  // nearest edge and a little per pixel away from a corner, so that among places hiding about as much,
  // edges and corners win (one end point weighs as much as ~500 pixels of distance). Never over a marker.
  const HiddenCost cost(canvas, p);
  const double x_lo = p.x + inset, x_hi = std::max(x_lo, p.x + p.w - inset - w);
  const double y_lo = p.y + inset, y_hi = std::max(y_lo, p.y + p.h - inset - h);
  const double step = 3.0;
  const double keep_clear = (goal_outer + 4) * l.scale;
  Rect box{x_lo, y_lo, w, h};
  double best = std::numeric_limits<double>::infinity();
  for (double y = y_lo;; y = std::min(y + step, y_hi)) {
    for (double x = x_lo;; x = std::min(x + step, x_hi)) {
      const Rect r{x, y, w, h};
      const double dx = std::min(x - x_lo, x_hi - x), dy = std::min(y - y_lo, y_hi - y);
      double c = cost.of(r) + 0.1 * std::min(dx, dy) + 0.02 * (dx + dy);
      if (overlaps_disc(r, to.x(d.start_x), to.y(d.start_y), keep_clear) ||
          overlaps_disc(r, to.x(d.goal_x), to.y(d.goal_y), keep_clear)) {
        c += 1e12;
      }
      if (c < best) best = c, box = r;
      if (x >= x_hi) break;
    }
    if (y >= y_hi) break;
  }

  draw_legend_box(cr, box, s);

  for (std::size_t row = 0; row < entries.size(); ++row) {
    const double y = box.y + inner + row_h * (static_cast<double>(row) + 0.5) - 2 * s;
    const double cx = box.x + inner + sample_w / 2;
    switch (entries[row].sample) {
      case Sample::start:
      case Sample::goal:
        cairo_save(cr);
        cairo_translate(cr, cx, y);
        cairo_scale(cr, 0.8, 0.8);
        (entries[row].sample == Sample::start ? draw_start : draw_goal)(cr, 0, 0, s);
        cairo_restore(cr);
        break;
      case Sample::points:
        if (d.point_values.empty()) {
          for (int k = -1; k <= 1; ++k) {
            disc_path(cr, cx + k * 6.5 * s, y + (k == 0 ? -2.0 : 2.0) * s, 3.2 * s);
            set_colour(cr, point_colour, maze_point_alpha);
            cairo_fill(cr);
          }
        } else {
          for (int k = -1; k <= 1; ++k) {
            disc_path(cr, cx + k * 6.5 * s, y + (k == 0 ? -2.0 : 2.0) * s, 3.2 * s);
            set_colour(cr, viridis(0.5 + 0.4 * k));
            cairo_fill(cr);
          }
        }
        break;
      case Sample::chain: {
        // Three stones, oldest to newest, on a short line.
        const double x0 = box.x + inner + 3 * s, x1 = box.x + inner + sample_w - 4 * s;
        cairo_set_line_width(cr, 1.3 * s);
        set_colour(cr, colour::chain_line);
        cairo_move_to(cr, x0, y);
        cairo_line_to(cr, x1, y);
        cairo_stroke(cr);
        for (int k = 0; k < 3; ++k) {
          draw_stone(cr, x0 + (x1 - x0) * k / 2, y, k == 2 ? 4.4 * s : 2.8 * s, k / 2.0, s);
        }
        break;
      }
      case Sample::path:
        cairo_set_line_width(cr, 2.6 * s);
        cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
        set_colour(cr, colour::maze_path);
        cairo_move_to(cr, box.x + inner, y + 3 * s);
        cairo_line_to(cr, cx, y - 3 * s);
        cairo_line_to(cr, box.x + inner + sample_w, y + 1 * s);
        cairo_stroke(cr);
        break;
    }
    draw_text(cr, entries[row].text, box.x + inner + sample_w + 8 * s, y, text_size, colour::text,
              HAlign::left, VAlign::middle);
  }
}

void draw_panel(Canvas& canvas, const MazeLayout& l, const MazeDrawing& d) {
  cairo_t* cr = canvas.cr();
  const double s = l.scale;
  const Rect& p = l.plot;
  const ToPixel to{l};

  cairo_save(cr);
  cairo_rectangle(cr, p.x, p.y, p.w, p.h);
  cairo_clip(cr);

  // End points: unrated ones first, then by value from low to high, so the highest lie on top.
  const std::size_t n = d.points.size() / 2;
  std::vector<std::size_t> order;
  order.reserve(n);
  for (std::size_t k = 0; k < n; ++k) {
    if (std::isfinite(d.points[2 * k]) && std::isfinite(d.points[2 * k + 1])) order.push_back(k);
  }
  if (!d.point_values.empty()) {
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
      const double va = d.point_values[a], vb = d.point_values[b];
      const bool na = std::isnan(va), nb = std::isnan(vb);
      if (na != nb) return na;
      return !na && va < vb;
    });
  }
  const double dot =
      order.empty()
          ? 0.0
          : std::clamp(0.25 * std::sqrt(p.w * p.h / static_cast<double>(order.size())), 1.5 * s, 4.5 * s);
  for (std::size_t k : order) {
    const double x = to.x(d.points[2 * k]), y = to.y(d.points[2 * k + 1]);
    if (x < p.x - dot || x > p.x + p.w + dot || y < p.y - dot || y > p.y + p.h + dot) continue;
    Rgb c = colour::maze_point;
    if (!d.point_values.empty()) {
      const double t = value_fraction(d.point_values[k], l.value_min, l.value_max);
      c = std::isnan(t) ? colour::unrated : viridis(t);
    }
    disc_path(cr, x, y, dot);
    set_colour(cr, c, maze_point_alpha);
    cairo_fill(cr);
  }

  // Walls.
  cairo_set_line_width(cr, std::max(2.0, 3.2 * s));
  cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
  set_colour(cr, colour::maze_wall);
  for (std::size_t i = 0; i < d.walls.size(); i += 4) {
    cairo_move_to(cr, to.x(d.walls[i]), to.y(d.walls[i + 1]));
    cairo_line_to(cr, to.x(d.walls[i + 2]), to.y(d.walls[i + 3]));
  }
  cairo_stroke(cr);

  // The goal's circle: a faint fill and a dashed outline.
  const double gx = to.x(d.goal_x), gy = to.y(d.goal_y), gr = d.goal_radius * to.unit();
  if (gr > 0) {
    disc_path(cr, gx, gy, gr);
    set_colour(cr, colour::maze_goal, 0.10);
    cairo_fill_preserve(cr);
    const double dash[] = {4.0 * s, 3.0 * s};
    cairo_set_dash(cr, dash, 2, 0.0);
    cairo_set_line_width(cr, 1.5 * s);
    set_colour(cr, colour::maze_goal, 0.9);
    cairo_stroke(cr);
    cairo_set_dash(cr, nullptr, 0, 0.0);
  }

  draw_chain(cr, to, d.chain, s);
  draw_path(cr, to, d.path, s);
  draw_start(cr, to.x(d.start_x), to.y(d.start_y), s);
  draw_goal(cr, gx, gy, s);
  cairo_restore(cr);

  draw_maze_legend(canvas, l, d, to, colour::maze_point);
  draw_axes_frame(canvas, l.area, p, l.view, l.x_ticks, l.y_ticks, s);
  if (l.has_colourbar) {
    draw_colourbar(canvas, l.colourbar, l.value_ticks, l.value_min, l.value_max, d.value_label, s);
  }
}

std::string draw_panels(const char* fn, std::span<const MazeDrawing> panels, int panel_width_px,
                        bool name_panels) {
  const std::vector<MazeLayout> layouts = maze_layouts(fn, panels, panel_width_px, name_panels);
  Canvas canvas(panel_width_px * static_cast<int>(panels.size()), static_cast<int>(layouts[0].area.h));
  for (std::size_t i = 0; i < panels.size(); ++i) draw_panel(canvas, layouts[i], panels[i]);
  return canvas.png();
}

}  // namespace
}  // namespace detail

std::string maze_png(const MazeDrawing& drawing, int width_px) {
  return detail::draw_panels("maze_png", std::span<const MazeDrawing>(&drawing, 1), width_px, false);
}

std::string maze_panels_png(std::span<const MazeDrawing> panels, int panel_width_px) {
  return detail::draw_panels("maze_panels_png", panels, panel_width_px, true);
}

}  // namespace pond::plot
