#include "pond/run/driver.hpp"

#include <chrono>
#include <cmath>
#include <iostream>
#include <fmt/format.h>

#include "pond/core/file_io.hpp"
#include "pond/run/experiment.hpp"
#include "pond/run/progress.hpp"
#include "pond/run/run_plots.hpp"

namespace pond {
namespace {

std::string metrics_row(const Experiment& s, double seconds) {
  const ArchiveMetrics m = s.metrics();
  auto num = [](double v) { return std::isfinite(v) ? fmt::format("{:.10g}", v) : std::string("nan"); };
  return fmt::format("{},{},{},{},{},{},{},{},{},{:.3f}\n", s.evaluations(), s.iterations(), m.elites, num(m.coverage),
                     num(m.qd_score), num(m.norm_qd_score), num(m.best_objective), num(m.novelty_threshold),
                     s.archive_size(), seconds);
}

void write_snapshot(const RunDirectory& run, const std::string& bytes, const nlohmann::json& json, const std::string& stem) {
  write_file_atomic(run.file(stem + ".bin"), bytes);
  write_file_atomic(run.file(stem + ".json"), json.dump() + "\n");
}

}  // namespace

DriveResult drive_run(RunDirectory& run, Experiment& experiment, const DriveOptions& options) {
  const RunConfig& config = run.config();
  DriveResult result;

  CheckpointInfo info{0, config.report_every, 0.0};
  const auto metrics_file = run.file("metrics.csv");
  if (options.resume && run.has_checkpoint()) {
    info = run.read_checkpoint(experiment);
    result.resumed_from = experiment.evaluations();
    if (config.evals < experiment.evaluations()) {
      throw Error("the run has already done " + std::to_string(experiment.evaluations()) +
                  " evaluations; a new budget must be at least that (got " + std::to_string(config.evals) + ")");
    }
    // Rows written after the checkpoint are dropped: the resumed run writes them again, identically.
    const std::string metrics = std::filesystem::exists(metrics_file) ? read_file(metrics_file) : std::string();
    if (metrics.size() < info.metrics_bytes) {
      throw Error(metrics_file.string() + " is shorter than the checkpoint expects (" + std::to_string(metrics.size()) +
                  " < " + std::to_string(info.metrics_bytes) + " bytes)");
    }
    write_file_atomic(metrics_file, std::string_view(metrics).substr(0, info.metrics_bytes));
  } else {
    write_file_atomic(metrics_file, metrics_header);
    info.metrics_bytes = std::string_view(metrics_header).size();
  }

  if (options.resume) run.save_config();  // a changed budget becomes part of the run only once it is known to fit

  auto evaluator = make_evaluator(run.threads());
  Progress progress(options.progress ? *options.progress : std::cerr, options.terminal, config.evals,
                    experiment.evaluations(), options.plain_interval);
  const auto start = std::chrono::steady_clock::now();
  auto elapsed = [&] { return info.seconds + std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(); };
  auto last_checkpoint = start;
  const double base_seconds = info.seconds;

  auto checkpoint = [&] {
    CheckpointInfo now = info;
    now.seconds = elapsed();
    run.write_checkpoint(experiment, now);
    last_checkpoint = std::chrono::steady_clock::now();
  };
  auto report_due_rows = [&] {
    while (experiment.evaluations() >= info.next_report) info.next_report += config.report_every;
    const std::string row = metrics_row(experiment, elapsed());
    append_file_synced(metrics_file, row);
    info.metrics_bytes += row.size();
  };

  std::uint64_t last_row = 0;  // evaluations of the last metrics row written this session
  auto after_iteration = [&] {
    if (experiment.evaluations() >= info.next_report || experiment.evaluations() >= config.evals) {
      report_due_rows();
      last_row = experiment.evaluations();
    }
    if (std::chrono::duration<double>(std::chrono::steady_clock::now() - last_checkpoint).count() >=
        config.checkpoint_every) {
      checkpoint();
    }
    // Metrics scan the whole archive: compute them only when a progress line is due.
    if (options.progress && progress.due()) progress.update(experiment.evaluations(), experiment.metrics());
    if (options.stop_requested && options.stop_requested->load()) {
      result.interrupted = true;
      return false;
    }
    return true;
  };

  const bool already_solved = config.stop_when_solved && experiment.first_solution() != 0;
  if (experiment.evaluations() < config.evals && !already_solved) {
    const RunLimits limits{.evaluations = config.evals, .stop_when_solved = config.stop_when_solved};
    try {
      result.summary = experiment.run(*evaluator, limits, after_iteration);
    } catch (...) {
      // The task failed (a Python function raised, an MPI worker's evaluation threw): the scheduler is
      // as it was before the failing iteration, so checkpoint that state; `resume` continues from it.
      try {
        checkpoint();
      } catch (...) {  // the original error matters more than a failed checkpoint
      }
      throw;
    }
    // A run that stopped at its solution ends with a row for where it stopped.
    if (!result.interrupted && last_row != experiment.evaluations()) report_due_rows();
  } else {
    // A resumed run that had already found its solution does not search on.
    result.summary.termination = already_solved ? "solved" : "evaluation budget reached";
  }
  result.summary.evaluations = experiment.evaluations();
  result.summary.iterations = experiment.iterations();
  result.summary.metrics = experiment.metrics();
  result.summary.best_objective = experiment.best_objective();
  result.summary.first_solution = experiment.first_solution();
  result.summary.seconds = elapsed() - base_seconds;
  result.archive_size = experiment.archive_size();
  checkpoint();
  if (options.progress) progress.finish(experiment.evaluations(), experiment.metrics());
  if (result.interrupted) return result;

  write_snapshot(run, experiment.archive_bytes(), experiment.archive_json(), "archive");
  if (experiment.has_result_archive()) {
    write_snapshot(run, experiment.result_archive_bytes(), experiment.result_archive_json(), "result_archive");
  }
  result.files = experiment.write_results(run);
  if (options.plots) write_run_plots(run);
  return result;
}

}  // namespace pond
