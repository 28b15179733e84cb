// `pond run` and `pond resume`.

#include <csignal>
#include <fmt/format.h>
#include <iostream>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <sstream>
#include <tuple>

#include "cluster.hpp"
#include "commands.hpp"
#include "pond/core/error.hpp"
#include "pond/core/file_io.hpp"
#include "pond/run/driver.hpp"
#include "pond/run/experiment.hpp"
#include "pond/run/progress.hpp"

namespace pond::cli {
namespace {

std::atomic<bool> g_stop{false};

extern "C" void on_signal(int) { g_stop.store(true); }

// Installs handlers so Ctrl-C or `kill` checkpoints the run before it stops.
void install_stop_handlers() {
  std::signal(SIGINT, on_signal);
  std::signal(SIGTERM, on_signal);
}

// Flags that override config fields. Values are kept as text and handed to resolve_config as JSON,
// so the command line and a config file are checked by the same code (and a negative count is an
// error there, not a number wrapped around by the flag parser).
struct ConfigFlags {
  std::string config_file;
  std::vector<std::tuple<std::string, CLI::Option*, std::shared_ptr<std::string>>> fields;

  CLI::Option* add(CLI::App& app, const std::string& flag, const std::string& field, const std::string& help) {
    auto value = std::make_shared<std::string>();
    CLI::Option* option = app.add_option(flag, *value, help);
    static const std::set<std::string> reals{"sigma", "sigma_iso", "sigma_line", "threshold", "checkpoint_every"};
    option->type_name(field == "task" || field == "algo" ? "NAME"
                      : field == "map"                   ? "NAME|FILE"
                      : field == "neat"                  ? "JSON"
                      : field == "stop_when_solved"      ? "BOOL"
                      : field == "resolution"            ? "INT,INT"
                      : reals.contains(field)            ? "NUM"
                                                         : "INT");
    fields.emplace_back(field, option, value);
    return option;
  }

  nlohmann::json overrides() const {
    nlohmann::json j = nlohmann::json::object();
    for (const auto& [field, option, value] : fields) {
      if (option->count() == 0) continue;
      if (field == "task" || field == "algo" || field == "map") {
        j[field] = *value;
      } else if (field == "neat" || field == "stop_when_solved") {
        j[field] = json_value(field, *value);
      } else if (field == "resolution") {
        j[field] = nlohmann::json::array();
        std::stringstream parts(*value);
        std::string part;
        while (std::getline(parts, part, ',')) j[field].push_back(number(field, part));
      } else {
        j[field] = number(field, *value);
      }
    }
    return j;
  }

  // A flag whose value is JSON (an object of NEAT options, true/false); its type is checked by
  // resolve_config like a config file's.
  static nlohmann::json json_value(const std::string& field, const std::string& text) {
    const auto j = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (j.is_discarded()) throw FlagError("command line: " + flag_name(field) + " expects JSON (got '" + text + "')");
    return j;
  }

