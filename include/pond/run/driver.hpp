#pragma once
/// @file
/// Runs an experiment inside a run directory: metrics rows, periodic checkpoints, progress, and at
/// the end the archive snapshots and pictures. `pond run`, `pond resume` and the bindings use it.

#include <atomic>
#include <ostream>
#include <string>
#include <vector>

#include "pond/core/scheduler.hpp"
#include "pond/run/experiment.hpp"
#include "pond/run/run_directory.hpp"

namespace pond {

/// How `drive_run` reports and where it starts.
struct DriveOptions {
  bool resume = false;              ///< continue from checkpoint.bin (from scratch when there is none)
  std::ostream* progress = nullptr; ///< where progress lines go; null = silent
  bool terminal = false;            ///< live progress line instead of plain lines
  double plain_interval = 5.0;      ///< seconds between plain progress lines
  bool plots = true;                ///< draw heatmap.png and progress.png at the end
  /// When set and becoming true (e.g. from a signal handler), the run checkpoints and stops.
  const std::atomic<bool>* stop_requested = nullptr;
};

/// The outcome of `drive_run`.
struct DriveResult {
  RunSummary summary;                   ///< the scheduler's summary
  std::uint64_t resumed_from = 0;       ///< evaluations loaded from the checkpoint (0 for a fresh start)
  bool interrupted = false;             ///< stopped early by `stop_requested`
  std::size_t archive_size = 0;         ///< elites in the search archive (differs from metrics for novelty)
  std::vector<std::string> files;       ///< files the experiment itself wrote at the end (maze.png, solution.json)
};

/// Runs (or resumes) the run in `run` until its budget is spent. Writes metrics.csv rows every
/// `report_every` evaluations, checkpoint.bin every `checkpoint_every` and at the end, then the final
/// archive (archive.bin, archive.json, and result_archive.* for novelty search) and the pictures.
/// Same seed, same archive: whatever the threads, and whether or not the run was interrupted and
/// resumed. Throws pond::Error on bad input or when a file cannot be written (the last checkpoint
/// stays valid). When the task throws, the state before the failing iteration is checkpointed first,
/// then the exception propagates: resuming continues from there.
/// NEAT tasks stop at their first solution when the config says so, and then also write
/// solution.json (and maze.png for the maze).
/// `experiment` must be freshly built from `run.config()`. When resuming with a budget below what the
/// checkpoint already did, throws pond::Error and changes nothing.
DriveResult drive_run(RunDirectory& run, Experiment& experiment, const DriveOptions& options);

}  // namespace pond
