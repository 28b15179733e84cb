#include "pond/run/unforeseen_bench.hpp"

#include <fmt/format.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include <atomic>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <mutex>
#include <optional>
#include <numbers>
#include <sstream>

#include "pond/core/error.hpp"
#include "pond/run/experiment.hpp"
#include "pond/run/progress.hpp"
#include "pond/tasks/maze_maps.hpp"

namespace pond {

std::size_t UnforeseenLine::served() const noexcept {
  std::size_t n = 0;
  for (const auto& o : outcomes) n += o.served ? 1 : 0;
  return n;
}

double UnforeseenLine::evaluations_per_demand() const noexcept {
  if (outcomes.empty()) return 0.0;
  double sum = static_cast<double>(growth_evaluations);
  for (const auto& o : outcomes) sum += static_cast<double>(o.evaluations);
  return sum / static_cast<double>(outcomes.size());
}

double UnforeseenLine::seconds_per_demand() const noexcept {
  if (outcomes.empty()) return 0.0;
  double sum = growth_seconds;
  for (const auto& o : outcomes) sum += o.seconds;
  return sum / static_cast<double>(outcomes.size());
}

namespace {

constexpr std::uint64_t demand_tag = 0x64656d616e64;  // "demand": the demands drawn after growth
constexpr std::uint64_t search_tag = 0x736561726368;  // "search": each demand's refinement or plan

// Goal points in the maze's free space: uniform in `box` (the maze's descriptor box), at least `margin`
// from every wall. Throws pond::Error when the maze has no such space.
std::vector<std::vector<double>> maze_goals(const tasks::MazeMap& map, const DescriptorBox& box, std::size_t count,
                                            double margin, std::uint64_t seed) {
  std::vector<std::vector<double>> goals;
  for (std::size_t i = 0; i < count; ++i) {
    Rng rng = Rng::stream(seed, {demand_tag, 0, i});
    for (int attempt = 0;; ++attempt) {
      if (attempt == 100'000) throw Error(fmt::format("the maze has no free space {:g} units away from every wall", margin));
      const double x = box.lower[0] + (box.upper[0] - box.lower[0]) * rng.uniform();
      const double y = box.lower[1] + (box.upper[1] - box.lower[1]) * rng.uniform();
      bool free = true;
      for (const auto& w : map.walls) free = free && tasks::detail::point_segment_distance(x, y, w) >= margin;
      if (free) {
        goals.push_back({x, y});
        break;
      }
    }
  }
  return goals;
}

// Target points in the disc of radius `radius` around the arm's base, uniform by area.
std::vector<std::vector<double>> arm_targets(std::size_t count, double radius, std::uint64_t seed) {
  std::vector<std::vector<double>> targets;
  for (std::size_t i = 0; i < count; ++i) {
    Rng rng = Rng::stream(seed, {demand_tag, 1, i});
    const double r = radius * std::sqrt(rng.uniform()), a = 2.0 * std::numbers::pi * rng.uniform();
    targets.push_back({r * std::cos(a), r * std::sin(a)});
  }
  return targets;
}

// One domain: its grown pond and the demands on it.
struct Domain {
  std::string name;
  std::unique_ptr<Experiment> pond;
  UnforeseenDomain settings;
  std::vector<std::vector<double>> targets;
  std::size_t first_line = 0;  // index of its pond line in the result
  std::uint64_t tag = 0;       // tells its searches' seeds from the other domain's
};

// Grows a domain's pond, with progress.
void grow(Domain& d, const UnforeseenOptions& o) {
  const auto evaluator = make_evaluator(o.threads);
  std::optional<Progress> progress;
  if (o.progress != nullptr) {
    *o.progress << fmt::format("bench unforeseen: growing the {} pond ({} evaluations)\n", d.name, d.settings.pond_evals);
    progress.emplace(*o.progress, o.terminal, d.settings.pond_evals);
  }
  d.pond->run(*evaluator, {.evaluations = d.settings.pond_evals}, [&] {
    if (progress && progress->due()) progress->update(d.pond->evaluations(), d.pond->metrics());
    return true;
  });
  if (progress) progress->finish(d.pond->evaluations(), d.pond->metrics());
}

// The demands of `line` as points coloured served (1) or missed (0).
void mark_outcomes(plot::MazeDrawing& d, const UnforeseenLine& line, const std::string& what) {
  for (const auto& o : line.outcomes) {
    d.points.insert(d.points.end(), o.target.begin(), o.target.end());
    d.point_values.push_back(o.served ? 1.0 : 0.0);
  }
  d.value_min = 0.0;
  d.value_max = 1.0;
  d.value_label = "served (1) or missed (0)";
  d.points_label = fmt::format("{}: {} of {} served", what, line.served(), line.outcomes.size());
}

plot::MazeDrawing served_panel(const tasks::MazeMap& map, const UnforeseenLine& line, const std::string& title) {
  plot::MazeDrawing d;
  for (const auto& w : map.walls) d.walls.insert(d.walls.end(), {w.x1, w.y1, w.x2, w.y2});
  d.start_x = map.start_x;
  d.start_y = map.start_y;
  d.goal_x = map.goal_x;
  d.goal_y = map.goal_y;
  mark_outcomes(d, line, "unforeseen goals");
  d.goal_label = "the maze's own goal";
  d.title = title;
  return d;
}

}  // namespace

UnforeseenResult run_unforeseen_bench(const UnforeseenOptions& o) {
  for (const auto* d : {&o.maze, &o.arm_domain}) {
    if (d == &o.arm_domain && !o.arm) continue;
    if (d->pond_evals == 0 || d->demands == 0) throw Error("bench unforeseen: the pond budget and the number of demands must be positive");
    if (!(d->tolerance > 0.0)) throw Error("bench unforeseen: the tolerance must be > 0");
  }
  if (o.k == 0) throw Error("bench unforeseen: --k must be at least 1");
  const tasks::MazeMap map = tasks::load_maze(o.map);  // a bad map fails here, before any run

  std::vector<Domain> domains;
  {
    nlohmann::json maze = {{"task", "maze"}, {"map", o.map}, {"algo", "novelty"}, {"evals", o.maze.pond_evals},
                           {"seed", o.seed}, {"stop_when_solved", false}};
    auto pond = make_experiment(resolve_config(maze, "bench unforeseen"));
    auto goals = maze_goals(map, pond->descriptor_box(), o.maze.demands, o.wall_margin, o.seed);
    Domain d{"maze " + std::filesystem::path(o.map).stem().string(), std::move(pond), o.maze, std::move(goals), 0, 0};
    domains.push_back(std::move(d));
  }
  if (o.arm) {
    nlohmann::json arm = {{"task", "arm"}, {"joints", o.arm_joints}, {"algo", "cvt-map-elites"},
                          {"evals", o.arm_domain.pond_evals}, {"seed", o.seed}};
    Domain d{fmt::format("arm {}", o.arm_joints), make_experiment(resolve_config(arm, "bench unforeseen")), o.arm_domain,
             arm_targets(o.arm_domain.demands, 0.9 * static_cast<double>(o.arm_joints), o.seed), 0, 1};
    domains.push_back(std::move(d));
  }

  UnforeseenResult result;
  for (Domain& d : domains) {
    const auto start = std::chrono::steady_clock::now();
    grow(d, o);
    const double growth_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const auto& s = d.settings;
    d.first_line = result.lines.size();
    const std::uint64_t same_budget = s.pond_evals / s.demands + s.refine;
    result.lines.push_back({d.name, fmt::format("pond: stones + refinement <= {}", s.refine), {}, s.pond_evals,
                            growth_seconds, s.refine});
    result.lines.push_back({d.name, fmt::format("plan: from scratch, {} each", same_budget), {}, 0, 0.0, same_budget});
    result.lines.push_back({d.name, fmt::format("plan: from scratch, {} each", s.pond_evals), {}, 0, 0.0, s.pond_evals});
    result.lines[d.first_line].outcomes.resize(d.targets.size());
    result.lines[d.first_line + 1].outcomes.resize(d.targets.size());
    result.lines[d.first_line + 2].outcomes.resize(std::min(s.full_plans, d.targets.size()));
  }

  // Every (domain, method, demand) is one job; the long full-budget plans go first so that the
  // short jobs fill in around them.
  struct Job {
    Domain* domain;
    std::size_t method;  // 0 pond, 1 plan, 2 full plan
    std::size_t demand;
  };
  std::vector<Job> jobs;
  for (Domain& d : domains) {
    for (std::size_t i = 0; i < result.lines[d.first_line + 2].outcomes.size(); ++i) jobs.push_back({&d, 2, i});
  }
  for (Domain& d : domains) {
    for (std::size_t i = 0; i < d.targets.size(); ++i) {
      jobs.push_back({&d, 0, i});
      jobs.push_back({&d, 1, i});
    }
  }
  std::atomic<std::size_t> done{0};
  std::mutex progress_mutex;
  auto run_job = [&](const Job& job) {
    Domain& d = *job.domain;
    const Demand demand = Demand::near(d.targets[job.demand], d.settings.tolerance);
    const std::uint64_t seed = mix_seed(o.seed, {search_tag, d.tag, job.method, job.demand});
    SerialEvaluator serial;
    UnforeseenLine& line = result.lines[d.first_line + job.method];
    const FishReport r = job.method == 0
                             ? d.pond->fish(demand, {.k = o.k, .refine = d.settings.refine, .seed = seed}, serial)
                             : d.pond->plan(demand, line.budget, seed, serial);
    DemandOutcome& out = line.outcomes[job.demand];
    out.target = d.targets[job.demand];
    out.served = r.met;
    out.by_stone = r.met && r.from_stone && job.method == 0;
    out.distance = -r.answer.score;
    out.evaluations = r.evaluations;
    out.seconds = r.seconds;
    if (o.progress != nullptr) {
      const std::size_t n = ++done;
      const std::lock_guard lock(progress_mutex);
      if (o.terminal || n == jobs.size() || n % 50 == 0) {
        const std::string text = fmt::format("bench unforeseen: {}/{} searches done", n, jobs.size());
        *o.progress << (o.terminal ? "\r\033[K" + text : text + "\n") << std::flush;
      }
    }
  };
  tbb::task_arena arena(static_cast<int>(std::max<std::size_t>(1, o.threads)));
  arena.execute([&] {
    tbb::parallel_for(tbb::blocked_range<std::size_t>(0, jobs.size(), 1), [&](const tbb::blocked_range<std::size_t>& r) {
      for (std::size_t k = r.begin(); k != r.end(); ++k) run_job(jobs[k]);
    });
  });
  if (o.progress != nullptr && o.terminal) *o.progress << "\n";

  const Domain& maze = domains.front();
  result.maze_panels.push_back(served_panel(map, result.lines[maze.first_line],
                                            fmt::format("pond: {} stones, refinement <= {}", maze.pond->archive_size(), maze.settings.refine)));
  result.maze_panels.push_back(served_panel(map, result.lines[maze.first_line + 1],
                                            fmt::format("plan: fitness-based NEAT, {} each", result.lines[maze.first_line + 1].budget)));
  if (o.arm) {
    const Domain& arm = domains.back();
    std::vector<plot::MazeDrawing> panels;
    for (std::size_t m = 0; m < 2; ++m) {
      const UnforeseenLine& line = result.lines[arm.first_line + m];
      plot::MazeDrawing d;
      d.start_x = d.start_y = d.goal_x = d.goal_y = 0.0;  // the arm's base
      d.goal_radius = 0.0;
      d.start_label = d.goal_label = "the arm's base";
      const double reach = static_cast<double>(o.arm_joints);
      for (int k = 0; k <= 128; ++k) {  // the circle the arm reaches
        const double a = 2.0 * std::numbers::pi * k / 128.0;
        d.path.insert(d.path.end(), {reach * std::cos(a), reach * std::sin(a)});
      }
      d.path_label = "the arm's reach";
      mark_outcomes(d, line, "targets");
      d.title = m == 0 ? fmt::format("arm pond (CVT-MAP-Elites), refinement <= {}", arm.settings.refine)
                       : fmt::format("arm plan: Gaussian search, {} each", line.budget);
      panels.push_back(std::move(d));
    }
    result.arm_png = plot::maze_panels_png(panels);
  }
  return result;
}

std::string unforeseen_table(const UnforeseenResult& result) {
  std::ostringstream out;
  out << fmt::format("{:<10}  {:<36}  {:>7}  {:>14}  {:>9}  {:>14}  {:>12}\n", "domain", "method", "demands", "served",
                     "by stone", "evals/demand", "wall/demand");
  for (const auto& line : result.lines) {
    if (line.outcomes.empty()) continue;
    std::size_t by_stone = 0;
    for (const auto& o : line.outcomes) by_stone += o.by_stone ? 1 : 0;
    const double pct = 100.0 * static_cast<double>(line.served()) / static_cast<double>(line.outcomes.size());
    out << fmt::format("{:<10}  {:<36}  {:>7}  {:>7} ({:>4.0f}%)  {:>9}  {:>14.0f}  {:>11.3f}s\n", line.domain, line.method,
                       line.outcomes.size(), line.served(), pct, line.growth_evaluations > 0 ? std::to_string(by_stone) : "",
                       line.evaluations_per_demand(), line.seconds_per_demand());
  }
  out << "evals/demand and wall/demand of the pond include its growth shared over the demands.\n";
  return out.str();
}

std::string unforeseen_csv(const UnforeseenResult& result) {
  std::string csv = "domain,method,demand,x,y,served,by_stone,distance,evaluations,seconds\n";
  for (const auto& line : result.lines) {
    for (std::size_t i = 0; i < line.outcomes.size(); ++i) {
      const auto& o = line.outcomes[i];
      csv += fmt::format("{},{},{},{:.17g},{:.17g},{},{},{:.17g},{},{:.4f}\n", line.domain, line.method, i, o.target[0],
                         o.target[1], o.served ? 1 : 0, o.by_stone ? 1 : 0, o.distance, o.evaluations, o.seconds);
    }
  }
  return csv;
}

}  // namespace pond
