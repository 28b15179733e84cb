// The maze robot simulator: sensors and physics (DESIGN.md, "Deceptive maze navigation").

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <numbers>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "pond/tasks/maze.hpp"

#include "../core/simd_sincos.hpp"
#include "maze_rays.hpp"

namespace pond::tasks {
namespace detail {
namespace {

// Core of ray_segment_fraction: ray p + t r (t in [0, 1]) against wall q + w e (w in [0, 1]).
inline double ray_fraction(double px, double py, double rx, double ry, double qx, double qy, double ex,
                           double ey) noexcept {
  const double qpx = qx - px;
  const double qpy = qy - py;
  const double denom = rx * ey - ry * ex;  // cross(r, e)
  const double cross_qp_r = qpx * ry - qpy * rx;
  if (denom == 0) {
    // Parallel. Only a collinear wall can meet the ray; then the first overlapping point counts.
    const double rr = rx * rx + ry * ry;
    if (cross_qp_r != 0 || rr == 0) return -1;
    const double t0 = (qpx * rx + qpy * ry) / rr;
    const double t1 = t0 + (ex * rx + ey * ry) / rr;
    const double lo = std::min(t0, t1);
    const double hi = std::max(t0, t1);
    if (hi < 0 || lo > 1) return -1;
    return std::max(lo, 0.0);
  }
  // t = cross(qp, e) / cross(r, e) and w = cross(qp, r) / cross(r, e) must lie in [0, 1]: tested
  // exactly on the products, with their signs turned by denom's (so no quotient's rounding decides a
  // hit, and only the hit's t is divided).
  const double num = qpx * ey - qpy * ex;
  const double t_num = denom < 0 ? -num : num;
  const double w_num = denom < 0 ? -cross_qp_r : cross_qp_r;
  const double scale = std::abs(denom);
  if (!(t_num >= 0 && t_num <= scale && w_num >= 0 && w_num <= scale)) return -1;
  return num / denom;
}

// Squared distance from p to the wall q + w e, w in [0, 1]; len2 = |e|^2 > 0. (A division, not a
// multiplication by a stored reciprocal: it keeps points on axis-aligned walls at distance exactly 0.)
inline double point_wall_distance2(double px, double py, double qx, double qy, double ex, double ey,
                                   double len2) noexcept {
  const double w = std::clamp(((px - qx) * ex + (py - qy) * ey) / len2, 0.0, 1.0);
  const double cx = qx + w * ex - px;
  const double cy = qy + w * ey - py;
  return cx * cx + cy * cy;
}

}  // namespace

double point_segment_distance(double px, double py, const Segment& s) noexcept {
  const double ex = s.x2 - s.x1;
  const double ey = s.y2 - s.y1;
  const double len2 = ex * ex + ey * ey;
  if (len2 == 0) return std::hypot(px - s.x1, py - s.y1);
  return std::sqrt(point_wall_distance2(px, py, s.x1, s.y1, ex, ey, len2));
}

double ray_segment_fraction(double px, double py, double dx, double dy, const Segment& s) noexcept {
  return ray_fraction(px, py, dx, dy, s.x1, s.y1, s.x2 - s.x1, s.y2 - s.y1);
}

std::array<double, 2> cos_sin_deg(double degrees) noexcept {
  // The usual heading, in [0, 360), goes straight to the polynomial; others are first reduced into
  // [0, 360] (fmod is exact). Non-finite angles give NaN.
  if (!(degrees >= 0 && degrees < 360.0)) {
    if (!std::isfinite(degrees)) return {std::numeric_limits<double>::quiet_NaN(), std::numeric_limits<double>::quiet_NaN()};
    degrees = std::fmod(degrees, 360.0);
    if (degrees < 0) degrees += 360.0;
  }
  simd::f64x2 sine, cosine;
  simd::sincos_degrees_lanes<simd::f64x2, simd::i64x2>(simd::f64x2{degrees, degrees}, sine, cosine);
  return {cosine[0], sine[0]};
}

double wrap_heading(double h) noexcept {
  // (fmod returns an argument in [0, 360) unchanged: the call is skipped for it.)
  if (!(h >= 0 && h < 360.0)) {
    h = std::fmod(h, 360.0);
    if (h < 0) h += 360.0;
    if (h >= 360.0) h = 0.0;
  }
  return h;
}

int radar_slice(double u, double v) noexcept {
  // Angle a = atan2(v, u); each slice's lower boundary belongs to it, the upper one to the next.
  if (u > 0 && -u <= v && v < u) return 0;   // [-45, 45)
  if (v > 0 && -v < u && u <= v) return 1;   // [45, 135)
  if (u < 0 && u < v && v <= -u) return 2;   // [135, 225)
  if (v < 0 && v <= u && u < -v) return 3;   // [225, 315)
  return -1;                                 // (0, 0), or NaN
}

}  // namespace detail

namespace {

using detail::kRangefinderDirections;
using detail::kSectorDegrees;
using detail::kSectors;

void require(bool ok, const std::string& message) {
  if (!ok) throw std::invalid_argument("MazeOptions: " + message);
}

}  // namespace

MazeSimulator::MazeSimulator(MazeMap map, MazeOptions options) : map_(std::move(map)), options_(options) {
  const auto finite_nonnegative = [](double x) { return std::isfinite(x) && x >= 0; };
  require(finite_nonnegative(options_.radius), "radius must be finite and >= 0");
  require(std::isfinite(options_.range) && options_.range > 0, "range must be finite and > 0");
  require(options_.steps >= 0, "steps must be >= 0");
  require(options_.warmup_activations >= 0, "warmup_activations must be >= 0");
  require(finite_nonnegative(options_.goal_radius), "goal_radius must be finite and >= 0");
  require(finite_nonnegative(options_.max_speed), "max_speed must be finite and >= 0");
  require(finite_nonnegative(options_.max_turn), "max_turn must be finite and >= 0");
  walls_.reserve(map_.walls.size());
  for (const Segment& s : map_.walls) {
    const double dx = s.x2 - s.x1;
    const double dy = s.y2 - s.y1;
    const double len2 = dx * dx + dy * dy;
    // A zero-length wall (only possible in a map not made by parse) acts as a point: with len2 = 1 the
    // projection is 0 and the distance is to (x1, y1).
    walls_.push_back({s.x1, s.y1, dx, dy, len2 > 0 ? len2 : 1.0});
  }
  build_grid();
}

MazeState MazeSimulator::initial_state() const noexcept {
  return {map_.start_x, map_.start_y, map_.start_heading_deg, 0.0, 0.0};
}

double MazeSimulator::distance_to_goal(double x, double y) const noexcept {
  return std::hypot(x - map_.goal_x, y - map_.goal_y);
}

bool MazeSimulator::at_goal(double x, double y) const noexcept {
  // hypot is within an ulp of the distance, which is at least max(|dx|, |dy|): a clear miss needs no
  // hypot (NaN goes on to it).
  if (std::max(std::abs(x - map_.goal_x), std::abs(y - map_.goal_y)) > options_.goal_radius * (1 + 0x1p-40)) {
    return false;
  }
  // "Within 5 units": the boundary counts as reached.
  return distance_to_goal(x, y) <= options_.goal_radius;
}

void MazeSimulator::sense(const MazeState& s, std::span<double> inputs) const {
  if (inputs.size() < maze_inputs) {
    throw std::invalid_argument("MazeSimulator::sense: needs " + std::to_string(maze_inputs) + " inputs, got " +
                                std::to_string(inputs.size()));
  }
  const auto [c, sn] = detail::cos_sin_deg(s.heading_deg);
  sense_with(s, c, sn, inputs.data());
}

void MazeSimulator::sense_with(const MazeState& s, double c, double sn, double* inputs) const noexcept {
  // Rangefinders: the nearest crossing fraction along each ray (the fraction is distance / range).
  if (!rangefinders_grid(s, c, sn, inputs)) rangefinders_plain(s.x, s.y, c, sn, inputs);

  // Radars: the goal's direction in the robot's frame (u forward, v toward +90 degrees).
  const double gx = map_.goal_x - s.x;
  const double gy = map_.goal_y - s.y;
  const double u = gx * c + gy * sn;
  const double v = -gx * sn + gy * c;
  const int slice = detail::radar_slice(u, v);
  for (int k = 0; k < 4; ++k) inputs[6 + static_cast<std::size_t>(k)] = slice == k ? 1.0 : 0.0;

  inputs[10] = 1.0;  // bias
}

void MazeSimulator::rangefinders_plain(double px, double py, double c, double sn, double* out) const noexcept {
  const double range = options_.range;
  for (std::size_t k = 0; k < kRangefinderDirections.size(); ++k) {
    const auto [rc, rs] = kRangefinderDirections[k];
    const double rx = (c * rc - sn * rs) * range;
    const double ry = (sn * rc + c * rs) * range;
    double nearest = 1.0;
    for (const WallData& w : walls_) {
      const double t = detail::ray_fraction(px, py, rx, ry, w.x1, w.y1, w.dx, w.dy);
      if (t >= 0 && t < nearest) nearest = t;
    }
    out[k] = nearest;
  }
}

void MazeSimulator::step(MazeState& s, double o1, double o2) const {
  const auto [c, sn] = detail::cos_sin_deg(s.heading_deg);
  step_with(s, c, sn, o1, o2);
}

void MazeSimulator::step_with(MazeState& s, double c, double sn, double o1, double o2) const noexcept {
  s.angular_velocity = std::clamp(s.angular_velocity + (o1 - 0.5), -options_.max_turn, options_.max_turn);
  s.speed = std::clamp(s.speed + (o2 - 0.5), -options_.max_speed, options_.max_speed);

  const double nx = s.x + c * s.speed;
  const double ny = s.y + sn * s.speed;
  bool collides = false;
  std::size_t cell;
  if (grid_cell(nx, ny, cell)) {
    collides = grid_touches(cell, 0, nx, ny);  // only the walls that could test closer than the radius
  } else {
    collides = collides_plain(nx, ny);
  }
  if (!collides) {
    s.x = nx;
    s.y = ny;
  }

  // The published code keeps the heading in [0, 360); so do we (the sensors do not depend on it).
  s.heading_deg = detail::wrap_heading(s.heading_deg + s.angular_velocity);
}

bool MazeSimulator::grid_touches(std::size_t cell, std::uint32_t from, double nx, double ny) const noexcept {
  const double radius2 = options_.radius * options_.radius;
  for (std::uint32_t i = grid_.touch_begin[cell] + from; i < grid_.touch_begin[cell + 1]; ++i) {
    const WallData& w = walls_[grid_.touch[i]];
    if (detail::point_wall_distance2(nx, ny, w.x1, w.y1, w.dx, w.dy, w.len2) < radius2) return true;
  }
  return false;
}

bool MazeSimulator::collides_plain(double nx, double ny) const noexcept {
  const double radius2 = options_.radius * options_.radius;
  for (const WallData& w : walls_) {
    if (detail::point_wall_distance2(nx, ny, w.x1, w.y1, w.dx, w.dy, w.len2) < radius2) return true;
  }
  return false;
}

// ---------------------------------------------------------------------------------------------------
// Candidate grid
//
// The plain loops test every wall: 6 x N calls of ray_fraction (a division for each hit) per sense, N
// collision tests per step. The grid, built once, lists for each cell (of a uniform grid over the
// walls' bounding box, half a cell beyond it) and each heading sector of kSectorDegrees the walls that
// can decide a rangefinder ray from the cell into the sector, and for each cell the walls that could
// test closer than `radius` to it. A robot in the grid with a heading in [0, 360) evaluates only those
// walls, with the same operations on the same doubles as the plain loops, so each value is bit for bit
// the plain loop's: every wall left out cannot be reported hit, or is reported hit farther than a kept
// wall. (The order of the kept walls does not matter either: equal hits on two walls are the same
// double unless they are +0 and -0, and only uncertain walls, below, can be hit at 0; those are kept in
// wall order.) Elsewhere the plain loops run.
//
// Why. Let u = 2^-53. ray_fraction's denom, num and cross_qp_r differ from the exact cross products of
// the exact differences by at most 3u, 4u and 4u times the sums of their terms' magnitudes. Where the
// ray r and the wall e meet at an angle th with |sin th| >= 1e-6, |exact denom| >= 1e-6 |r| |e|, and the
// quotients t = num / denom and w = cross_qp_r / denom that ray_fraction tests (exactly, on the
// products) lie within 9e-10 (1 + |q - p| / |r|) and 9e-10 (1 + |q - p| / |e|) of the exact
// parameters t*, w* of the lines' crossing X*: a reported hit puts X* within
// 1.8e-9 (|r| + |e| + |q - p|) of both the ray (the segment p + [0, 1] r) and the wall. Where
// |sin th| < 1e-6, a reported hit needs |num| <= |denom|, which puts p within
// 1e-6 |r| + 7u |r| + 8u |q - p| of the wall's line (in the parallel branch, denom == 0 and
// cross_qp_r == 0: within 14u |q - p|). The grid's slack delta = 1e-6 (range + radius + 2 diagonal +
// largest |coordinate|) is far above all of these, and 1e-6 radians far above the error of a ray's
// direction (it is computed from the heading to about 1e-15 radians, its sector to about 1e-13).
//
// With "cell" the cell grown by delta and "sector" the sector grown by 1e-6 radians at both ends, a
// wall is a candidate for the cell and sector if
//  (a) it lies within range (1 + 1e-9) + delta of the cell, in a direction from the cell within the
//      sector (any direction if it comes within max(4 delta, cell / 1000) of the cell). A hit that
//      ray_fraction reports on it has t > stop = (dist - delta) / (range (1 + 1e-9) + delta); or
//  (b) it has nonzero length, its line passes within 2e-6 range + delta of the cell, and one of its
//      two directions is within 1e-5 radians of the sector (stop = -infinity).
// A candidate is certain if it lies at least delta from the cell and each of the 8 rays from a corner
// of the cell along an edge of the sector meets it, at an angle of at least 1e-3 radians, at least
// delta from its ends, at a distance at most D with D + delta <= range (1 - 1e-9). Hit points and
// distances being affine in the ray's start and monotonic or convex in its direction, every ray from
// the cell into the sector then meets the wall, and ray_fraction reports it hit with
// 0 < t <= T = (D + delta) / (range (1 - 1e-9)). The candidates with stop >= the smallest such T are
// left out. In the list, the others ("uncertain") come first, in wall order, then the certain ones.
//
// The side-by-side runs (maze_lanes.cpp) read each list's first two walls from its head, with a NaN
// wall, which no test accepts, where a list is shorter.
//
// Touch lists: the plain collision test computes a wall's closest point to within 4.4u |coordinates|,
// so a wall farther than radius + delta from the grown cell cannot test closer than radius.
//
// The bounds need no overflow or underflow to matter: no grid unless every coordinate and the range
// are at most 2^80 in magnitude, and the range and every nonzero wall length at least 1e-100 (so every
// maze).

namespace {

constexpr std::uint32_t kGridSide = 32;   // cells along the longer side of the bounding box
constexpr double kMaxGridWork = 1 << 19;  // cells x walls above which no grid is built
constexpr double kLargest = 0x1p80;       // largest coordinate or range for a grid
constexpr double kSmallest = 1e-100;      // smallest range or nonzero wall length for a grid
constexpr double kDirectionSlack = 1e-6;  // radians
constexpr double kParallelAngle = 1e-5;   // radians
constexpr double kCertainAngle = 1e-3;    // radians
constexpr double kRadiansPerDegree = std::numbers::pi / 180;

// Distance from the box [x0, x1] x [y0, y1] to the segment s (0 if they meet).
double box_segment_distance(double x0, double y0, double x1, double y1, const Segment& s) {
  // Liang-Barsky clipping of s + t (dx, dy), t in [0, 1], to the box.
  const double dx = s.x2 - s.x1, dy = s.y2 - s.y1;
  double t0 = 0, t1 = 1;
  const auto clip = [&](double p, double q) {  // keep the t with p t <= q
    if (p == 0) return q >= 0;
    const double r = q / p;
    if (p < 0) {
      if (r > t1) return false;
      t0 = std::max(t0, r);
    } else {
      if (r < t0) return false;
      t1 = std::min(t1, r);
    }
    return true;
  };
  if (clip(-dx, s.x1 - x0) && clip(dx, x1 - s.x1) && clip(-dy, s.y1 - y0) && clip(dy, y1 - s.y1)) return 0.0;
  // Apart: the distance is between an endpoint and the box, or a corner and the segment.
  const auto point_box = [&](double x, double y) {
    return std::hypot(std::max({x0 - x, 0.0, x - x1}), std::max({y0 - y, 0.0, y - y1}));
  };
  double d = std::min(point_box(s.x1, s.y1), point_box(s.x2, s.y2));
  for (const double cx : {x0, x1}) {
    for (const double cy : {y0, y1}) d = std::min(d, detail::point_segment_distance(cx, cy, s));
  }
  return d;
}

// Distance from the box to the line through the segment s (of nonzero length).
double box_line_distance(double x0, double y0, double x1, double y1, const Segment& s) {
  const double dx = s.x2 - s.x1, dy = s.y2 - s.y1, len = std::hypot(dx, dy);
  double lo = std::numeric_limits<double>::infinity(), hi = -lo;
  for (const double cx : {x0, x1}) {
    for (const double cy : {y0, y1}) {
      const double side = (dx * (cy - s.y1) - dy * (cx - s.x1)) / len;
      lo = std::min(lo, side);
      hi = std::max(hi, side);
    }
  }
  if (lo <= 0 && hi >= 0) return 0.0;
  return std::min(std::abs(lo), std::abs(hi));
}

// Calls mark(k) for each sector k that meets the directions [lo, hi] (radians, hi >= lo).
template <class Mark>
void for_sectors(double lo, double hi, Mark mark) {
  const double k0 = std::floor(lo / kRadiansPerDegree / kSectorDegrees);
  const double k1 = std::floor(hi / kRadiansPerDegree / kSectorDegrees);
  if (!(k1 - k0 < kSectors)) {
    for (std::uint32_t k = 0; k < kSectors; ++k) mark(k);
    return;
  }
  for (double k = k0; k <= k1; ++k) mark(static_cast<std::uint32_t>(k - kSectors * std::floor(k / kSectors)));
}

// The largest distance at which the 8 rays from the corners of the box along the unit vectors u0 and
// u1 meet the segment s, if each meets it at least `margin` from its ends, at a distance of at least
// `margin`, at an angle of at least kCertainAngle; else infinity.
double certain_distance(double x0, double y0, double x1, double y1, const std::array<double, 2>& u0,
                        const std::array<double, 2>& u1, const Segment& s, double margin) {
  const double ex = s.x2 - s.x1, ey = s.y2 - s.y1, len = std::hypot(ex, ey);
  if (!(len > 2 * margin)) return std::numeric_limits<double>::infinity();
  double far = 0;
  for (const auto& u : {u0, u1}) {
    const double ux = u[0], uy = u[1];
    const double den = ux * ey - uy * ex;  // cross(u, e) = |e| sin(angle)
    if (!(std::abs(den) >= std::sin(kCertainAngle) * len)) return std::numeric_limits<double>::infinity();
    for (const double px : {x0, x1}) {
      for (const double py : {y0, y1}) {
        const double gx = s.x1 - px, gy = s.y1 - py;
        const double dist = (gx * ey - gy * ex) / den;  // along u
        const double w = (gx * uy - gy * ux) / den;     // along s, in [0, 1] on it
        if (!(dist >= margin && w * len >= margin && (1 - w) * len >= margin)) {
          return std::numeric_limits<double>::infinity();
        }
        far = std::max(far, dist);
      }
    }
  }
  return far;
}

}  // namespace

void MazeSimulator::build_grid() {
  grid_ = Grid{};
  const std::size_t n = walls_.size();
  const double range = options_.range, radius = options_.radius;
  if (n == 0 || n > std::numeric_limits<std::uint32_t>::max() || !(range <= kLargest && range >= kSmallest)) return;
  double lo_x = std::numeric_limits<double>::infinity(), lo_y = lo_x, hi_x = -lo_x, hi_y = -lo_x;
  for (const Segment& s : map_.walls) {
    const double len = std::hypot(s.x2 - s.x1, s.y2 - s.y1);
    if (!(std::max({std::abs(s.x1), std::abs(s.y1), std::abs(s.x2), std::abs(s.y2)}) <= kLargest) ||
        (len != 0 && !(len >= kSmallest))) {
      return;
    }
    lo_x = std::min({lo_x, s.x1, s.x2});
    hi_x = std::max({hi_x, s.x1, s.x2});
    lo_y = std::min({lo_y, s.y1, s.y2});
    hi_y = std::max({hi_y, s.y1, s.y2});
  }
  const double side = std::max(hi_x - lo_x, hi_y - lo_y);
  if (!(side > 0)) return;
  // A margin of half a cell on each side, so that robots beside the outermost walls are in the grid.
  const double cell = side / (kGridSide - 1);
  const double x0 = lo_x - cell / 2, y0 = lo_y - cell / 2;
  const auto nx = static_cast<std::uint32_t>(std::ceil((hi_x - lo_x) / cell)) + 1;
  const auto ny = static_cast<std::uint32_t>(std::ceil((hi_y - lo_y) / cell)) + 1;
  if (static_cast<double>(nx) * ny * static_cast<double>(n) > kMaxGridWork) return;

  const double width = nx * cell, height = ny * cell;
  const double largest = std::max({std::abs(x0), std::abs(y0), std::abs(x0 + width), std::abs(y0 + height)});
  const double delta = 1e-6 * (range + radius + 2 * std::hypot(width, height) + largest);
  const double reach = range * (1 + 1e-9) + delta;  // farther than any ray reaches
  const double short_reach = range * (1 - 1e-9);    // nearer than any ray reaches
  const double all_directions = std::max(4 * delta, cell / 1000);
  const double parallel_distance = 2e-6 * range + delta;
  constexpr double kInf = std::numeric_limits<double>::infinity();

  struct Candidate {
    double stop;
    std::uint32_t wall;
  };
  std::array<std::vector<Candidate>, kSectors> sectors;
  std::vector<std::uint32_t> certain;  // of one (cell, sector)
  std::vector<double> distance(n);  // from the grown cell to each wall
  // Each sector's edges, grown by kDirectionSlack, as unit vectors.
  std::array<std::array<std::array<double, 2>, 2>, kSectors> edges;
  for (std::uint32_t k = 0; k < kSectors; ++k) {
    const double a0 = k * kSectorDegrees * kRadiansPerDegree - kDirectionSlack;
    const double a1 = (k + 1) * kSectorDegrees * kRadiansPerDegree + kDirectionSlack;
    edges[k] = {{{std::cos(a0), std::sin(a0)}, {std::cos(a1), std::sin(a1)}}};
  }
  std::array<double, kSectors> stop{};
  grid_.ray_begin.reserve(static_cast<std::size_t>(nx) * ny * kSectors + 1);
  grid_.touch_begin.reserve(static_cast<std::size_t>(nx) * ny + 1);
  for (std::uint32_t cy = 0; cy < ny; ++cy) {
    for (std::uint32_t cx = 0; cx < nx; ++cx) {
      // The cell, grown by delta.
      const double bx0 = x0 + cx * cell - delta, bx1 = x0 + (cx + 1) * cell + delta;
      const double by0 = y0 + cy * cell - delta, by1 = y0 + (cy + 1) * cell + delta;
      grid_.touch_begin.push_back(static_cast<std::uint32_t>(grid_.touch.size()));
      for (auto& list : sectors) list.clear();
      for (std::uint32_t j = 0; j < n; ++j) {
        const Segment& s = map_.walls[j];
        const double dist = box_segment_distance(bx0, by0, bx1, by1, s);
        distance[j] = dist;
        if (dist <= radius + delta) grid_.touch.push_back(j);
        stop.fill(kInf);
        // (a)
        if (dist <= reach) {
          const double a_stop = (dist - delta) / reach;
          const auto mark = [&](std::uint32_t k) { stop[k] = std::min(stop[k], a_stop); };
          if (dist <= all_directions) {
            for (std::uint32_t k = 0; k < kSectors; ++k) mark(k);
          } else {
            // The directions from the box to the wall: those of the 8 vectors endpoint - corner, which
            // lie in a half-plane (the wall is apart from the box). The first and last by angle:
            const std::array<std::array<double, 2>, 8> v = {{{s.x1 - bx0, s.y1 - by0}, {s.x1 - bx1, s.y1 - by0},
                                                             {s.x1 - bx0, s.y1 - by1}, {s.x1 - bx1, s.y1 - by1},
                                                             {s.x2 - bx0, s.y2 - by0}, {s.x2 - bx1, s.y2 - by0},
                                                             {s.x2 - bx0, s.y2 - by1}, {s.x2 - bx1, s.y2 - by1}}};
            std::size_t first = 0, last = 0;
            for (std::size_t i = 1; i < v.size(); ++i) {
              if (v[i][0] * v[first][1] - v[i][1] * v[first][0] > 0) first = i;  // v[i] before v[first]
              if (v[last][0] * v[i][1] - v[last][1] * v[i][0] > 0) last = i;     // v[i] after v[last]
            }
            const double lo = std::atan2(v[first][1], v[first][0]);
            double hi = std::atan2(v[last][1], v[last][0]);
            if (hi < lo) hi += 2 * std::numbers::pi;
            for_sectors(lo - kDirectionSlack, hi + kDirectionSlack, mark);
          }
        }
        // (b)
        if ((s.x1 != s.x2 || s.y1 != s.y2) && box_line_distance(bx0, by0, bx1, by1, s) <= parallel_distance) {
          const double dir = std::atan2(s.y2 - s.y1, s.x2 - s.x1);
          const auto mark = [&](std::uint32_t k) { stop[k] = -kInf; };
          for_sectors(dir - kParallelAngle, dir + kParallelAngle, mark);
          for_sectors(dir + std::numbers::pi - kParallelAngle, dir + std::numbers::pi + kParallelAngle, mark);
        }
        for (std::uint32_t k = 0; k < kSectors; ++k) {
          if (stop[k] != kInf) sectors[k].push_back({stop[k], j});
        }
      }
      for (std::uint32_t k = 0; k < kSectors; ++k) {
        auto& list = sectors[k];
        std::sort(list.begin(), list.end(), [](const Candidate& a, const Candidate& b) {
          return a.stop < b.stop || (a.stop == b.stop && a.wall < b.wall);
        });
        double cut = kInf;  // the smallest T of the certain walls so far
        grid_.ray_begin.push_back(static_cast<std::uint32_t>(grid_.rays.size()));
        certain.clear();
        for (const Candidate& candidate : list) {
          if (candidate.stop >= cut) break;
          const double far =
              distance[candidate.wall] >= delta
                  ? certain_distance(bx0, by0, bx1, by1, edges[k][0], edges[k][1], map_.walls[candidate.wall], delta)
                  : kInf;
          if (far + delta <= short_reach) {
            cut = std::min(cut, (far + delta) / short_reach);
            certain.push_back(candidate.wall);
          } else {
            grid_.rays.push_back(candidate.wall);
          }
        }
        // The others, then the certain walls, each in wall order (any order would do).
        std::sort(grid_.rays.begin() + grid_.ray_begin.back(), grid_.rays.end());
        std::sort(certain.begin(), certain.end());
        grid_.rays.insert(grid_.rays.end(), certain.begin(), certain.end());
      }
    }
  }
  grid_.ray_begin.push_back(static_cast<std::uint32_t>(grid_.rays.size()));
  grid_.touch_begin.push_back(static_cast<std::uint32_t>(grid_.touch.size()));
  // The lists' heads and the walls' rows for the side-by-side runs.
  grid_.none = static_cast<std::uint32_t>(n);
  for (const WallData& w : walls_) {
    grid_.rows.insert(grid_.rows.end(), {w.x1, w.y1, w.dx, w.dy});
    grid_.len2.push_back(w.len2);
  }
  constexpr double nan = std::numeric_limits<double>::quiet_NaN();
  grid_.rows.insert(grid_.rows.end(), {nan, nan, nan, nan});
  grid_.len2.push_back(nan);
  // After the cells' lists, the empty lists of one more cell: the lanes outside the grid read those.
  const auto heads = [&](const std::vector<std::uint32_t>& begin, const std::vector<std::uint32_t>& walls,
                         std::size_t lists_per_cell, std::vector<std::uint32_t>& out) {
    out.reserve(begin.size() + lists_per_cell);
    const auto wall = [&](std::size_t i, std::uint32_t k) { return k < begin[i + 1] - begin[i] ? walls[begin[i] + k] : grid_.none; };
    for (std::size_t i = 0; i + 1 < begin.size(); ++i) {
      out.push_back(wall(i, 0) | wall(i, 1) << 16 | (begin[i + 1] - begin[i] > 2 ? 1u << 31 : 0u));
    }
    out.insert(out.end(), lists_per_cell, grid_.none | grid_.none << 16);
  };
  if (n < 0x7fff) {
    heads(grid_.ray_begin, grid_.rays, kSectors, grid_.ray_heads);
    heads(grid_.touch_begin, grid_.touch, 1, grid_.touch_heads);
  }
  grid_.x0 = x0;
  grid_.y0 = y0;
  grid_.inv_cell = 1 / cell;
  grid_.nx = nx;
  grid_.ny = ny;
}

bool MazeSimulator::grid_cell(double x, double y, std::size_t& cell) const noexcept {
  const double fx = (x - grid_.x0) * grid_.inv_cell;
  const double fy = (y - grid_.y0) * grid_.inv_cell;
  // False outside the grid, for NaN, and when there is no grid (nx = ny = 0).
  if (!(fx >= 0 && fx < grid_.nx && fy >= 0 && fy < grid_.ny)) return false;
  cell = static_cast<std::size_t>(fy) * grid_.nx + static_cast<std::size_t>(fx);
  return true;
}

double MazeSimulator::grid_ray(double px, double py, double rx, double ry, std::size_t list, std::uint32_t from,
                               double nearest) const noexcept {
  const std::uint32_t* const end = grid_.rays.data() + grid_.ray_begin[list + 1];
  for (const std::uint32_t* it = grid_.rays.data() + grid_.ray_begin[list] + from; it < end; ++it) {
    const WallData& w = walls_[*it];
    const double t = detail::ray_fraction(px, py, rx, ry, w.x1, w.y1, w.dx, w.dy);
    if (t >= 0 && t < nearest) nearest = t;
  }
  return nearest;
}

bool MazeSimulator::rangefinders_grid(const MazeState& s, double c, double sn, double* out) const noexcept {
  std::size_t cell;
  if (!(s.heading_deg >= 0 && s.heading_deg < 360) || !grid_cell(s.x, s.y, cell)) return false;
  const std::uint32_t heading_sector = detail::heading_sector(s.heading_deg);
  for (std::size_t k = 0; k < kRangefinderDirections.size(); ++k) {
    // The plain loop's ray, against the candidates of its sector (a whole number of sectors from the heading's).
    const auto [rc, rs] = kRangefinderDirections[k];
    const double rx = (c * rc - sn * rs) * options_.range;
    const double ry = (sn * rc + c * rs) * options_.range;
    const std::uint32_t sector = (heading_sector + detail::kRangefinderSectorOffsets[k]) % kSectors;
    out[k] = grid_ray(s.x, s.y, rx, ry, cell * kSectors + sector);
  }
  return true;
}

MazeOutcome MazeSimulator::outcome(const MazeState& s, bool solved, int steps_taken) const noexcept {
  const double distance = distance_to_goal(s.x, s.y);
  return {s.x, s.y, distance, solved, steps_taken, 300.0 - distance};
}

}  // namespace pond::tasks
