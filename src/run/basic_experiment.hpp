#pragma once
// The Experiment interface implemented once for any solution type: a task, an archive, an optional
// result archive and a scheduler. The registry (experiment.cpp, neat_experiment.cpp) fills it.

#include <chrono>
#include <cmath>
#include <fmt/format.h>
#include <memory>
#include <utility>
#include <vector>

#include "pond/core/cvt_archive.hpp"
#include "pond/core/grid_archive.hpp"
#include "pond/core/refine.hpp"
#include "pond/neat/genome.hpp"
#include "pond/neat/neat_emitter.hpp"
#include "pond/plot/plot.hpp"
#include "pond/run/archive_io.hpp"
#include "pond/run/experiment.hpp"
#include "pond/run/run_plots.hpp"

namespace pond {

/// The descriptor box of a grid or CVT archive; nullopt for others.
template <class S>
std::optional<DescriptorBox> box_of(const Archive<S>* archive) {
  if (const auto* g = dynamic_cast<const GridArchive<S>*>(archive)) return DescriptorBox{g->options().lower, g->options().upper};
  if (const auto* c = dynamic_cast<const CvtArchive<S>*>(archive)) return DescriptorBox{c->options().lower, c->options().upper};
  return std::nullopt;
}

/// The flat 2-D descriptors of the chain of stepping stones that led to `id`, oldest first.
std::vector<double> chain_descriptors(const Genealogy& genealogy, EliteId id);

/// The arm's joint positions for joint angles `theta` (links of length 1), flat from the base (0, 0)
/// to the end effector.
std::vector<double> arm_joint_positions(const Vector& theta);

/// "served after 1,234 evaluations" and the like: a fishing's outcome in words.
std::string fish_outcome(const FishReport& report);

template <class S>
class BasicExperiment : public Experiment {
 public:
  BasicExperiment(RunConfig config, AnyTask<S> task, std::unique_ptr<Archive<S>> archive,
                  std::unique_ptr<Archive<S>> result_archive, std::vector<std::unique_ptr<Emitter<S>>> emitters)
      : config_(std::move(config)),
        task_(std::move(task)),
        archive_(std::move(archive)),
        result_archive_(std::move(result_archive)),
        scheduler_(*archive_, std::move(emitters), config_.seed, result_archive_.get()) {}

  const RunConfig& config() const noexcept override { return config_; }
  RunSummary run(Evaluator& evaluator, const RunLimits& limits, const std::function<bool()>& after_iteration) override {
    return scheduler_.run(task_, evaluator, limits, [&](const Scheduler<S>&) { return after_iteration(); });
  }
  std::uint64_t evaluations() const noexcept override { return scheduler_.evaluations(); }
  std::uint64_t iterations() const noexcept override { return scheduler_.iterations(); }
  ArchiveMetrics metrics() const override { return scheduler_.metrics(); }
  std::size_t archive_size() const noexcept override { return archive_->size(); }
  double best_objective() const noexcept override { return scheduler_.best_objective(); }
  std::uint64_t first_solution() const noexcept override { return scheduler_.first_solution(); }
  const Genealogy& genealogy() const noexcept override { return scheduler_.genealogy(); }
  void save(BinaryWriter& out) const override { scheduler_.save(out); }
  void load(BinaryReader& in) override { scheduler_.load(in); }
  std::string archive_bytes() const override { return write_archive_bytes(*archive_); }
  nlohmann::json archive_json() const override { return archive_->to_json(); }
  bool has_result_archive() const noexcept override { return result_archive_ != nullptr; }
  std::string result_archive_bytes() const override { return write_archive_bytes(*result_archive_); }
  nlohmann::json result_archive_json() const override { return result_archive_->to_json(); }
  void distribute(Distributor& distributor, Evaluator& local) override {
    task_ = AnyTask<S>(DistributedTask<AnyTask<S>>(task_, distributor, local), task_.name());
  }
  void serve(Distributor& distributor, Evaluator& local) const override { serve_task(task_, distributor, local); }

