#pragma once
/// @file
/// Builds the parts of a run (task, archive, result archive, emitters, scheduler) from a RunConfig:
/// the one registry through which the CLI, the tests and the bindings make experiments, so that
/// "MAP-Elites", "novelty search", "fitness-based NEAT" and the rest are configurations of the same
/// parts. `Experiment` hides the solution type (real vectors or NEAT genomes) from its users.

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "pond/core/distributed.hpp"
#include "pond/core/scheduler.hpp"
#include "pond/neat/genome.hpp"
#include "pond/run/run_config.hpp"

namespace pond {

class RunDirectory;

/// A ready-to-run experiment, whatever its solution type.
class Experiment {
 public:
  virtual ~Experiment() = default;

  /// The configuration it was built from.
  virtual const RunConfig& config() const noexcept = 0;
  /// Runs the scheduler on `evaluator` until a limit is reached or `after_iteration` returns false.
  virtual RunSummary run(Evaluator& evaluator, const RunLimits& limits, const std::function<bool()>& after_iteration) = 0;
  /// Evaluations told so far.
  virtual std::uint64_t evaluations() const noexcept = 0;
  /// Iterations so far.
  virtual std::uint64_t iterations() const noexcept = 0;
  /// Metrics of the reporting archive (the measuring grid of a novelty search, else the archive).
  virtual ArchiveMetrics metrics() const = 0;
  /// Elites in the search archive.
  virtual std::size_t archive_size() const noexcept = 0;
  /// The best objective so far (NaN before any).
  virtual double best_objective() const noexcept = 0;
  /// Evaluations up to the first solved candidate (0: none); see RunSummary::first_solution.
  virtual std::uint64_t first_solution() const noexcept = 0;
  /// The run's genealogy (see Scheduler::genealogy).
  virtual const Genealogy& genealogy() const noexcept = 0;
  /// Saves the whole search state (for checkpoints).
  virtual void save(BinaryWriter& out) const = 0;
  /// Restores what `save` wrote. Throws FormatError when it does not fit this configuration.
  virtual void load(BinaryReader& in) = 0;
  /// The search archive in pond's binary archive format, and as JSON.
  virtual std::string archive_bytes() const = 0;
  /// The archive as JSON.
  virtual nlohmann::json archive_json() const = 0;
  /// True when there is a result archive (novelty search's measuring grid).
  virtual bool has_result_archive() const noexcept = 0;
  /// The result archive in the binary format (requires has_result_archive()).
  virtual std::string result_archive_bytes() const = 0;
  /// The result archive as JSON (requires has_result_archive()).
  virtual nlohmann::json result_archive_json() const = 0;
  /// From now on, evaluates each batch across `distributor`'s processes (this one is the coordinator),
  /// with `local`'s threads in this process. Same results as without.
  virtual void distribute(Distributor& distributor, Evaluator& local) = 0;
  /// A worker process: evaluates with this experiment's task, on `local`'s threads, what the
  /// coordinator hands out, until it stops the workers.
  virtual void serve(Distributor& distributor, Evaluator& local) const = 0;
  /// Writes what only this kind of experiment can draw or save at the end of a run (the maze picture
  /// and the solution's genome, for example). Returns the file names written. Default: nothing.
  virtual std::vector<std::string> write_results(const RunDirectory& /*run*/) const { return {}; }
};

/// A task that the calling program defines rather than pond (a Python function, for the bindings).
/// The config's task "user" runs `vectors`, "user-neat" runs `genomes`; everything else (archives,
/// emitters, NEAT) is built from the config as for the built-in tasks.
struct UserTask {
  std::optional<AnyTask<Vector>> vectors;        ///< task "user": real vectors of config.dim coordinates
  std::optional<AnyTask<neat::Genome>> genomes;  ///< task "user-neat": genomes with `inputs` and `outputs`
  std::vector<double> descriptor_lower;          ///< lower corner of the descriptor box the grids cover
  std::vector<double> descriptor_upper;          ///< its upper corner
  double solution_bound = 1.0;                   ///< vectors: the random baseline samples in [-bound, bound]^dim
  std::uint32_t inputs = 0;                      ///< genomes: network inputs (a bias counts as one)
  std::uint32_t outputs = 0;                     ///< genomes: network outputs
};

/// Builds the experiment a config names; `user` supplies the task when config.task is "user" or
/// "user-neat". Throws pond::Error or std::invalid_argument on bad options (an unreadable maze file, a
/// user task missing or not matching the config, say), before anything is written anywhere.
std::unique_ptr<Experiment> make_experiment(const RunConfig& config, const UserTask* user = nullptr);

}  // namespace pond
