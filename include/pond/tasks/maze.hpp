#pragma once
/// @file
/// Deceptive maze navigation (Lehman and Stanley, "Abandoning objectives: evolution through the search
/// for novelty alone", Evolutionary Computation 19(2), 2011): the map, its text format, and the robot
/// simulator. The controller is any callable (a neural network elsewhere in pond); nothing here knows
/// about networks.
///
/// Geometry: plain Cartesian coordinates in maze units; angles in degrees, 0 = +x, increasing toward +y.
/// "Relative" angles (sensors) are measured from the robot's heading in the same sense.

#include <array>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <stdexcept>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace pond::tasks {

/// A wall: the segment from (x1, y1) to (x2, y2), in maze units.
struct Segment {
  double x1, y1, x2, y2;
};

/// A maze: walls, the robot's start pose and the goal.
///
/// Text format (whitespace separated, any layout; the shipped files put one record per line):
/// number of walls N; start x y; start heading in degrees; goal x y; then N walls `x1 y1 x2 y2`.
struct MazeMap {
  std::vector<Segment> walls;  ///< the walls (each of nonzero length)
  double start_x = 0, start_y = 0;  ///< the robot's start position
  double start_heading_deg = 0;     ///< the robot's start heading, degrees
  double goal_x = 0, goal_y = 0;    ///< the goal position

  /// Parses the text format. `source` names the text in error messages. Throws pond::Error with the
  /// message "SOURCE:LINE: problem" for: a missing number (truncated text, or fewer walls than N), an
  /// extra token after the last wall, a token that is not a number, a wall count that is not a whole
  /// number, negative, or above 100000, a value that is not finite, and a zero-length wall.
  static MazeMap parse(std::string_view text, const std::string& source);

  /// Reads `file` and parses it (errors name the file). Throws pond::Error if the file cannot be read
  /// or its content is bad (see parse).
  static MazeMap load(const std::filesystem::path& file);

  /// The map in the text format, one record per line, with every number written so that it reads back
  /// exactly: `parse(to_text(), ...)` gives an equal map.
  std::string to_text() const;
};

/// Options of the maze simulator; the defaults are the published settings.
struct MazeOptions {
  double radius = 8;            ///< robot radius: a move ending closer than this to a wall is refused
  double range = 100;           ///< length of each rangefinder ray (also its normaliser)
  int steps = 400;              ///< number of simulation steps of an evaluation
  int warmup_activations = 10;  ///< controller activations on the initial inputs before the first step
  double goal_radius = 5;       ///< the robot has solved the maze when within this distance of the goal
  double max_speed = 3;         ///< |speed| is clamped to this (units per step)
  double max_turn = 3;          ///< |angular velocity| is clamped to this (degrees per step)
};

/// Number of controller inputs: 6 rangefinders, 4 goal radars, bias (in that order).
inline constexpr std::size_t maze_inputs = 11;
/// Number of controller outputs: o1 (turn), o2 (acceleration), each meant to lie in (0, 1).
inline constexpr std::size_t maze_outputs = 2;

/// The robot's dynamic state.
struct MazeState {
  double x, y;              ///< position
  double heading_deg;       ///< heading, degrees, kept in [0, 360) by step()
  double speed;             ///< units per step, in [-max_speed, max_speed]
  double angular_velocity;  ///< degrees per step, in [-max_turn, max_turn]
};

/// Result of one run.
struct MazeOutcome {
  double final_x, final_y;  ///< final position: the behaviour descriptor of novelty search
  double distance_to_goal;  ///< Euclidean distance from the final position to the goal
  bool solved;              ///< true if the robot came within goal_radius of the goal (and stopped there)
  int steps_taken;          ///< number of physics steps simulated (< steps when solved early)
  double fitness;           ///< 300 - distance_to_goal (the published fitness)
};

