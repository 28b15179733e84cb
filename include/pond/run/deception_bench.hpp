#pragma once
/// @file
/// The deception experiment of "Abandoning Objectives" (Lehman and Stanley 2011): novelty search,
/// fitness-based NEAT and NEAT with random selection on a deceptive maze, over many seeds, each run
/// stopping at its first solver. `pond bench deception` prints its table, CSV and figure.

#include <cstdint>
#include <nlohmann/json.hpp>
#include <ostream>
#include <string>
#include <vector>

#include "pond/plot/plot.hpp"
#include "pond/run/sharing.hpp"

namespace pond {

/// What to run.
struct DeceptionOptions {
  std::string map = "hard";                                        ///< maze: medium, hard or a file
  std::vector<std::string> methods{"novelty", "fitness", "random"};  ///< the NEAT selections to compare
  std::size_t runs = 40;                                           ///< seeds per method
  std::uint64_t first_seed = 1;                                    ///< seeds are first_seed .. first_seed + runs - 1
  std::uint64_t evals = 250'000;                                   ///< budget of each run
  std::size_t threads = 1;                                         ///< runs in parallel (each run is single-threaded)
  nlohmann::json overrides = nlohmann::json::object();             ///< other config fields for every run (e.g. neat)
  Sharing sharing;                                                 ///< the runs spread over processes (MPI); default: all here
  std::ostream* progress = nullptr;                                ///< where progress goes; null = silent
  bool terminal = false;                                           ///< live progress line instead of plain lines
};

/// One run's outcome.
struct DeceptionRun {
  std::string method;                  ///< novelty, fitness or random
  std::uint64_t seed = 0;              ///< its seed
  bool solved = false;                 ///< whether a robot reached the goal within the budget
  std::uint64_t evaluations_to_solve = 0;  ///< evaluations up to and including the first solver (0: none)
  std::uint64_t evaluations = 0;       ///< evaluations done
  std::size_t connections = 0;         ///< enabled connections of the solution (0: none)
  std::size_t hidden_nodes = 0;        ///< hidden nodes of the solution
  std::size_t archive_size = 0;        ///< behaviours in the novelty archive (cells reached otherwise)
  double seconds = 0.0;                ///< wall time of the run
};

/// One method's line of the table.
struct DeceptionSummary {
  std::string method;                    ///< novelty, fitness or random
  std::size_t runs = 0;                  ///< runs done
  std::size_t solved = 0;                ///< runs that found a solution
  double mean_evaluations = 0.0;         ///< mean evaluations to solve, among the solved (NaN: none solved)
  double median_evaluations = 0.0;       ///< median of the same
  double mean_connections = 0.0;         ///< mean enabled connections of the solutions (NaN: none)
  double seconds = 0.0;                  ///< wall times of its runs, summed
};

/// The experiment's results.
struct DeceptionResult {
  std::vector<DeceptionRun> runs;            ///< every run, by method then seed
  std::vector<DeceptionSummary> summary;     ///< one line per method
  std::vector<plot::MazeDrawing> panels;     ///< the first seed's end points per method
  double wall_seconds = 0.0;                 ///< wall time of the whole experiment
};

/// Runs the experiment. The result depends only on the options, not on the threads or processes.
/// Throws pond::Error on a bad map or option (before running anything). Shared over processes, each
/// runs its share and rank 0 returns every run (the others return only their own, and no summary).
DeceptionResult run_deception_bench(const DeceptionOptions& options);

/// The table, like the paper's: method, solved/runs, mean and median evaluations to solve, mean
/// connections of the solutions, wall time (summed over runs), and the paper's numbers for the built-in maps.
std::string deception_table(const DeceptionResult& result, const DeceptionOptions& options);

/// Every run as CSV (header: method,seed,solved,evaluations_to_solve,evaluations,connections,
/// hidden_nodes,archive_size,seconds).
std::string deception_csv(const DeceptionResult& result);

}  // namespace pond
