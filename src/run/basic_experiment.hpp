#pragma once
// The Experiment interface implemented once for any solution type: a task, an archive, an optional
// result archive and a scheduler. The registry (experiment.cpp, neat_experiment.cpp) fills it.

#include <memory>
#include <utility>
#include <vector>

#include "pond/run/archive_io.hpp"
#include "pond/neat/genome.hpp"
#include "pond/plot/plot.hpp"
#include "pond/run/experiment.hpp"

namespace pond {

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

  /// The task.
  const AnyTask<S>& task() const noexcept { return task_; }
  /// The scheduler.
  const Scheduler<S>& scheduler() const noexcept { return scheduler_; }
  /// The search archive.
  const Archive<S>& archive() const noexcept { return *archive_; }

 private:
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