namespace detail {

/// Euclidean distance from point (px, py) to segment `s` (to its nearest point, endpoints included).
double point_segment_distance(double px, double py, const Segment& s) noexcept;

/// Where the ray segment from (px, py) to (px + dx, py + dy) first meets segment `s`, as the fraction
/// t in [0, 1] of the ray's length; -1 if it does not meet it. Endpoints count as hits. A collinear
/// overlap gives the first overlapping point. Multiply by the ray's length for a distance.
double ray_segment_fraction(double px, double py, double dx, double dy, const Segment& s) noexcept;

/// cos and sin of an angle in degrees, exact (0, +-1) at multiples of 90 degrees so that axis-aligned
/// poses give exact sensor geometry, within about one unit in the last place elsewhere; pond's own
/// polynomial (the same bits on every machine), also what the side-by-side runs compute. Returns
/// {cos, sin}; NaN for a non-finite angle.
std::array<double, 2> cos_sin_deg(double degrees) noexcept;

/// The radar slice (0..3) holding direction (u, v) in the robot's frame (u forward, v toward +90 deg):
/// slices [-45, 45), [45, 135), [135, 225), [225, 315) degrees; boundaries decided exactly. Returns -1
/// for (0, 0) (the goal at the robot's centre: no direction).
int radar_slice(double u, double v) noexcept;

}  // namespace detail

/// Controllers of robots that MazeSimulator::run_many activates a group at a time, laid out in lanes
/// (as neat::RecurrentNetworkLanes takes them): for controllers that compute several robots at once.
class MazeLaneControllers {
 public:
  /// A new group: robots first .. first + count - 1, in lanes 0 .. count - 1 of `lanes`.
  virtual void start_group(std::size_t first, std::size_t count, std::size_t lanes) = 0;
  /// One activation of the group's robots whose bit is set in `active` (bit l for lane l): input k of
  /// lane l is inputs[k * lanes + l] (maze_inputs rows); outputs[k * lanes + l] holds output k of lane
  /// l as its last activation left it (0.5 before the first) and receives the new one. The other
  /// lanes' outputs may be written too; they are not read.
  virtual void activate(unsigned active, const double* inputs, double* outputs) = 0;

 protected:
  ~MazeLaneControllers() = default;
};

/// The maze robot simulator. Immutable after construction: const members may be called concurrently.
class MazeSimulator {
 public:
  /// Makes a simulator for `map`. Throws std::invalid_argument if an option is out of range (radius,
  /// goal_radius, max_speed, max_turn finite and >= 0; range finite and > 0; steps, warmup >= 0).
  MazeSimulator(MazeMap map, MazeOptions options = {});

  /// Sensor readings at state `s` into `inputs` (at least maze_inputs values; the first 11 are written):
  /// [0..5] rangefinders at -90, -45, 0, 45, 90, 180 degrees from the heading, each the distance along
  /// its ray (length `range`) to the nearest wall it crosses, divided by `range` (1 if none);
  /// [6..9] radars toward the goal covering [-45, 45), [45, 135), [135, 225), [225, 315) degrees
  /// relative to the heading: 1 if the goal's direction lies in the slice, else 0 (all 0 if the goal is
  /// exactly at the robot's position); [10] bias, 1. Allocates nothing.
  /// Throws std::invalid_argument if `inputs.size()` < maze_inputs.
  void sense(const MazeState& s, std::span<double> inputs) const;

  /// One physics step with controller outputs o1, o2 (in (0, 1)): angular_velocity += o1 - 0.5 and
  /// speed += o2 - 0.5, each clamped to [-max_turn, max_turn] / [-max_speed, max_speed]; then the robot
  /// moves `speed` units along its current heading unless the new position would be closer than
  /// `radius` to any wall (then it stays; its speed is kept); then heading += angular_velocity, wrapped
  /// into [0, 360).
  void step(MazeState& s, double o1, double o2) const;