  DescriptorBox descriptor_box() const override {
    if (auto box = box_of<S>(result_archive_.get())) return *box;
    if (auto box = box_of<S>(archive_.get())) return *box;
    throw Error("this run's archives have no descriptor bounds");
  }

  FishReport fish(const Demand& demand, const FishOptions& options, Evaluator& evaluator) const override {
    const auto start = std::chrono::steady_clock::now();
    std::vector<const Archive<S>*> archives{archive_.get()};
    if (result_archive_) archives.push_back(result_archive_.get());
    const DescriptorBox box = descriptor_box();
    const auto stones = pond::fish<S>(archives, demand, options.k, &box);
    if (stones.empty()) throw Error("the pond is empty: there is no stone to fish");
    FishReport report = search(demand, stones, options.refine, options.seed, evaluator, options.sigma);
    for (const Catch<S>& c : stones) {
      report.stones.push_back({c.id, c.score, c.objective, c.descriptor, SolutionCodec<S>::to_json(c.solution)});
    }
    if (report.from_stone) report.answer.id = stones.front().id;
    report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return report;
  }

  FishReport plan(const Demand& demand, std::uint64_t budget, std::uint64_t seed, Evaluator& evaluator) const override {
    if (budget == 0) throw Error("a plan needs a budget of at least one evaluation");
    const DescriptorBox box = descriptor_box();
    demand.check(box.lower.size(), &box);
    const auto start = std::chrono::steady_clock::now();
    FishReport report = search(demand, {}, budget, seed, evaluator, std::numeric_limits<double>::quiet_NaN());
    report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return report;
  }

  std::string fish_png(const Demand& demand, const FishReport& report) const override {
    if constexpr (std::is_same_v<S, Vector>) {
      if (config_.task == "arm") return arm_pose_png(demand, report);
    }
    if (archive_->descriptor_dim() != 2) throw Error("only 2-D descriptors can be drawn");
    plot::PathOverlay overlay;
    const auto& from = report.stones.empty() ? report.answer.descriptor : report.stones.front().descriptor;
    overlay.xy.assign(from.begin(), from.end());
    if (!report.from_stone) overlay.xy.insert(overlay.xy.end(), report.answer.descriptor.begin(), report.answer.descriptor.end());
    overlay.xy.insert(overlay.xy.end(), demand.target().begin(), demand.target().end());
    overlay.label = report.from_stone ? "best stone → target" : "best stone → answer → target";
    return archive_picture_png(reporting_archive(), fmt::format("{}: {}", demand.description(), fish_outcome(report)), &overlay);
  }

  std::string lineage_png(EliteId id) const override {
    if (archive_->descriptor_dim() != 2) throw Error("lineage pictures need 2-D descriptors");
    plot::PathOverlay overlay{chain_descriptors(genealogy(), id), "stepping stones to " + std::to_string(id)};
    return archive_picture_png(reporting_archive(),
                               fmt::format("Lineage of candidate {}: {} stepping stones", id, overlay.xy.size() / 2), &overlay);
  }

  /// The solution of candidate `id` if an archive holds it (or it was the first solution).
  std::optional<S> solution_of(EliteId id) const {
    for (const Archive<S>* a : {archive_.get(), result_archive_.get()}) {
      if (a == nullptr) continue;
      const auto ids = a->elites().ids();
      for (std::size_t slot = 0; slot < ids.size(); ++slot) {
        if (ids[slot] == id) return a->elites().solution(slot);
      }
    }
    if (scheduler_.first_solved() && scheduler_.first_solution() == id + 1) return scheduler_.first_solved();
    return std::nullopt;
  }

  /// The task.
  const AnyTask<S>& task() const noexcept { return task_; }
  /// The scheduler.
  const Scheduler<S>& scheduler() const noexcept { return scheduler_; }
  /// The search archive.
  const Archive<S>& archive() const noexcept { return *archive_; }

 private:
  const Archive<S>& reporting_archive() const { return result_archive_ ? *result_archive_ : *archive_; }

