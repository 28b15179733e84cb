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

#include "pond/core/demand.hpp"
#include "pond/core/distributed.hpp"
#include "pond/core/scheduler.hpp"
#include "pond/neat/genome.hpp"
#include "pond/run/run_config.hpp"

namespace pond {

class RunDirectory;

/// A candidate as the CLI and the bindings see it, whatever its solution type.
struct CandidateRecord {
  EliteId id = no_parent;          ///< its id in the run (no_parent for a candidate found by refinement)
  double score = 0.0;              ///< its score for the demand
  double objective = 0.0;          ///< its objective
  std::vector<double> descriptor;  ///< its descriptor
  nlohmann::json solution;         ///< its solution (a vector, or a genome document)
};

/// How `Experiment::fish` fishes.
struct FishOptions {
  std::size_t k = 5;            ///< stones to fish (the refinement starts from all of them)
  std::uint64_t refine = 0;     ///< refinement budget in evaluations (0: just the best stone)
  std::uint64_t seed = 0;       ///< the refinement's seed
  /// Real vectors: the Gaussian step the refinement starts with (it adapts); NaN takes the run's
  /// sigma / 100, since the stones are already close. A plan from scratch starts at the run's sigma.
  double sigma = std::numeric_limits<double>::quiet_NaN();
};

/// What `Experiment::fish` (or `plan`) found for a demand.
struct FishReport {
  std::string demand;                   ///< what the demand asks for
  std::vector<CandidateRecord> stones;  ///< the stones fished, best first (none for a plan)
  CandidateRecord answer;               ///< the best stone, or what the search found when it did better
  bool met = false;                     ///< whether the answer meets the demand
  bool from_stone = true;               ///< whether the answer is a stone as it was (no search needed or none better)
  std::uint64_t evaluations = 0;        ///< evaluations the search spent (up to the answer when met)
  double seconds = 0.0;                 ///< wall time of fishing and searching
};

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
  /// The box of the descriptor space the run's grids cover (demands must lie inside it).
  virtual DescriptorBox descriptor_box() const = 0;
  /// Fishes the pond (the search archive and the result archive) for `demand`: the `options.k` best
  /// stones, then, with a refinement budget, a short objective search from them toward the demand
  /// (NEAT with the stones as founders for genomes, an adaptive Gaussian search for real vectors). The
  /// search is deterministic for `options.seed`, on any evaluator. Throws pond::Error for a demand that
  /// does not fit the descriptors (outside descriptor_box(), for one) or an empty pond.
  virtual FishReport fish(const Demand& demand, const FishOptions& options, Evaluator& evaluator) const = 0;
  /// The plan a pond is measured against: an objective search toward `demand` from scratch (NEAT from
  /// the run's seed genome, or a Gaussian search from the origin), `budget` evaluations at most.
  virtual FishReport plan(const Demand& demand, std::uint64_t budget, std::uint64_t seed, Evaluator& evaluator) const = 0;
  /// A picture of a fishing's answer: for the maze, its path to the demanded point; for the arm, its
  /// pose; for other 2-D descriptors, the way from the best stone to the answer over the heatmap.
  virtual std::string fish_png(const Demand& demand, const FishReport& report) const = 0;
  /// A picture of the chain of stepping stones that led to candidate `id` (see Genealogy::chain): for
  /// the maze, the end points of its ancestors in order and its own path; for other 2-D descriptors,
  /// the path through descriptor space over the archive's heatmap. Throws pond::Error when `id` is not
  /// in the genealogy or the descriptors are not 2-D.
  virtual std::string lineage_png(EliteId id) const = 0;
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