  /// Runs `controller(std::span<const double> inputs, std::span<double> outputs)` (11 inputs, 2
  /// outputs, the outputs preset to 0.5 before the first activation and otherwise left as the previous
  /// activation wrote them). The controller is first activated `warmup_activations` times on the
  /// initial inputs; then for each of `steps` steps: sense, activate once, step. The run stops (solved)
  /// as soon as the robot is within goal_radius (distance <= goal_radius) of the goal, checked at the
  /// start and after each step. If `path` is non-null, appends x, y of every position, the start
  /// included (2 * (steps_taken + 1) values). Exceptions thrown by the controller propagate.
  template <class Controller>
  MazeOutcome run(Controller&& controller, std::vector<double>* path = nullptr) const;

  /// Runs one robot per controller, side by side: two or four robots share each vector operation of
  /// sensing and physics (the widest the CPU has, see pond::detail::SimdKernel), and their controllers
  /// are activated one after another at each step, so that the robots' independent work overlaps.
  /// outcomes[i] receives exactly what run(controllers[i]) returns, bit for bit, whatever the width.
  /// Throws std::invalid_argument if the spans differ in size; exceptions thrown by a controller
  /// propagate.
  template <class Controller>
  void run_many(std::span<Controller> controllers, std::span<MazeOutcome> outcomes) const;

  /// Runs outcomes.size() robots side by side, as the other run_many, driven by `controllers` a group
  /// of lanes at a time. Exceptions thrown by the controllers propagate.
  void run_many(MazeLaneControllers& controllers, std::span<MazeOutcome> outcomes) const;

  /// The map.
  const MazeMap& map() const noexcept { return map_; }
  /// The options.
  const MazeOptions& options() const noexcept { return options_; }
  /// The start state: start position and heading, speed and angular velocity 0.
  MazeState initial_state() const noexcept;
  /// True if (x, y) is within goal_radius of the goal.
  bool at_goal(double x, double y) const noexcept;
  /// Distance from (x, y) to the goal.
  double distance_to_goal(double x, double y) const noexcept;

 private:
  // Per-wall data precomputed for sense() and step(): start point, direction, |direction|^2.
  struct WallData {
    double x1, y1, dx, dy, len2;
  };

  // A uniform grid over the walls' bounding box, built once (maze_sim.cpp, "Candidate grid"): per cell
  // and heading sector, the walls a rangefinder ray could find nearest; per cell, the walls a robot
  // there could touch.
  struct Grid {
    double x0 = 0, y0 = 0;         // lower corner
    double inv_cell = 0;           // 1 / cell side
    std::uint32_t nx = 0, ny = 0;  // cells per row, rows (0: no grid)
    std::vector<std::uint32_t> ray_begin;    // per (cell, sector): its range in `rays`
    std::vector<std::uint32_t> rays;         // wall indices
    std::vector<std::uint32_t> touch_begin;  // per cell: its range in `touch`
    std::vector<std::uint32_t> touch;        // wall indices
    // For the side-by-side runs: each list's head (per (cell, sector), and those of one more cell, all
    // empty, at the end; per cell, and one more), its first two walls (rows) in the low and high 15
    // bits, `none` where the list is shorter, and bit 31 set when it is longer than two. Empty when
    // there are too many walls for 15 bits: the runs then go lane by lane.
    std::vector<std::uint32_t> ray_heads, touch_heads;
    // Every wall's start and direction as a row of four doubles, and a last row of NaN (the `none`
    // wall) that no ray or collision test accepts.
    std::vector<double> rows;  // x1, y1, dx, dy per wall, then the NaN row
    std::vector<double> len2;  // per wall, then NaN
    std::uint32_t none = 0;    // the NaN row's index
  };

  // The side-by-side runs (maze_lanes.cpp): robots 0..robots-1; `path` (only with one robot) as in run().
  void run_lanes(std::size_t robots, MazeLaneControllers& controllers, MazeOutcome* outcomes,
                 std::vector<double>* path) const;
  struct Lanes;  // run_lanes' kernels, one per vector width
  // One robot by the scalar code (sense_with, step_with): a single run, or mazes without the grid's heads.
  MazeOutcome run_scalar(std::size_t robot, MazeLaneControllers& controllers, std::vector<double>* path) const;