  // A refinement from `stones`, or a plan from scratch when there is none.
  FishReport search(const Demand& demand, std::span<const Catch<S>> stones, std::uint64_t budget, std::uint64_t seed,
                    Evaluator& evaluator, double sigma) const {
    const auto found = refine(task_, demand, stones, search_emitters(stones, sigma), {.budget = budget, .seed = seed}, evaluator);
    FishReport report;
    report.demand = demand.description();
    report.answer = {no_parent, found.score, found.objective, found.descriptor, SolutionCodec<S>::to_json(found.solution)};
    report.met = found.met;
    report.from_stone = found.from_stone;
    report.evaluations = found.evaluations;
    return report;
  }

  // The emitters of a search toward a demand: NEAT founded on the stones (or from the run's seed genome),
  // or an adaptive Gaussian search around the best stone (or from the origin).
  std::vector<std::unique_ptr<Emitter<S>>> search_emitters(std::span<const Catch<S>> stones, double sigma) const {
    const Emitter<S>& first = *scheduler_.emitters().front();
    if constexpr (std::is_same_v<S, Vector>) {
      const auto& vector_emitter = dynamic_cast<const VectorEmitter&>(first);
      const Vector start = stones.empty() ? Vector(vector_emitter.dim(), 0.0) : stones.front().solution;
      if (!std::isfinite(sigma)) sigma = stones.empty() ? config_.sigma : config_.sigma / 100.0;
      return refine_emitters(start, sigma, std::max<std::size_t>(config_.batch / std::max<std::size_t>(config_.emitters, 1), 1));
    } else {
      neat::NeatEmitterOptions o = dynamic_cast<const neat::NeatEmitter&>(first).options();
      o.selection = neat::Selection::fitness;
      o.founders.clear();
      for (const Catch<S>& c : stones) o.founders.push_back(c.solution);
      std::vector<std::unique_ptr<Emitter<S>>> emitters;
      emitters.push_back(std::make_unique<neat::NeatEmitter>(std::move(o)));
      return emitters;
    }
  }

  // The arm reaching for the demanded point: its links from the base, the target and the stones' ends.
  std::string arm_pose_png(const Demand& demand, const FishReport& report) const {
    plot::MazeDrawing d;
    const Vector theta = report.answer.solution.template get<Vector>();
    d.path = arm_joint_positions(theta);
    d.path_label = "the answer's arm";
    d.start_x = d.start_y = 0.0;
    const auto& target = demand.target().size() == 2 ? demand.target() : report.answer.descriptor;
    d.goal_x = target[0];
    d.goal_y = target[1];
    d.goal_radius = demand.tolerance();
    d.start_label = "the arm's base";
    d.goal_label = demand.target().size() == 2 ? "demanded point" : "the answer's hand";
    for (const auto& s : report.stones) d.points.insert(d.points.end(), s.descriptor.begin(), s.descriptor.end());
    d.points_label = fmt::format("end points of the stones ({})", report.stones.size());
    d.title = fmt::format("{} joints, {}: {}", theta.size(), demand.description(), fish_outcome(report));
    return plot::maze_png(d);
  }

  RunConfig config_;
  AnyTask<S> task_;
  std::unique_ptr<Archive<S>> archive_;
  std::unique_ptr<Archive<S>> result_archive_;
  Scheduler<S> scheduler_;
};

/// Builds the experiment of a NEAT task (neat_experiment.cpp); `user` supplies the "user-neat" task.
std::unique_ptr<Experiment> make_neat_experiment(const RunConfig& config, const UserTask* user);

/// Throws pond::Error unless the user task's descriptor box and the config's grid resolution both have
/// `descriptor_dim` entries.
void check_user_box(const RunConfig& config, const UserTask& user, std::size_t descriptor_dim);

/// The message for a run of task "user" or "user-neat" built without its user task.
std::string user_task_missing(const std::string& task);

/// The maze picture of a maze experiment (archived end points for novelty search, the last
/// generation's otherwise, and the solution's path). Throws std::invalid_argument for other tasks.
plot::MazeDrawing maze_drawing(const Experiment& experiment);

}  // namespace pond
