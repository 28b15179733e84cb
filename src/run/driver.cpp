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

std::string metrics_row(const Scheduler<Vector>& s, double seconds) {
  const ArchiveMetrics m = s.metrics();
  auto num = [](double v) { return std::isfinite(v) ? fmt::format("{:.10g}", v) : std::string("nan"); };
  return fmt::format("{},{},{},{},{},{},{},{},{},{:.3f}\n", s.evaluations(), s.iterations(), m.elites, num(m.coverage),
                     num(m.qd_score), num(m.norm_qd_score), num(m.best_objective), num(m.novelty_threshold),
                     s.archive().size(), seconds);
}

void write_snapshot(const RunDirectory& run, const Archive<Vector>& archive, const std::string& stem) {
  write_file_atomic(run.file(stem + ".bin"), write_archive_bytes(archive));
  write_file_atomic(run.file(stem + ".json"), archive.to_json().dump() + "\n");
}

}  // namespace

DriveResult drive_run(RunDirectory& run, Experiment& experiment, const DriveOptions& options) {
  const RunConfig& config = run.config();
  Scheduler<Vector>& scheduler = experiment.scheduler();
  DriveResult result;

  CheckpointInfo info{0, config.report_every, 0.0};
  const auto metrics_file = run.file("metrics.csv");
  if (options.resume && run.has_checkpoint()) {
    info = run.read_checkpoint(scheduler);
    result.resumed_from = scheduler.evaluations();
    if (config.evals < scheduler.evaluations()) {
      throw Error("the run has already done " + std::to_string(scheduler.evaluations()) +
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
                    scheduler.evaluations(), options.plain_interval);
  const auto start = std::chrono::steady_clock::now();
  auto elapsed = [&] { return info.seconds + std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(); };
  auto last_checkpoint = start;
  const double base_seconds = info.seconds;

  auto checkpoint = [&] {
    CheckpointInfo now = info;
    now.seconds = elapsed();
    run.write_checkpoint(scheduler, now);
    last_checkpoint = std::chrono::steady_clock::now();
  };
  auto report_due_rows = [&] {
    while (scheduler.evaluations() >= info.next_report) info.next_report += config.report_every;
    const std::string row = metrics_row(scheduler, elapsed());
    append_file_synced(metrics_file, row);
    info.metrics_bytes += row.size();
  };

  auto after_iteration = [&](const Scheduler<Vector>& s) {
    if (s.evaluations() >= info.next_report || s.evaluations() >= config.evals) report_due_rows();
    if (std::chrono::duration<double>(std::chrono::steady_clock::now() - last_checkpoint).count() >=
        config.checkpoint_every) {
      checkpoint();
    }
    // Metrics scan the whole archive: compute them only when a progress line is due.
    if (options.progress && progress.due()) progress.update(s.evaluations(), s.metrics());
    if (options.stop_requested && options.stop_requested->load()) {
      result.interrupted = true;
      return false;
    }
    return true;
  };

  if (scheduler.evaluations() < config.evals) {
    result.summary = scheduler.run(experiment.task(), *evaluator, {.evaluations = config.evals}, after_iteration);
  } else {
    result.summary.termination = "evaluation budget reached";
  }
  result.summary.evaluations = scheduler.evaluations();
  result.summary.iterations = scheduler.iterations();
  result.summary.metrics = scheduler.metrics();
  result.summary.best_objective = scheduler.best_objective();
  result.summary.best_id = scheduler.best_id();
  result.summary.seconds = elapsed() - base_seconds;
  result.archive_size = experiment.archive().size();
  checkpoint();
  if (options.progress) progress.finish(scheduler.evaluations(), scheduler.metrics());
  if (result.interrupted) return result;

  write_snapshot(run, experiment.archive(), "archive");
  if (scheduler.result_archive() != nullptr) write_snapshot(run, *scheduler.result_archive(), "result_archive");
  if (options.plots) write_run_plots(run);
  return result;
}

}  // namespace pond
