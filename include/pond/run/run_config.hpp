#pragma once
/// @file
/// The configuration of one run: which task, which algorithm, the budget, the seed and the few
/// parameters that matter. Every field can be given in a JSON file or on the command line; whatever
/// is not given takes the published setting for that task and algorithm (see `resolve_config`).

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "pond/core/error.hpp"
#include "pond/neat/options.hpp"

namespace pond {

/// A bad value given as a command-line flag (an override of a config field). The CLI reports it as a
/// usage error (exit code 2).
class FlagError : public Error {
 public:
  using Error::Error;
};

/// A fully resolved run configuration (every field has a value).
struct RunConfig {
  std::string task = "sphere";        ///< "sphere", "rastrigin", "arm" (real vectors) or "maze", "xor", "pole", "pole-nv" (NEAT);
                                      ///< "user" / "user-neat": a task the program supplies (see UserTask)
  std::size_t dim = 100;              ///< solution dimension of sphere / rastrigin
  std::size_t joints = 100;           ///< joints of the arm
  std::string algo = "map-elites";    ///< vectors: "map-elites", "line-map-elites", "cvt-map-elites", "novelty", "random";
                                      ///< NEAT tasks: "novelty", "fitness", "random" (what the population is selected on)
  std::uint64_t evals = 5'400'000;    ///< evaluation budget
  std::size_t batch = 540;            ///< candidates per iteration, split evenly over the emitters
  std::size_t emitters = 15;          ///< number of emitters
  std::uint64_t seed = 0;             ///< the run's one seed
  std::size_t threads = 1;            ///< evaluator threads (0 = all cores); never changes the result
  double sigma = 0.5;                 ///< Gaussian mutation step (map-elites, cvt-map-elites, novelty)
  double sigma_iso = 0.5;             ///< iso step (line-map-elites)
  double sigma_line = 0.2;            ///< line step (line-map-elites)
  std::vector<std::size_t> resolution{100, 100};  ///< grid cells per descriptor dimension
  std::size_t cells = 10'000;         ///< CVT cells (cvt-map-elites)
  std::size_t cvt_samples = 100'000;  ///< k-means samples for the CVT
  std::size_t k = 15;                 ///< novelty: neighbours
  double threshold = 5.12;            ///< novelty: initial threshold
  std::uint64_t report_every = 54'000;  ///< evaluations between rows of metrics.csv
  double checkpoint_every = 30.0;   ///< seconds between checkpoints (one is always written at the end)
  std::string map = "hard";           ///< maze: "medium", "hard" (built in) or the path of a maze file
  std::size_t population = 250;       ///< NEAT tasks: genomes per generation (= candidates per iteration)
  neat::NeatOptions neat;             ///< NEAT tasks: NEAT's parameters (population is copied from `population`)
  bool stop_when_solved = false;      ///< stop at the first candidate the task judges solved (NEAT tasks: true)

  /// The configuration as JSON (every field); `resolve_config` of it gives the same config back.
  nlohmann::json to_json() const;
};

/// The task names pond knows, and the algorithm names.
const std::vector<std::string>& task_names();
/// True for the tasks whose solutions are NEAT genomes (maze, xor, pole, pole-nv).
bool is_neat_task(const std::string& task);
/// The algorithm names.
const std::vector<std::string>& algorithm_names();

/// Resolves a partial configuration: `file` is a JSON object with any subset of RunConfig's fields
/// (the same names), `flags` another (from the command line) that overrides it; the rest take the
/// published defaults for the given task and algorithm. `source` names where `file` came from.
/// Throws pond::Error on an unknown field, a wrong type, or a value out of range, naming the file and
/// field ("run.json: field 'evals' must be a positive integer (got -5)") or the flag
/// ("command line: --evals must be a positive integer (got -5)").
RunConfig resolve_config(const nlohmann::json& file, const std::string& source,
                         const nlohmann::json& flags = nlohmann::json::object());

/// The command-line flag of a config field: "sigma_iso" -> "--sigma-iso" ("task" is the TASK argument).
std::string flag_name(const std::string& field);

}  // namespace pond