  static nlohmann::json number(const std::string& field, const std::string& text) {
    const auto j = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (!j.is_number()) throw FlagError("command line: " + flag_name(field) + " expects a number (got '" + text + "')");
    return j;
  }
};

// A run ready to drive: its folder and its experiment.
struct RunStart {
  RunDirectory run;
  std::unique_ptr<Experiment> experiment;
};

// Rank 0 of an mpirun job (or the only process): makes the run with `make`, then hands the workers its
// configuration and spreads the evaluations over them; if making it fails, the workers are told there
// is no run before the error goes on.
template <class Make>
RunStart starting_run(Cluster& cluster, Make make) {
  std::optional<RunStart> start;
  try {
    start.emplace(make());
  } catch (...) {
    cluster.share_config(std::string());
    throw;
  }
  nlohmann::json shared = start->run.config().to_json();
  shared["threads"] = start->run.threads();  // this session's threads, for every rank
  cluster.share_config(shared.dump());
  cluster.distribute(*start->experiment, start->run.threads());
  return std::move(*start);
}

struct OutputFlags {
  bool quiet = false;
  bool no_plots = false;
};

void add_output_flags(CLI::App& sub, OutputFlags& out) {
  sub.add_flag("-q,--quiet", out.quiet, "No progress lines (the summary is still printed)");
  sub.add_flag("--no-plots", out.no_plots, "Do not draw heatmap.png and progress.png at the end");
}

int drive(RunDirectory& run, Experiment& experiment, bool resume, const OutputFlags& out) {
  const bool neat = is_neat_task(run.config().task);
  install_stop_handlers();
  DriveOptions options;
  options.resume = resume;
  options.progress = out.quiet ? nullptr : &std::cerr;
  options.terminal = Progress::stderr_is_terminal();
  options.plots = !out.no_plots;
  options.stop_requested = &g_stop;
  const DriveResult r = drive_run(run, experiment, options);
  const auto& c = run.config();
  const auto& m = r.summary.metrics;
  if (r.interrupted) {
    std::cerr << fmt::format("pond: interrupted at {} evaluations; checkpoint written. Continue with: pond resume {}\n",
                             r.summary.evaluations, run.path().string());
    return exit_interrupted;
  }
  std::cout << fmt::format("pond {} {} (seed {}): {} evaluations", c.task, c.algo, c.seed, r.summary.evaluations);
  if (r.resumed_from > 0) std::cout << fmt::format(" (resumed at {})", r.resumed_from);
  const double done = static_cast<double>(r.summary.evaluations - r.resumed_from);
  std::cout << fmt::format(" in {:.1f} s ({}/s)\n", r.summary.seconds,
                           human_count(r.summary.seconds > 0 ? done / r.summary.seconds : 0.0));
  std::cout << fmt::format("  elites {}", m.elites);
  if (m.cells > 0) {
    std::cout << fmt::format(" of {} cells, coverage {:.2f}%, QD score {:.6g}, normalised QD score {:.2f}", m.cells,
                             100.0 * m.coverage, m.qd_score, m.norm_qd_score);
  }
  std::cout << fmt::format(", best objective {:.6g}\n", r.summary.best_objective);
  if (neat) {
    std::cout << (r.summary.first_solution != 0
                      ? fmt::format("  solved after {} evaluations (the first solution is in solution.json)\n",
                                    r.summary.first_solution)
                      : std::string("  not solved\n"));
  }
  if (std::isfinite(m.novelty_threshold)) {
    std::cout << fmt::format("  novelty archive {} behaviours, threshold {:.4g}\n", r.archive_size, m.novelty_threshold);
  }
  std::string extra;
  for (const auto& f : r.files) extra += ", " + f;
  std::cout << fmt::format("  results in {}/ (run.json, metrics.csv, checkpoint.bin, archive.bin, archive.json{}{})\n",
                           run.path().string(), extra, out.no_plots ? "" : ", heatmap.png, progress.png");
  return exit_ok;
}

}  // namespace

Command add_run(CLI::App& app) {
  auto* sub = app.add_subcommand("run", "Run a search on a task; results go to a new run directory");
  auto flags = std::make_shared<ConfigFlags>();
  auto out = std::make_shared<OutputFlags>();
  auto dir = std::make_shared<std::string>();
  sub->footer(
      "Tasks: sphere, rastrigin (linear projection, n = --dim), arm (planar arm, --joints);\n"
      "NEAT tasks: maze (deceptive maze, --map medium|hard|FILE), xor, pole and pole-nv (double pole\n"
      "balancing with and without velocities).\n"
      "Algorithms: map-elites, line-map-elites, cvt-map-elites, novelty, random; on NEAT tasks novelty,\n"
      "fitness or random (what the NEAT population selects on; they stop at the first solution).\n"
      "Defaults are the published settings (15 emitters x 36 = 540 candidates per iteration, 10,000\n"
      "iterations, 100 x 100 grid; sigma 0.5 or 0.1 on the arm). Config file fields have the flag names\n"
      "with '_' for '-' (e.g. {\"task\": \"arm\", \"sigma_line\": 0.2}); flags override the file.\n"
      "Under mpirun (mpirun -np N pond run ...), rank 0 runs the search and every rank evaluates: the same\n"
      "result, bit for bit, as one process.\n"
      "Examples: pond run sphere --algo map-elites --evals 5400000 --seed 1 --out runs/sphere\n"
      "          pond run maze --map hard --algo novelty --seed 1");
  flags->add(*sub, "task", "task", "Task: sphere, rastrigin, arm, maze, xor, pole or pole-nv");
  flags->add(*sub, "--algo", "algo", "Algorithm (default map-elites)");
  flags->add(*sub, "--evals", "evals", "Evaluation budget (default 10,000 iterations)");
  flags->add(*sub, "--batch", "batch", "Candidates per iteration (default 540)");
  flags->add(*sub, "--emitters", "emitters", "Number of emitters sharing the batch (default 15)");
  flags->add(*sub, "--seed", "seed", "The run's seed (default 0)");
  flags->add(*sub, "--threads", "threads", "Evaluator threads, 0 = all cores (default 1); never changes the result");
  flags->add(*sub, "--dim", "dim", "Solution dimension of sphere/rastrigin (default 100)");
  flags->add(*sub, "--joints", "joints", "Joints of the arm (default 100)");
  flags->add(*sub, "--sigma", "sigma", "Gaussian mutation step (default 0.5; 0.1 on the arm)");
  flags->add(*sub, "--sigma-iso", "sigma_iso", "Iso step of line-map-elites (default 0.5; 0.1 on the arm)");
  flags->add(*sub, "--sigma-line", "sigma_line", "Line step of line-map-elites (default 0.2)");
  flags->add(*sub, "--resolution", "resolution", "Grid cells per dimension, e.g. 100,100");
  flags->add(*sub, "--cells", "cells", "CVT cells (default 10,000)");
  flags->add(*sub, "--cvt-samples", "cvt_samples", "Samples k-means clusters into CVT cells (default 100,000)");
  flags->add(*sub, "--k", "k", "Novelty: nearest neighbours (default 15)");
  flags->add(*sub, "--threshold", "threshold", "Novelty: initial threshold (default 1% of the descriptor range)");
  flags->add(*sub, "--report-every", "report_every", "Evaluations between metrics rows (default 100 iterations)");
  flags->add(*sub, "--checkpoint-every", "checkpoint_every", "Seconds between checkpoints (default 30)");
  flags->add(*sub, "--map", "map", "Maze: medium, hard (built in) or a maze file (default hard)");
  flags->add(*sub, "--population", "population", "NEAT tasks: genomes per generation (default 250 maze, 150 others)");
  flags->add(*sub, "--neat", "neat", "NEAT tasks: NEAT options as a JSON object, e.g. '{\"c3\": 3.0}'");
  flags->add(*sub, "--stop-when-solved", "stop_when_solved", "true/false: stop at the first solution (NEAT tasks: true)");
  sub->add_option("--config", flags->config_file, "JSON file with any of the fields above")->type_name("FILE");
  sub->add_option("-o,--out", *dir, "Run directory to create (default runs/TASK-ALGO-sSEED)")->type_name("DIR");
  add_output_flags(*sub, *out);
  return [flags, out, dir] {
    Cluster& cluster = Cluster::get();
    if (cluster.is_worker()) return cluster.serve();
    // Under mpirun, the workers wait for the configuration: tell them when there will be no run.
    RunStart start = starting_run(cluster, [&] {
    nlohmann::json given = nlohmann::json::object();
    std::string source = "command line";
    if (!flags->config_file.empty()) {
      const std::string text = read_file(flags->config_file);
      try {
        given = nlohmann::json::parse(text);
      } catch (const nlohmann::json::parse_error& e) {
        throw Error(flags->config_file + ": not valid JSON: " + e.what());
      }
      if (!given.is_object()) throw Error(flags->config_file + ": the configuration must be a JSON object");
      source = flags->config_file;
    }
    const nlohmann::json overrides = flags->overrides();
    if (!given.contains("task") && !overrides.contains("task")) {
      throw Error("name a task (sphere, rastrigin, arm, maze, xor, pole or pole-nv), e.g. 'pond run maze'");
    }
    const RunConfig config = resolve_config(given, source, overrides);
    // Build everything before creating the folder, so a config that cannot run leaves nothing behind.
    auto experiment = make_experiment(config);
    const std::string out_dir =
        dir->empty() ? fmt::format("runs/{}-{}-s{}", config.task, config.algo, config.seed) : *dir;
    return RunStart{RunDirectory::create(out_dir, config), std::move(experiment)};
    });
    return drive(start.run, *start.experiment, false, *out);
  };
}

Command add_resume(CLI::App& app) {
  auto* sub = app.add_subcommand("resume", "Continue a run from its last checkpoint (or extend a finished one)");
  auto dir = std::make_shared<std::string>();
  auto evals = std::make_shared<std::string>();
  auto threads = std::make_shared<std::string>();
  auto out = std::make_shared<OutputFlags>();
  sub->add_option("dir", *dir, "The run directory")->required()->type_name("DIR");
  auto* evals_option = sub->add_option("--evals", *evals, "New evaluation budget (to extend the run)")->type_name("INT");
  auto* threads_option = sub->add_option("--threads", *threads, "Evaluator threads for this session")->type_name("INT");
  add_output_flags(*sub, *out);
  return [=] {
    Cluster& cluster = Cluster::get();
    if (cluster.is_worker()) return cluster.serve();
    RunStart start = starting_run(cluster, [&] {
    RunDirectory run = RunDirectory::open(*dir);
    if (evals_option->count() > 0) {
      const auto budget = ConfigFlags::number("evals", *evals);
      if (!budget.is_number_unsigned() || budget.get<std::uint64_t>() == 0) {
        throw FlagError("command line: --evals must be a positive integer (got " + *evals + ")");
      }
      run.set_evaluation_budget(budget.get<std::uint64_t>());  // saved once the checkpoint agrees
    }
    if (threads_option->count() > 0) {
      const auto t = ConfigFlags::number("threads", *threads);
      if (!t.is_number_unsigned()) {
        throw FlagError("command line: --threads must be a non-negative integer (got " + *threads + ")");
      }
      run.set_threads(t.get<std::size_t>());
    }
    auto experiment = make_experiment(run.config());
    return RunStart{std::move(run), std::move(experiment)};
    });
    return drive(start.run, *start.experiment, true, *out);
  };
}

}  // namespace pond::cli
