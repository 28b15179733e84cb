// MazeSimulator::run_lanes: several robots side by side, one per lane of a vector of doubles.
//
// Why. One robot's run is a chain of dependent steps (its sensors need its position, its network needs
// its sensors, its next position needs the network), so a single run leaves most of the core idle,
// waiting on divisions and on the network's exp. Two or four robots advanced together share each
// vector operation of sensing and physics, and their controllers, activated one after another, are
// independent work the core overlaps.
//
// Exactness. Each lane performs the scalar code's IEEE operations in the same order (maze_sim.cpp:
// sense_with with the grid's candidate lists, step_with, at_goal), so every robot gets the bits its own
// run would: the vector ?: and comparisons replicate the scalar tests, a lane whose list is shorter
// than two reads the NaN wall that no test accepts, and whatever a lane cannot do in the vector form (a
// position outside the grid, a heading outside [0, 360), a list longer than two, a wall parallel to a
// ray, a position near the goal, a heading wrapping by more than a turn) is done for that lane by the
// scalar code itself.
//
// Speed. Each of the six rays tests the first two walls of every lane's candidate list (nine lists in
// ten are no longer; the rest go on lane by lane), reading them from the lists' heads and the walls'
// rows with no branch that depends on the lanes' data: such branches, mispredicted, cost more than the
// arithmetic.

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <span>
#include <type_traits>
#include <utility>
#include <vector>

#include "pond/core/simd_kernel.hpp"
#include "pond/tasks/maze.hpp"

#include "../core/simd_sincos.hpp"
#include "maze_rays.hpp"

#if defined(__x86_64__)
#include <immintrin.h>
#endif