  // Per-robot callables as lane controllers: each activated on its own robot's inputs and outputs.
  template <class Controller>
  class EachController final : public MazeLaneControllers {
   public:
    explicit EachController(Controller* controllers) : controllers_(controllers) {}
    void start_group(std::size_t first, std::size_t, std::size_t lanes) override {
      first_ = first;
      lanes_ = lanes;
    }
    void activate(unsigned active, const double* inputs, double* outputs) override {
      for (std::size_t l = 0; l < lanes_; ++l) {
        if (((active >> l) & 1u) == 0) continue;
        std::array<double, maze_inputs> in;
        std::array<double, maze_outputs> out;
        for (std::size_t k = 0; k < maze_inputs; ++k) in[k] = inputs[k * lanes_ + l];
        for (std::size_t k = 0; k < maze_outputs; ++k) out[k] = outputs[k * lanes_ + l];
        controllers_[first_ + l](std::span<const double>(in), std::span<double>(out));
        for (std::size_t k = 0; k < maze_outputs; ++k) outputs[k * lanes_ + l] = out[k];
      }
    }

   private:
    Controller* controllers_;
    std::size_t first_ = 0, lanes_ = 1;
  };

  // sense() and step() at cos and sin `c`, `sn` of s.heading_deg (detail::cos_sin_deg): run()
  // computes them once per step for both. The grid paths give bit for bit the plain loops' results.
  void sense_with(const MazeState& s, double c, double sn, double* inputs) const noexcept;
  void step_with(MazeState& s, double c, double sn, double o1, double o2) const noexcept;
  void rangefinders_plain(double px, double py, double c, double sn, double* out) const noexcept;
  bool rangefinders_grid(const MazeState& s, double c, double sn, double* out) const noexcept;
  // The nearest crossing fraction of the ray (rx, ry) from (px, py) among candidate list `list`
  // (cell * sectors + sector), 1 if none: the plain loop restricted to the list. With `from` and
  // `nearest`, it goes on from the list's entry `from` with the nearest found before it.
  double grid_ray(double px, double py, double rx, double ry, std::size_t list, std::uint32_t from = 0,
                  double nearest = 1.0) const noexcept;
  // Whether a wall of cell `cell`'s touch list, from its entry `from` on, is closer than the radius
  // to (nx, ny): the plain collision test restricted to the list.
  bool grid_touches(std::size_t cell, std::uint32_t from, double nx, double ny) const noexcept;
  bool collides_plain(double nx, double ny) const noexcept;
  bool grid_cell(double x, double y, std::size_t& cell) const noexcept;
  void build_grid();

  MazeOutcome outcome(const MazeState& s, bool solved, int steps_taken) const noexcept;

  MazeMap map_;
  MazeOptions options_;
  std::vector<WallData> walls_;
  Grid grid_;
};

template <class Controller>
MazeOutcome MazeSimulator::run(Controller&& controller, std::vector<double>* path) const {
  // Through a lambda, so that any callable (a function, a const object) has an address to pass.
  auto forward = [&controller](std::span<const double> in, std::span<double> out) { controller(in, out); };
  EachController<decltype(forward)> controllers(&forward);
  MazeOutcome outcome;
  run_lanes(1, controllers, &outcome, path);
  return outcome;
}

template <class Controller>
void MazeSimulator::run_many(std::span<Controller> controllers, std::span<MazeOutcome> outcomes) const {
  if (controllers.size() != outcomes.size()) {
    throw std::invalid_argument("MazeSimulator::run_many: " + std::to_string(controllers.size()) + " controllers but " +
                                std::to_string(outcomes.size()) + " outcomes");
  }
  EachController<Controller> each(controllers.data());
  run_lanes(controllers.size(), each, outcomes.data(), nullptr);
}

}  // namespace pond::tasks
