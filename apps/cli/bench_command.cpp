// `pond bench`: multi-seed experiments that print a table, write a CSV and draw a figure.

#include <fmt/format.h>

#include <filesystem>
#include <iostream>
#include <sstream>

#include "cluster.hpp"
#include "commands.hpp"
#include "pond/core/error.hpp"
#include "pond/core/file_io.hpp"
#include "pond/run/deception_bench.hpp"
#include "pond/run/progress.hpp"
#include "pond/run/run_config.hpp"
#include "pond/run/unforeseen_bench.hpp"

namespace pond::cli {
namespace {

std::vector<std::string> split_list(const std::string& text) {
  std::vector<std::string> items;
  std::stringstream parts(text);
  std::string part;
  while (std::getline(parts, part, ',')) {
    if (!part.empty()) items.push_back(part);
  }
  return items;
}

struct DeceptionFlags {
  DeceptionOptions options;
  std::string methods = "novelty,fitness,random";
  std::string neat;
  std::string out;
};

int run_deception(const DeceptionFlags& flags) {
  DeceptionOptions o = flags.options;
  o.methods = split_list(flags.methods);
  for (const std::string& m : o.methods) {
    if (m != "novelty" && m != "fitness" && m != "random") {
      throw FlagError("command line: --methods names an unknown method '" + m + "' (known: novelty, fitness, random)");
    }
  }
  if (o.runs == 0) throw FlagError("command line: --runs must be at least 1");
  if (o.evals == 0) throw FlagError("command line: --evals must be at least 1");
  if (!flags.neat.empty()) {
    const auto neat = nlohmann::json::parse(flags.neat, nullptr, false);
    if (neat.is_discarded()) throw FlagError("command line: --neat expects JSON (got '" + flags.neat + "')");
    o.overrides["neat"] = neat;
  }
  const std::filesystem::path out = flags.out.empty() ? "runs/bench-deception-" + std::filesystem::path(o.map).stem().string() : flags.out;
  if (std::filesystem::exists(out) && !std::filesystem::is_empty(out)) {
    throw Error(out.string() + " already exists and is not empty (choose another --out)");
  }
  // Under mpirun the runs are spread over the ranks; rank 0 gathers them, reports and writes the files.
  Cluster& cluster = Cluster::get();
  o.sharing = cluster.sharing();
  o.progress = cluster.is_worker() ? nullptr : &std::cerr;
  o.terminal = Progress::stderr_is_terminal();
  const DeceptionResult result = run_deception_bench(o);
  if (cluster.is_worker()) return exit_ok;

  std::filesystem::create_directories(out);
  const std::string table = deception_table(result, o);
  write_file_atomic(out / "table.txt", table);
  write_file_atomic(out / "runs.csv", deception_csv(result));
  write_file_atomic(out / "end_points.png", plot::maze_panels_png(result.panels));
  std::cout << table << fmt::format("results in {}/ (table.txt, runs.csv, end_points.png)\n", out.string());
  return exit_ok;
}

struct UnforeseenFlags {
  UnforeseenOptions options;
  bool no_arm = false;
  std::string out;
};

int run_unforeseen(const UnforeseenFlags& flags) {
  UnforeseenOptions o = flags.options;
  o.arm = !flags.no_arm;
  if (Cluster::get().is_worker()) return exit_ok;  // the demands are served on one process (see the README)
  const std::filesystem::path out = flags.out.empty() ? "runs/bench-unforeseen-" + std::filesystem::path(o.map).stem().string() : flags.out;
  if (std::filesystem::exists(out) && !std::filesystem::is_empty(out)) {
    throw Error(out.string() + " already exists and is not empty (choose another --out)");
  }
  o.progress = &std::cerr;
  o.terminal = Progress::stderr_is_terminal();
  const UnforeseenResult result = run_unforeseen_bench(o);
  std::filesystem::create_directories(out);
  const std::string table = unforeseen_table(result);
  write_file_atomic(out / "table.txt", table);
  write_file_atomic(out / "demands.csv", unforeseen_csv(result));
  write_file_atomic(out / "maze_goals.png", plot::maze_panels_png(result.maze_panels));
  std::string files = "table.txt, demands.csv, maze_goals.png";
  if (!result.arm_png.empty()) {
    write_file_atomic(out / "arm_targets.png", result.arm_png);
    files += ", arm_targets.png";
  }
  std::cout << table << fmt::format("results in {}/ ({})\n", out.string(), files);
  return exit_ok;
}

}  // namespace

Command add_bench(CLI::App& app) {
  auto* sub = app.add_subcommand("bench", "Multi-seed experiments that print a table, a CSV and a figure");
  sub->require_subcommand(1);
  auto* deception = sub->add_subcommand(
      "deception", "Novelty search vs fitness-based NEAT vs random selection on a deceptive maze (Lehman and Stanley 2011)");
  auto flags = std::make_shared<DeceptionFlags>();
  deception->add_option("--map", flags->options.map, "Maze: medium, hard or a maze file (default hard)")->type_name("NAME|FILE");
  deception->add_option("--runs", flags->options.runs, "Seeds per method (default 40)")->type_name("INT");
  deception->add_option("--threads", flags->options.threads, "Runs in parallel (default 1); never changes the results")->type_name("INT");
  deception->add_option("--evals", flags->options.evals, "Budget of each run (default 250,000)")->type_name("INT");
  deception->add_option("--first-seed", flags->options.first_seed, "Seed of the first run (default 1)")->type_name("INT");
  deception->add_option("--methods", flags->methods, "Comma-separated: novelty,fitness,random (default all three)")->type_name("LIST");
  deception->add_option("--neat", flags->neat, "NEAT options for every run, as JSON")->type_name("JSON");
  deception->footer("Under mpirun (mpirun -np N pond bench deception ...), the runs are spread over the ranks and rank 0\n"
                    "gathers the same table.");
  deception->add_option("-o,--out", flags->out, "Folder for table.txt, runs.csv, end_points.png (default runs/bench-deception-MAP)")->type_name("DIR");
  auto* unforeseen = sub->add_subcommand(
      "unforeseen", "Grow a pond without an objective, then serve demands nobody planned for; compare with planning for each");
  auto u = std::make_shared<UnforeseenFlags>();
  unforeseen->add_option("--map", u->options.map, "Maze: medium, hard or a maze file (default hard)")->type_name("NAME|FILE");
  unforeseen->add_option("--pond-evals", u->options.maze.pond_evals, "The maze pond's growth budget (default 250,000)")->type_name("INT");
  unforeseen->add_option("--goals", u->options.maze.demands, "Unforeseen maze goals (default 100)")->type_name("INT");
  unforeseen->add_option("--refine", u->options.maze.refine, "The pond's refinement budget per maze goal (default 2,500)")->type_name("INT");
  unforeseen->add_option("--full-plans", u->options.maze.full_plans, "Maze goals that also get a plan with the whole pond budget (default 10)")->type_name("INT");
  unforeseen->add_option("--wall-margin", u->options.wall_margin, "Maze goals lie at least this far from any wall (default 10)")->type_name("D");
  unforeseen->add_option("--arm-joints", u->options.arm_joints, "Joints of the arm (default 100)")->type_name("INT");
  unforeseen->add_option("--arm-pond-evals", u->options.arm_domain.pond_evals, "The arm pond's growth budget (default 1,000,000)")->type_name("INT");
  unforeseen->add_option("--arm-targets", u->options.arm_domain.demands, "Unforeseen arm targets (default 1,000)")->type_name("INT");
  unforeseen->add_option("--arm-refine", u->options.arm_domain.refine, "The pond's refinement budget per arm target (default 1,000)")->type_name("INT");
  unforeseen->add_option("--arm-full-plans", u->options.arm_domain.full_plans, "Arm targets that also get a plan with the whole pond budget (default 10)")->type_name("INT");
  unforeseen->add_option("--arm-tolerance", u->options.arm_domain.tolerance, "An arm target is served within this distance (default 1)")->type_name("D");
  unforeseen->add_flag("--no-arm", u->no_arm, "Skip the arm line");
  unforeseen->add_option("--k", u->options.k, "Stones fished per demand (default 5)")->type_name("INT");
  unforeseen->add_option("--seed", u->options.seed, "The one seed of ponds, demands and searches (default 1)")->type_name("INT");
  unforeseen->add_option("--threads", u->options.threads, "Demands served in parallel (default 1); never changes the results")->type_name("INT");
  unforeseen->add_option("-o,--out", u->out, "Folder for table.txt, demands.csv and the pictures (default runs/bench-unforeseen-MAP)")->type_name("DIR");
  return [deception, flags, unforeseen, u] {
    if (deception->parsed()) return run_deception(*flags);
    if (unforeseen->parsed()) return run_unforeseen(*u);
    return exit_usage;
  };
}

}  // namespace pond::cli