namespace pond::tasks {
namespace {

using simd::f64x2;
using simd::f64x4;
using simd::i64x2;
using simd::i64x4;

// The lanes of a comparison's result as bits (bit l for lane l).
[[gnu::always_inline]] inline unsigned lane_bits(const i64x2& mask) noexcept {
#if defined(__x86_64__)
  return static_cast<unsigned>(_mm_movemask_pd(reinterpret_cast<__m128d>(mask)));
#else
  return (mask[0] != 0 ? 1u : 0u) | (mask[1] != 0 ? 2u : 0u);
#endif
}

// (By halves: the kernels are functions of the default target, inlined into an AVX2 one, and may not
// call AVX intrinsics themselves; SSE2's are the default target's.)
[[gnu::always_inline]] inline unsigned lane_bits(const i64x4& mask) noexcept {
  return lane_bits(i64x2{__builtin_shufflevector(mask, mask, 0, 1)}) |
         (lane_bits(i64x2{__builtin_shufflevector(mask, mask, 2, 3)}) << 2);
}

// Eight lanes: two AVX2 registers for each value, so that two groups of four robots, independent of
// each other, are advanced by the same instructions and their chains of latency overlap.
typedef double f64x8 __attribute__((vector_size(64)));
typedef std::int64_t i64x8 __attribute__((vector_size(64)));

[[gnu::always_inline]] inline unsigned lane_bits(const i64x8& mask) noexcept {
  return lane_bits(i64x4{__builtin_shufflevector(mask, mask, 0, 1, 2, 3)}) |
         (lane_bits(i64x4{__builtin_shufflevector(mask, mask, 4, 5, 6, 7)}) << 4);
}

// Cell and list indices, one 32-bit integer per lane.
typedef std::int32_t i32x2 __attribute__((vector_size(8)));
typedef std::int32_t i32x4 __attribute__((vector_size(16)));
typedef std::int32_t i32x8 __attribute__((vector_size(32)));

// out = {f(0), f(1), ..., f(W - 1)}.
template <class V, std::size_t W, class F>
[[gnu::always_inline]] inline void from_lanes(F f, V& out) noexcept {
  [&]<std::size_t... l>(std::index_sequence<l...>) __attribute__((always_inline)) { out = V{f(l)...}; }(
      std::make_index_sequence<W>());
}

// The mask (all ones in lane l when bit l is set) of lane bits.
template <class I, std::size_t W>
[[gnu::always_inline]] inline void lane_mask(unsigned bits, I& mask) noexcept {
  I lanes;
  from_lanes<I, W>([](std::size_t l) { return static_cast<std::int64_t>(l); }, lanes);
  mask = -(((I{} + bits) >> lanes) & 1);
}

// Rows `index[l]` of `rows` (four doubles each), transposed: lane l of a, b, c, d holds row l's values.
template <class V, std::size_t W>
[[gnu::always_inline]] inline void gather_rows(const double* rows, const std::uint32_t* index, V& a, V& b, V& c,
                                               V& d) noexcept {
  if constexpr (W == 8) {
    f64x4 a0, b0, c0, d0, a1, b1, c1, d1;
    gather_rows<f64x4, 4>(rows, index, a0, b0, c0, d0);
    gather_rows<f64x4, 4>(rows, index + 4, a1, b1, c1, d1);
    a = __builtin_shufflevector(a0, a1, 0, 1, 2, 3, 4, 5, 6, 7);
    b = __builtin_shufflevector(b0, b1, 0, 1, 2, 3, 4, 5, 6, 7);
    c = __builtin_shufflevector(c0, c1, 0, 1, 2, 3, 4, 5, 6, 7);
    d = __builtin_shufflevector(d0, d1, 0, 1, 2, 3, 4, 5, 6, 7);
  } else if constexpr (W == 4) {
    V r0, r1, r2, r3;
    std::memcpy(&r0, rows + 4 * std::size_t{index[0]}, sizeof r0);
    std::memcpy(&r1, rows + 4 * std::size_t{index[1]}, sizeof r1);
    std::memcpy(&r2, rows + 4 * std::size_t{index[2]}, sizeof r2);
    std::memcpy(&r3, rows + 4 * std::size_t{index[3]}, sizeof r3);
    const V t0 = __builtin_shufflevector(r0, r1, 0, 4, 2, 6);  // a0 a1 c0 c1
    const V t1 = __builtin_shufflevector(r0, r1, 1, 5, 3, 7);  // b0 b1 d0 d1
    const V t2 = __builtin_shufflevector(r2, r3, 0, 4, 2, 6);
    const V t3 = __builtin_shufflevector(r2, r3, 1, 5, 3, 7);
    a = __builtin_shufflevector(t0, t2, 0, 1, 4, 5);
    b = __builtin_shufflevector(t1, t3, 0, 1, 4, 5);
    c = __builtin_shufflevector(t0, t2, 2, 3, 6, 7);
    d = __builtin_shufflevector(t1, t3, 2, 3, 6, 7);
  } else {
    static_assert(W == 2);
    V low0, high0, low1, high1;
    std::memcpy(&low0, rows + 4 * std::size_t{index[0]}, sizeof low0);
    std::memcpy(&high0, rows + 4 * std::size_t{index[0]} + 2, sizeof high0);
    std::memcpy(&low1, rows + 4 * std::size_t{index[1]}, sizeof low1);
    std::memcpy(&high1, rows + 4 * std::size_t{index[1]} + 2, sizeof high1);
    a = __builtin_shufflevector(low0, low1, 0, 2);
    b = __builtin_shufflevector(low0, low1, 1, 3);
    c = __builtin_shufflevector(high0, high1, 0, 2);
    d = __builtin_shufflevector(high0, high1, 1, 3);
  }
}

// The heads of lists `list[l]` (see Grid::ray_heads): their first two walls into wall0 and wall1, and
// as bits the lanes whose lists are longer than two.
template <std::size_t W, class Index>
[[gnu::always_inline]] inline unsigned read_heads(const std::uint32_t* heads, const Index& list, std::uint32_t* wall0,
                                                  std::uint32_t* wall1) noexcept {
  unsigned longer = 0;
  for (std::size_t l = 0; l < W; ++l) {
    const std::uint32_t head = heads[static_cast<std::size_t>(list[l])];
    wall0[l] = head & 0x7fff;
    wall1[l] = (head >> 16) & 0x7fff;
    longer |= (head >> 31) << l;
  }
  return longer;
}

}  // namespace

struct MazeSimulator::Lanes {
  // Robots first .. first + count - 1 (count <= W) in the lanes of V (W doubles; I its integer vector).
  template <class V, class I, std::size_t W>
  [[gnu::always_inline]] static inline void group(const MazeSimulator& sim, std::size_t first, std::size_t count,
                                                  MazeLaneControllers& controllers, MazeOutcome* outcomes,
                                                  std::vector<double>* path);

