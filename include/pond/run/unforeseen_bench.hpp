#pragma once
/// @file
/// The unforeseen-demands benchmark (`pond bench unforeseen`): grow one pond without an objective,
/// then serve many demands nobody planned for, and compare with a plan made for each demand alone.
///
/// Maze line: novelty search grows a pond on a maze (not stopping at its goal); goal points are drawn
/// from the free space (at least `wall_margin` from any wall); for each, the pond answers with its
/// nearest stones and a refinement of at most `refine` evaluations, and the plan is fitness-based NEAT
/// from scratch toward that point with the same budget per demand (pond budget / goals + refine).
/// A few goals also get a plan with the whole pond budget. A goal is served when the robot ends within
/// `tolerance` of it. Arm line: the same with a pond grown by CVT-MAP-Elites on the planar arm,
/// target points drawn in the disc the arm reaches, and the end effector's distance to the target.

#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

#include "pond/plot/plot.hpp"

namespace pond {

/// One domain's settings.
struct UnforeseenDomain {
  std::uint64_t pond_evals = 250'000;  ///< the pond's growth budget
  std::size_t demands = 100;           ///< demands drawn after the pond was grown
  std::uint64_t refine = 2'500;        ///< the pond's refinement budget per demand
  std::size_t full_plans = 10;         ///< demands that also get a plan with the whole pond budget
  double tolerance = 5.0;              ///< a demand is served within this distance
};

/// What to run.
struct UnforeseenOptions {
  std::string map = "hard";            ///< maze: medium, hard or a maze file
  UnforeseenDomain maze;               ///< the maze line (published setting: 250,000; 100 goals; 2,500; 10; 5)
  double wall_margin = 10.0;           ///< maze goals lie at least this far from every wall
  bool arm = true;                     ///< also run the arm line
  std::size_t arm_joints = 100;        ///< joints of the arm
  /// The arm line: pond 1,000,000 evaluations; 1,000 targets; refinement 1,000; 10 full plans;
  /// served within 1 (half a cell of the usual 100 × 100 grid of a 100-joint arm).
  UnforeseenDomain arm_domain{1'000'000, 1'000, 1'000, 10, 1.0};
  std::size_t k = 5;                   ///< stones fished per demand
  std::uint64_t seed = 1;              ///< one seed for everything (the ponds, the demands, the searches)
  std::size_t threads = 1;             ///< demands served in parallel; never changes the results
  std::ostream* progress = nullptr;    ///< where progress goes; null = silent
  bool terminal = false;               ///< live progress line instead of plain lines
};

/// How one demand was served by one method.
struct DemandOutcome {
  std::vector<double> target;       ///< the demanded point
  bool served = false;              ///< whether the answer ends within the tolerance
  bool by_stone = false;            ///< served by a stone as it was, without search
  double distance = 0.0;            ///< the answer's distance to the target
  std::uint64_t evaluations = 0;    ///< evaluations the search spent on this demand
  double seconds = 0.0;             ///< wall time spent on this demand
};

/// One method's line of the table.
struct UnforeseenLine {
  std::string domain;                  ///< "maze hard", "arm 100"
  std::string method;                  ///< "pond", "plan", "plan (full budget)"
  std::vector<DemandOutcome> outcomes; ///< one per demand
  std::uint64_t growth_evaluations = 0;  ///< the pond's growth (0 for plans)
  double growth_seconds = 0.0;         ///< its wall time
  std::uint64_t budget = 0;            ///< the search budget per demand
  std::size_t served() const noexcept;  ///< demands served
  /// Evaluations per demand: the search's mean plus, for the pond, its growth shared over the demands.
  double evaluations_per_demand() const noexcept;
  /// Wall seconds per demand, the pond's growth shared likewise.
  double seconds_per_demand() const noexcept;
};

/// The benchmark's results.
struct UnforeseenResult {
  std::vector<UnforeseenLine> lines;      ///< maze pond, plan, full plan; then the arm's
  std::vector<plot::MazeDrawing> maze_panels;  ///< served and missed goals: pond | plan
  std::string arm_png;                    ///< the arm's targets, served or missed, pond | plan (empty without the arm line)
};

/// Runs the benchmark. The results depend only on the options, not on the threads (wall times aside).
/// Throws pond::Error on a bad map or option, before running anything.
UnforeseenResult run_unforeseen_bench(const UnforeseenOptions& options);

/// The table: domain, method, demands, served (%), served by a stone as it was, evaluations per demand,
/// wall time per demand.
std::string unforeseen_table(const UnforeseenResult& result);

/// Every demand as CSV (domain,method,demand,x,y,served,by_stone,distance,evaluations,seconds).
std::string unforeseen_csv(const UnforeseenResult& result);

}  // namespace pond
