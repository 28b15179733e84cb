// The maze robot simulator: sensors and physics (DESIGN.md, "Deceptive maze navigation").

#include <algorithm>
#include <cmath>
#include <numbers>
#include <stdexcept>
#include <string>
#include <utility>

#include "pond/tasks/maze.hpp"

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
  const double t = (qpx * ey - qpy * ex) / denom;  // cross(qp, e) / cross(r, e)
  const double w = cross_qp_r / denom;             // cross(qp, r) / cross(r, e)
  if (t < 0 || t > 1 || w < 0 || w > 1) return -1;
  return t;
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
  double r = std::fmod(degrees, 360.0);
  if (r < 0) r += 360.0;
  if (r == 0 || r == 360.0) return {1.0, 0.0};
  if (r == 90.0) return {0.0, 1.0};
  if (r == 180.0) return {-1.0, 0.0};
  if (r == 270.0) return {0.0, -1.0};
  const double radians = r * (std::numbers::pi / 180.0);
  return {std::cos(radians), std::sin(radians)};
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

// Rangefinder directions relative to the heading, as exact (cos, sin) pairs: -90, -45, 0, 45, 90, 180.
constexpr double kHalfSqrt2 = 0.70710678118654752440;
constexpr std::array<std::array<double, 2>, 6> kRangefinderDirections = {{
    {0.0, -1.0},
    {kHalfSqrt2, -kHalfSqrt2},
    {1.0, 0.0},
    {kHalfSqrt2, kHalfSqrt2},
    {0.0, 1.0},
    {-1.0, 0.0},
}};

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
}

MazeState MazeSimulator::initial_state() const noexcept {
  return {map_.start_x, map_.start_y, map_.start_heading_deg, 0.0, 0.0};
}

double MazeSimulator::distance_to_goal(double x, double y) const noexcept {
  return std::hypot(x - map_.goal_x, y - map_.goal_y);
}

bool MazeSimulator::at_goal(double x, double y) const noexcept {
  // "Within 5 units": the boundary counts as reached.
  return distance_to_goal(x, y) <= options_.goal_radius;
}

void MazeSimulator::sense(const MazeState& s, std::span<double> inputs) const {
  if (inputs.size() < maze_inputs) {
    throw std::invalid_argument("MazeSimulator::sense: needs " + std::to_string(maze_inputs) + " inputs, got " +
                                std::to_string(inputs.size()));
  }
  const auto [c, sn] = detail::cos_sin_deg(s.heading_deg);
  const double range = options_.range;

  // Rangefinders: the nearest crossing fraction along each ray (the fraction is distance / range).
  for (std::size_t k = 0; k < kRangefinderDirections.size(); ++k) {
    const auto [rc, rs] = kRangefinderDirections[k];
    const double rx = (c * rc - sn * rs) * range;
    const double ry = (sn * rc + c * rs) * range;
    double nearest = 1.0;
    for (const WallData& w : walls_) {
      const double t = detail::ray_fraction(s.x, s.y, rx, ry, w.x1, w.y1, w.dx, w.dy);
      if (t >= 0 && t < nearest) nearest = t;
    }
    inputs[k] = nearest;
  }

  // Radars: the goal's direction in the robot's frame (u forward, v toward +90 degrees).
  const double gx = map_.goal_x - s.x;
  const double gy = map_.goal_y - s.y;
  const double u = gx * c + gy * sn;
  const double v = -gx * sn + gy * c;
  const int slice = detail::radar_slice(u, v);
  for (int k = 0; k < 4; ++k) inputs[6 + static_cast<std::size_t>(k)] = slice == k ? 1.0 : 0.0;

  inputs[10] = 1.0;  // bias
}

void MazeSimulator::step(MazeState& s, double o1, double o2) const {
  s.angular_velocity = std::clamp(s.angular_velocity + (o1 - 0.5), -options_.max_turn, options_.max_turn);
  s.speed = std::clamp(s.speed + (o2 - 0.5), -options_.max_speed, options_.max_speed);

  const auto [c, sn] = detail::cos_sin_deg(s.heading_deg);
  const double nx = s.x + c * s.speed;
  const double ny = s.y + sn * s.speed;
  const double radius2 = options_.radius * options_.radius;
  bool collides = false;
  for (const WallData& w : walls_) {
    if (detail::point_wall_distance2(nx, ny, w.x1, w.y1, w.dx, w.dy, w.len2) < radius2) {
      collides = true;
      break;
    }
  }
  if (!collides) {
    s.x = nx;
    s.y = ny;
  }

  // The published code keeps the heading in [0, 360); so do we (the sensors do not depend on it).
  double h = std::fmod(s.heading_deg + s.angular_velocity, 360.0);
  if (h < 0) h += 360.0;
  if (h >= 360.0) h = 0.0;
  s.heading_deg = h;
}

MazeOutcome MazeSimulator::outcome(const MazeState& s, bool solved, int steps_taken) const noexcept {
  const double distance = distance_to_goal(s.x, s.y);
  return {s.x, s.y, distance, solved, steps_taken, 300.0 - distance};
}

}  // namespace pond::tasks