  // Every robot, W at a time.
  template <class V, class I, std::size_t W>
  [[gnu::always_inline]] static inline void all(const MazeSimulator& sim, std::size_t robots,
                                                MazeLaneControllers& controllers, MazeOutcome* outcomes,
                                                std::vector<double>* path) {
    for (std::size_t first = 0; first < robots; first += W) {
      group<V, I, W>(sim, first, std::min(W, robots - first), controllers, outcomes, path);
    }
  }

#if defined(__x86_64__)
  __attribute__((target("avx2"))) static void all_avx2(const MazeSimulator& sim, std::size_t robots,
                                                       MazeLaneControllers& controllers, MazeOutcome* outcomes) {
    all<f64x4, i64x4, 4>(sim, robots, controllers, outcomes, nullptr);
  }
#endif
};

template <class V, class I, std::size_t W>
void MazeSimulator::Lanes::group(const MazeSimulator& sim, std::size_t first, std::size_t count,
                                 MazeLaneControllers& controllers, MazeOutcome* outcomes, std::vector<double>* path) {
  const MazeOptions& options = sim.options_;
  const Grid& grid = sim.grid_;

  const MazeState start = sim.initial_state();
  if (path != nullptr) path->insert(path->end(), {start.x, start.y});
  if (sim.at_goal(start.x, start.y)) {
    for (std::size_t l = 0; l < count; ++l) outcomes[first + l] = sim.outcome(start, true, 0);
    return;
  }
  // Inputs and outputs by row, then lane (MazeLaneControllers' layout).
  alignas(32) double inputs[maze_inputs * W];
  alignas(32) double outputs[maze_outputs * W];
  std::array<double, maze_inputs> sensed;
  sim.sense(start, sensed);
  for (std::size_t k = 0; k < maze_inputs; ++k) std::fill(inputs + k * W, inputs + (k + 1) * W, sensed[k]);
  std::fill(outputs, outputs + maze_outputs * W, 0.5);
  unsigned active = (1u << count) - 1;
  controllers.start_group(first, count, W);
  for (int i = 0; i < options.warmup_activations; ++i) controllers.activate(active, inputs, outputs);

  V x = V{} + start.x, y = V{} + start.y, heading = V{} + start.heading_deg, speed = V{}, turn = V{};
  const auto state = [&](std::size_t l) { return MazeState{x[l], y[l], heading[l], speed[l], turn[l]}; };
  const auto lane = [](unsigned bits, std::size_t l) { return ((bits >> l) & 1u) != 0; };
  // Cells of positions: lanes in the grid as bits, and each such lane's cell.
  // Cells of positions (grid_cell): lanes in the grid as bits, and every lane's cell, the empty cell
  // past the grid's (whose lists are empty) for the others.
  using Index = std::conditional_t<W == 8, i32x8, std::conditional_t<W == 4, i32x4, i32x2>>;
  const V columns = V{} + static_cast<double>(grid.nx), rows = V{} + static_cast<double>(grid.ny);
  const auto none = static_cast<std::int32_t>(grid.nx * grid.ny);
  const auto cells = [&](const V& px, const V& py, Index& cell) __attribute__((always_inline)) {
    const V fx = (px - grid.x0) * grid.inv_cell, fy = (py - grid.y0) * grid.inv_cell;
    const I mask = (fx >= 0.0) & (fx < columns) & (fy >= 0.0) & (fy < rows);
    // Converted only where inside (elsewhere 0), so that no conversion overflows.
    const Index ix = __builtin_convertvector(mask ? fx : V{}, Index), iy = __builtin_convertvector(mask ? fy : V{}, Index);
    const Index inside = __builtin_convertvector(mask, Index);
    cell = inside ? iy * static_cast<std::int32_t>(grid.nx) + ix : Index{} + none;
    return active & lane_bits(mask);
  };

  for (int step = 0; step < options.steps && active != 0; ++step) {
    // cos and sin of the headings; a heading outside [0, 360) by the scalar function, which reduces it.
    V sn, c;
    simd::sincos_degrees_lanes<V, I>(heading, sn, c);
    const unsigned in_range = lane_bits((heading >= 0.0) & (heading < 360.0));
    if ((active & ~in_range) != 0) [[unlikely]] {
      for (std::size_t l = 0; l < W; ++l) {
        if (lane(in_range, l)) continue;
        const auto [cl, sl] = detail::cos_sin_deg(heading[l]);
        c[l] = cl;
        sn[l] = sl;
      }
    }

    // Sensing: lanes in the grid with a heading in [0, 360) in the vector form, other active lanes by
    // the scalar code.
    Index cell;
    const unsigned fast = cells(x, y, cell) & in_range;
    // Each lane's heading sector (detail::heading_sector), 0 for a heading outside [0, 360).
    const I heading_ok = (heading >= 0.0) & (heading < 360.0);
    Index sector0 = __builtin_convertvector((heading_ok ? heading : V{}) * detail::kSectorsPerDegree, Index);
    sector0 = sector0 < static_cast<std::int32_t>(detail::kSectors - 1) ? sector0 : Index{} + (detail::kSectors - 1);
    if (fast != (active & in_range)) {
      I keep;
      lane_mask<I, W>(fast, keep);
      cell = __builtin_convertvector(keep, Index) ? cell : Index{} + none;
    }
    const Index first_list = cell * static_cast<std::int32_t>(detail::kSectors);
    for (std::size_t k = 0; k < detail::kRangefinderDirections.size(); ++k) {
      const auto [rc, rs] = detail::kRangefinderDirections[k];
      const V rx = (c * rc - sn * rs) * options.range;
      const V ry = (sn * rc + c * rs) * options.range;
      const Index list =
          first_list + ((sector0 + static_cast<std::int32_t>(detail::kRangefinderSectorOffsets[k])) & (detail::kSectors - 1));
      std::uint32_t wall0[W], wall1[W];
      const unsigned longer = read_heads<W>(grid.ray_heads.data(), list, wall0, wall1);
      V nearest = V{} + 1.0;
      I parallel = I{};
      // One wall of each lane's list (detail::ray_fraction's operations and the plain loop's "t >= 0 &&
      // t < nearest"); the sign of denom turns t's and w's numerators, so that the tests are exact.
      const auto test = [&](const std::uint32_t* walls) __attribute__((always_inline)) {
        V qx, qy, ex, ey;
        gather_rows<V, W>(grid.rows.data(), walls, qx, qy, ex, ey);
        const V qpx = qx - x, qpy = qy - y;
        const V denom = rx * ey - ry * ex;
        const V cross_qp_r = qpx * ry - qpy * rx;
        const V num = qpx * ey - qpy * ex;
        // (Turned by the sign bit: for denom = -0 or NaN this differs from "denom < 0 ? -num : num",
        // but neither can hit: denom != 0 below, and NaN fails every test.)
        const I sign = reinterpret_cast<I>(denom) & std::numeric_limits<std::int64_t>::min();
        const V t_num = reinterpret_cast<V>(reinterpret_cast<I>(num) ^ sign);
        const V w_num = reinterpret_cast<V>(reinterpret_cast<I>(cross_qp_r) ^ sign);
        const V scale = reinterpret_cast<V>(reinterpret_cast<I>(denom) ^ sign);  // |denom|
        parallel |= denom == 0.0;
        const I hit = (t_num >= 0.0) & (t_num <= scale) & (w_num >= 0.0) & (w_num <= scale) & (denom != 0.0);
        const V found = hit ? num / denom : V{} + 1.0;  // 1 never replaces the nearest
        nearest = found < nearest ? found : nearest;
      };
      test(wall0);
      test(wall1);
      // A third wall in the vector form too, when some lane has one (a list in four), the rest by the
      // scalar code.
      unsigned longest = 0;
      if (longer != 0) [[unlikely]] {
        std::uint32_t wall2[W];
        for (std::size_t l = 0; l < W; ++l) {
          wall2[l] = grid.none;
          if (!lane(longer, l)) continue;
          const auto at = static_cast<std::size_t>(list[l]);
          const std::uint32_t begin = grid.ray_begin[at];
          wall2[l] = grid.rays[begin + 2];
          longest |= (grid.ray_begin[at + 1] - begin > 3 ? 1u : 0u) << l;
        }
        test(wall2);
      }
      const unsigned parallel_lanes = lane_bits(parallel);
      const unsigned odd = fast & (longest | parallel_lanes);
      if (odd != 0) [[unlikely]] {
        for (std::size_t l = 0; l < W; ++l) {
          if (!lane(odd, l)) continue;
          // A wall parallel to the ray takes ray_fraction's other branch: the whole list by the scalar
          // code. A longer list goes on from its fourth wall.
          const auto at = static_cast<std::size_t>(list[l]);
          nearest[l] = lane(parallel_lanes, l) ? sim.grid_ray(x[l], y[l], rx[l], ry[l], at)
                                               : sim.grid_ray(x[l], y[l], rx[l], ry[l], at, 3, nearest[l]);
        }
      }
      std::memcpy(inputs + k * W, &nearest, sizeof nearest);  // the other lanes' are overwritten below
    }
    {
      // Radars, as detail::radar_slice decides (its tests in order: the first that holds wins).
      const V gx = sim.map_.goal_x - x, gy = sim.map_.goal_y - y;
      const V u = gx * c + gy * sn;
      const V v = -gx * sn + gy * c;
      const I s0 = (u > 0.0) & (-u <= v) & (v < u);
      const I s1 = (v > 0.0) & (-v < u) & (u <= v) & ~s0;
      const I s2 = (u < 0.0) & (u < v) & (v <= -u) & ~(s0 | s1);
      const I s3 = (v < 0.0) & (v <= u) & (u < -v) & ~(s0 | s1 | s2);
      const V one = V{} + 1.0, zero = V{};
      const V r0 = s0 ? one : zero, r1 = s1 ? one : zero, r2 = s2 ? one : zero, r3 = s3 ? one : zero;
      std::memcpy(inputs + 6 * W, &r0, sizeof r0);
      std::memcpy(inputs + 7 * W, &r1, sizeof r1);
      std::memcpy(inputs + 8 * W, &r2, sizeof r2);
      std::memcpy(inputs + 9 * W, &r3, sizeof r3);  // row 10, the bias, stays 1
    }
    if ((active & ~fast) != 0) [[unlikely]] {
      for (std::size_t l = 0; l < W; ++l) {
        if (!lane(active & ~fast, l)) continue;
        sim.sense_with(state(l), c[l], sn[l], sensed.data());
        for (std::size_t k = 0; k < maze_inputs; ++k) inputs[k * W + l] = sensed[k];
      }
    }

    controllers.activate(active, inputs, outputs);

    // Physics: step_with's operations (std::clamp is min(max(v, lo), hi)).
    V o1, o2;
    std::memcpy(&o1, outputs, sizeof o1);
    std::memcpy(&o2, outputs + W, sizeof o2);
    V new_turn = turn + (o1 - 0.5);
    new_turn = new_turn < -options.max_turn ? -(V{} + options.max_turn) : new_turn;
    new_turn = options.max_turn < new_turn ? V{} + options.max_turn : new_turn;
    V new_speed = speed + (o2 - 0.5);
    new_speed = new_speed < -options.max_speed ? -(V{} + options.max_speed) : new_speed;
    new_speed = options.max_speed < new_speed ? V{} + options.max_speed : new_speed;
    const V nx = x + c * new_speed;
    const V ny = y + sn * new_speed;
    Index at;
    const unsigned in_grid = cells(nx, ny, at);
    std::uint32_t wall0[W], wall1[W];
    const unsigned longer = read_heads<W>(grid.touch_heads.data(), at, wall0, wall1);
    const double radius2 = options.radius * options.radius;
    I near = I{};
    for (const std::uint32_t* walls : {wall0, wall1}) {
      // detail::point_wall_distance2 < radius^2.
      V qx, qy, ex, ey, len2;
      gather_rows<V, W>(grid.rows.data(), walls, qx, qy, ex, ey);
      for (std::size_t l = 0; l < W; ++l) len2[l] = grid.len2[walls[l]];
      V f = ((nx - qx) * ex + (ny - qy) * ey) / len2;
      f = f < 0.0 ? V{} : f;
      f = 1.0 < f ? V{} + 1.0 : f;
      const V cx = qx + f * ex - nx;
      const V cy = qy + f * ey - ny;
      near |= cx * cx + cy * cy < radius2;
    }
    unsigned blocked = lane_bits(near) & in_grid;
    const unsigned rest = (active & ~in_grid) | (in_grid & longer & ~blocked);
    if (rest != 0) [[unlikely]] {
      for (std::size_t l = 0; l < W; ++l) {
        if (!lane(rest, l)) continue;
        const bool touches = lane(in_grid, l) ? sim.grid_touches(static_cast<std::size_t>(at[l]), 2, nx[l], ny[l])
                                              : sim.collides_plain(nx[l], ny[l]);
        blocked |= (touches ? 1u : 0u) << l;
      }
    }
    // The heading wrapped into [0, 360) (detail::wrap_heading): by less than a turn in the vector form.
    const V h = heading + new_turn;
    V wrapped = h < 0.0 ? h + 360.0 : h >= 360.0 ? h - 360.0 : h;
    wrapped = wrapped >= 360.0 ? V{} : wrapped;  // h + 360 rounded up to 360
    const unsigned simple = lane_bits((h > -360.0) & (h < 720.0));
    if ((active & ~simple) != 0) [[unlikely]] {
      for (std::size_t l = 0; l < W; ++l) {
        if (!lane(simple, l)) wrapped[l] = detail::wrap_heading(h[l]);
      }
    }
    I moves, running;
    lane_mask<I, W>(active & ~blocked, moves);
    lane_mask<I, W>(active, running);
    x = moves ? nx : x;
    y = moves ? ny : y;
    turn = running ? new_turn : turn;
    speed = running ? new_speed : speed;
    heading = running ? wrapped : heading;
    if (path != nullptr) path->insert(path->end(), {x[0], y[0]});

    // At the goal: a lane clearly away from it needs no hypot (as in at_goal).
    const double reach = options.goal_radius * (1 + 0x1p-40);
    const V dx = x - sim.map_.goal_x, dy = y - sim.map_.goal_y;
    const unsigned near_goal = active & ~lane_bits((dx > reach) | (dx < -reach) | (dy > reach) | (dy < -reach));
    if (near_goal != 0) [[unlikely]] {
      for (std::size_t l = 0; l < W; ++l) {
        if (!lane(near_goal, l) || !sim.at_goal(x[l], y[l])) continue;
        outcomes[first + l] = sim.outcome(state(l), true, step + 1);
        active &= ~(1u << l);
      }
    }
  }
  for (std::size_t l = 0; l < W; ++l) {
    if (lane(active, l)) outcomes[first + l] = sim.outcome(state(l), false, options.steps);
  }
}

void MazeSimulator::run_many(MazeLaneControllers& controllers, std::span<MazeOutcome> outcomes) const {
  run_lanes(outcomes.size(), controllers, outcomes.data(), nullptr);
}

void MazeSimulator::run_lanes(std::size_t robots, MazeLaneControllers& controllers, MazeOutcome* outcomes,
                              std::vector<double>* path) const {
  if (grid_.ray_heads.empty() || robots == 1) {
    // One robot, or no grid (or too many walls for its heads): one robot after another, by the scalar
    // code, which gives the lanes' bits.
    for (std::size_t robot = 0; robot < robots; ++robot) outcomes[robot] = run_scalar(robot, controllers, path);
    return;
  }
#if defined(__x86_64__)
  if (path == nullptr && robots > 2 && pond::detail::simd_kernel() == pond::detail::SimdKernel::avx2) {
    Lanes::all_avx2(*this, robots, controllers, outcomes);
    return;
  }
#endif
  Lanes::all<f64x2, i64x2, 2>(*this, robots, controllers, outcomes, path);
}

MazeOutcome MazeSimulator::run_scalar(std::size_t robot, MazeLaneControllers& controllers,
                                      std::vector<double>* path) const {
  double inputs[maze_inputs];
  double outputs[maze_outputs] = {0.5, 0.5};
  MazeState s = initial_state();
  if (path != nullptr) path->insert(path->end(), {s.x, s.y});
  if (at_goal(s.x, s.y)) return outcome(s, true, 0);
  controllers.start_group(robot, 1, 1);
  sense(s, std::span<double>(inputs, maze_inputs));
  for (int i = 0; i < options_.warmup_activations; ++i) controllers.activate(1, inputs, outputs);
  for (int step = 0; step < options_.steps; ++step) {
    // sense(s) then step(s): both at the same heading, so its cos and sin are computed once.
    const auto [c, sn] = detail::cos_sin_deg(s.heading_deg);
    sense_with(s, c, sn, inputs);
    controllers.activate(1, inputs, outputs);
    step_with(s, c, sn, outputs[0], outputs[1]);
    if (path != nullptr) path->insert(path->end(), {s.x, s.y});
    if (at_goal(s.x, s.y)) return outcome(s, true, step + 1);
  }
  return outcome(s, false, options_.steps);
}

}  // namespace pond::tasks
