#pragma once
/// @file
/// The run directory: one folder per run holding everything about it.
///
///     run.json          resolved config, seed, pond version
///     metrics.csv       one row per reporting interval
///     checkpoint.bin    the whole search state; `pond resume` continues from it exactly
///     archive.bin/.json the final archive (compact binary, readable JSON); result_archive.* for novelty
///     heatmap.png, progress.png   pictures
///     solution.json     NEAT tasks: the first solution's genome; maze.png: the maze picture
///
/// Every file is written atomically (temporary file + rename), so a crash leaves the previous version.

#include <filesystem>
#include <optional>
#include <string>

#include "pond/core/binary_io.hpp"
#include "pond/run/run_config.hpp"

namespace pond {

class Experiment;

/// The version of pond (the project version).
const char* version() noexcept;

/// The columns of metrics.csv, in order.
inline constexpr const char* metrics_header =
    "evaluations,iterations,elites,coverage,qd_score,norm_qd_score,best_objective,novelty_threshold,archive_size,"
    "seconds\n";

/// What a checkpoint holds besides the scheduler's state.
struct CheckpointInfo {
  std::uint64_t metrics_bytes = 0;  ///< length of metrics.csv when the checkpoint was taken
  std::uint64_t next_report = 0;    ///< evaluation count of the next metrics row
  double seconds = 0.0;             ///< wall time spent on the run so far
};

/// A run's folder.
class RunDirectory {
 public:
  /// Creates `dir` (and parents) and writes run.json. Throws pond::Error when `dir` already holds a
  /// run or is a non-empty folder: nothing existing is touched then.
  static RunDirectory create(const std::filesystem::path& dir, const RunConfig& config);
  /// Opens an existing run: reads and validates run.json. Throws pond::Error naming the file.
  static RunDirectory open(const std::filesystem::path& dir);

  /// The folder.
  const std::filesystem::path& path() const noexcept { return path_; }
  /// The run's configuration.
  const RunConfig& config() const noexcept { return config_; }
  /// Path of a file in the folder.
  std::filesystem::path file(const std::string& name) const { return path_ / name; }
  /// Sets a new evaluation budget (to extend a run); `save_config` writes it to run.json.
  void set_evaluation_budget(std::uint64_t evals) noexcept { config_.evals = evals; }
  /// Writes run.json from the current config (atomically).
  void save_config() const;
  /// Uses `threads` evaluator threads from now on (this session only; run.json keeps its value).
  void set_threads(std::size_t threads) noexcept { session_threads_ = threads; }
  /// The evaluator threads for this session: set_threads' value, else the config's.
  std::size_t threads() const noexcept { return session_threads_.value_or(config_.threads); }

  /// Writes checkpoint.bin atomically.
  void write_checkpoint(const Experiment& experiment, const CheckpointInfo& info) const;
  /// True when checkpoint.bin exists.
  bool has_checkpoint() const;
  /// Loads checkpoint.bin into `experiment` (built from this run's config). Throws FormatError when the
  /// file is truncated, corrupt, or belongs to another configuration.
  CheckpointInfo read_checkpoint(Experiment& experiment) const;

 private:
  RunDirectory(std::filesystem::path path, RunConfig config) : path_(std::move(path)), config_(std::move(config)) {}
  std::filesystem::path path_;
  RunConfig config_;
  std::optional<std::size_t> session_threads_;
};

}  // namespace pond
