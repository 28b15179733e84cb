// `pond info` and `pond plot`.

#include <fmt/format.h>
#include <iostream>

#include "commands.hpp"
#include "pond/core/binary_io.hpp"
#include "pond/core/file_io.hpp"
#include "pond/run/archive_io.hpp"
#include "pond/run/run_directory.hpp"
#include "pond/run/run_plots.hpp"

namespace pond::cli {
namespace {

// Prints one line per archive found in the run.
void describe_archive(const RunDirectory& run, const std::string& stem, nlohmann::json& out, bool print) {
  const auto file = run.file(stem + ".bin");
  if (!std::filesystem::exists(file)) return;
  const std::string bytes = read_file(file);
  struct Summary {
    std::string kind;
    ArchiveMetrics metrics;
  };
  auto summarise = [&](const auto& archive) { return Summary{std::string(archive->kind()), archive->metrics()}; };
  const Summary summary = is_neat_task(run.config().task)
                              ? summarise(read_archive_bytes<neat::Genome>(bytes, file.string()))
                              : summarise(read_archive_bytes<Vector>(bytes, file.string()));
  const ArchiveMetrics& m = summary.metrics;
  auto num = [](double v) { return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(nullptr); };
  out[stem] = {{"kind", summary.kind},       {"elites", m.elites},      {"cells", m.cells},
               {"coverage", num(m.coverage)},   {"qd_score", m.qd_score},  {"norm_qd_score", num(m.norm_qd_score)},
               {"best_objective", num(m.best_objective)}, {"novelty_threshold", num(m.novelty_threshold)}};
  if (!print) return;
  std::cout << fmt::format("{:<16}{} archive, {} elites", stem + ":", summary.kind, m.elites);
  if (m.cells > 0) {
    std::cout << fmt::format(" in {} cells (coverage {:.2f}%), QD score {:.6g} (normalised {:.2f})", m.cells,
                             100.0 * m.coverage, m.qd_score, m.norm_qd_score);
  }
  if (std::isfinite(m.best_objective)) std::cout << fmt::format(", best objective {:.6g}", m.best_objective);
  if (std::isfinite(m.novelty_threshold)) std::cout << fmt::format(", novelty threshold {:.4g}", m.novelty_threshold);
  std::cout << '\n';
}

}  // namespace

Command add_info(CLI::App& app) {
  auto* sub = app.add_subcommand("info", "Describe a run directory: config, progress, archive");
  auto dir = std::make_shared<std::string>();
  auto json = std::make_shared<bool>(false);
  sub->add_option("dir", *dir, "The run directory")->required()->type_name("DIR");
  sub->add_flag("--json", *json, "Print one JSON object instead of text");
  return [=] {
    const RunDirectory run = RunDirectory::open(*dir);
    const auto& c = run.config();
    nlohmann::json out = {{"dir", *dir}, {"config", c.to_json()}, {"pond_version", version()}};
    std::uint64_t done = 0;
    const auto metrics_file = run.file("metrics.csv");
    if (std::filesystem::exists(metrics_file)) {
      const auto rows = read_metrics(metrics_file);
      if (!rows.empty()) done = static_cast<std::uint64_t>(rows.back().evaluations);
    }
    out["evaluations_reported"] = done;
    out["checkpoint"] = run.has_checkpoint();
    out["finished"] = std::filesystem::exists(run.file("archive.bin"));
    out["solved"] = std::filesystem::exists(run.file("solution.json"));
    if (!*json) {
      std::cout << fmt::format("run:            {}\n", *dir);
      if (is_neat_task(c.task)) {
        std::cout << fmt::format("task:           {}{}\n", c.task, c.task == "maze" ? " (map " + c.map + ")" : "");
        std::cout << fmt::format("algorithm:      NEAT selecting on {} (population {})\n", c.algo, c.population);
      } else {
        const std::string size = c.task == "arm" ? fmt::format("joints {}", c.joints)
                                 : c.task == "user" ? fmt::format("dim {}, defined in Python", c.dim)
                                                    : fmt::format("dim {}", c.dim);
        std::cout << fmt::format("task:           {} ({})\n", c.task, size);
        std::cout << fmt::format("algorithm:      {} ({} emitters, {} candidates per iteration)\n", c.algo, c.emitters,
                                 c.batch);
      }
      std::cout << fmt::format("seed:           {}\n", c.seed);
      std::cout << fmt::format("progress:       {} of {} evaluations{}\n", done, c.evals,
                               out["solved"].get<bool>()      ? " (solved: the solution is in solution.json)"
                               : out["finished"].get<bool>() ? " (finished)"
                               : run.has_checkpoint()        ? " (resumable)"
                                                             : "");
    }
    describe_archive(run, "archive", out, !*json);
    describe_archive(run, "result_archive", out, !*json);
    if (*json) std::cout << out.dump(2) << '\n';
    return exit_ok;
  };
}

Command add_plot(CLI::App& app) {
  auto* sub = app.add_subcommand("plot", "Draw a run's archive heatmap and QD score / coverage curves (PNG)");
  auto dir = std::make_shared<std::string>();
  sub->add_option("dir", *dir, "The run directory")->required()->type_name("DIR");
  return [=] {
    const RunDirectory run = RunDirectory::open(*dir);
    for (const auto& file : write_run_plots(run)) std::cout << "wrote " << file.string() << '\n';
    return exit_ok;
  };
}

}  // namespace pond::cli
