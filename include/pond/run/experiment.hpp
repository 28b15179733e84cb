#pragma once
/// @file
/// Builds the parts of a run (task, archive, result archive, emitters, scheduler) from a RunConfig:
/// the one registry through which the CLI, the tests and the bindings make experiments, so that
/// "MAP-Elites", "novelty search" and the rest are configurations of the same parts.

#include <memory>
#include <vector>

#include "pond/core/scheduler.hpp"
#include "pond/run/run_config.hpp"

namespace pond {

struct TaskParts;

/// A ready-to-run experiment on a real-vector task.
class Experiment {
 public:
  /// Builds everything the config names. Throws pond::Error or std::invalid_argument on bad options.
  explicit Experiment(const RunConfig& config);
  ~Experiment();
  Experiment(const Experiment&) = delete;
  Experiment& operator=(const Experiment&) = delete;

  /// The configuration it was built from.
  const RunConfig& config() const noexcept { return config_; }
  /// The task.
  const AnyTask<Vector>& task() const noexcept { return task_; }
  /// The scheduler (owns the emitters; refers to the archives).
  Scheduler<Vector>& scheduler() noexcept { return *scheduler_; }
  /// The scheduler, read-only.
  const Scheduler<Vector>& scheduler() const noexcept { return *scheduler_; }
  /// The archive the emitters draw from.
  const Archive<Vector>& archive() const noexcept { return *archive_; }
  /// The archive metrics report (the measuring grid of a novelty search, else the archive).
  const Archive<Vector>& reporting_archive() const noexcept { return scheduler_->reporting_archive(); }
  /// Lower corner of the task's descriptor box.
  const std::vector<double>& descriptor_lower() const noexcept { return lower_; }
  /// Upper corner of the task's descriptor box.
  const std::vector<double>& descriptor_upper() const noexcept { return upper_; }

 private:
  Experiment(const RunConfig& config, const TaskParts& parts);
  RunConfig config_;
  AnyTask<Vector> task_;
  std::vector<double> lower_, upper_;
  std::unique_ptr<Archive<Vector>> archive_;
  std::unique_ptr<Archive<Vector>> result_archive_;
  std::unique_ptr<Scheduler<Vector>> scheduler_;
};

/// Makes an empty archive from the JSON its `config()` wrote ("kind": grid, cvt or novelty).
/// Throws pond::Error naming `source` when the JSON is not a valid archive config.
std::unique_ptr<Archive<Vector>> make_archive(const nlohmann::json& config, const std::string& source);

/// Serialises an archive to pond's binary archive format (magic "PNDA", versioned, checksummed);
/// it carries the archive's config, so `read_archive` needs nothing else.
std::string write_archive_bytes(const Archive<Vector>& archive);
/// Reads an archive written by `write_archive_bytes`. Throws FormatError naming `source` on bad data.
std::unique_ptr<Archive<Vector>> read_archive_bytes(std::string_view bytes, const std::string& source);

}  // namespace pond
