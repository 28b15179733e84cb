#pragma once
/// @file
/// A NEAT population as an emitter: each ask is one generation, each tell gives the population what
/// it selects on. Novelty search, fitness-based NEAT and NEAT with random selection are this one
/// emitter with a different `Selection` (and, for novelty search, a NoveltyArchive whose novelty
/// values the emitter reads back from tell).

#include <string>
#include <vector>

#include "pond/core/emitter.hpp"
#include "pond/neat/genome_io.hpp"
#include "pond/neat/population.hpp"

namespace pond::neat {

/// What the population is selected on.
enum class Selection : std::uint8_t {
  fitness = 0,  ///< the task's objective (shifted to be >= 0 when some are negative)
  novelty = 1,  ///< the archive's value for each candidate (a NoveltyArchive reports novelty)
  random = 2,   ///< a uniform random number per member: the random-search baseline of the maze paper
};

/// "fitness", "novelty" or "random".
std::string to_string(Selection selection);
/// Parses a selection name; throws pond::Error listing the valid names.
Selection selection_from_string(const std::string& name);

/// Options of a NeatEmitter.
struct NeatEmitterOptions {
  NeatOptions neat;                          ///< NEAT's parameters (population = batch size)
  Selection selection = Selection::fitness;  ///< what to select on
  Genome seed;                               ///< the start topology (weights are randomised per member)
  /// When not empty, generation 0 continues from these genomes instead (see Population::start_from).
  std::vector<Genome> founders;
};

/// Generational NEAT behind the scheduler's ask/tell (see the file comment). Generation g's members
/// are candidates of iteration g; the fitness of a member is read from the tell that follows.
class NeatEmitter final : public Emitter<Genome> {
 public:
  /// Throws std::invalid_argument on bad options and pond::Error on an invalid seed genome.
  explicit NeatEmitter(NeatEmitterOptions options);

  std::size_t batch_size() const noexcept override { return options_.neat.population; }
  void ask(const Archive<Genome>& archive, const AskContext& context, std::span<Genome> solutions,
           std::span<Parents> parents) override;
  void tell(const Archive<Genome>& archive, const EmitterFeedback<Genome>& feedback) override;
  bool parents_from_archive() const noexcept override { return false; }
  std::string_view name() const noexcept override { return "neat"; }
  nlohmann::json config() const override;
  void save_state(BinaryWriter& out) const override;
  void load_state(BinaryReader& in) override;

  /// The population (the generation last asked for).
  const Population& population() const noexcept { return population_; }
  /// Descriptors of the generation last told, flat (its members in order): e.g. the end points a maze
  /// picture shows for fitness-based NEAT.
  const std::vector<double>& last_descriptors() const noexcept { return last_descriptors_; }
  /// Objectives of the generation last told.
  const std::vector<double>& last_objectives() const noexcept { return last_objectives_; }
  /// The options.
  const NeatEmitterOptions& options() const noexcept { return options_; }

 private:
  NeatEmitterOptions options_;
  Population population_;
  std::uint64_t seed_ = 0, iteration_ = 0;  // of the last ask: random selection draws from them
  std::uint32_t emitter_ = 0;
  std::vector<double> last_descriptors_, last_objectives_;
};

}  // namespace pond::neat
