#pragma once
/// @file
/// A generational NEAT population: speciation, explicit fitness sharing, stagnation, elitism,
/// crossover (within and, rarely, between species) and mutation. It knows nothing about tasks or
/// archives: it is told each member's fitness and makes the next generation. `NeatEmitter` puts it
/// behind the scheduler's ask/tell, so selecting on fitness, on novelty or at random is a choice of
/// what fitness it is told.

#include <functional>
#include <span>
#include <vector>

#include "pond/core/binary_io.hpp"
#include "pond/core/rng.hpp"
#include "pond/core/types.hpp"
#include "pond/neat/genome.hpp"
#include "pond/neat/innovation.hpp"
#include "pond/neat/options.hpp"
#include "pond/neat/speciation.hpp"

namespace pond::neat {

/// One genome of the current generation.
struct Member {
  Genome genome;              ///< the genome
  Parents parents;            ///< ids of its parents (evaluation ids), no_parent in generation 0
  EliteId id = no_parent;     ///< its evaluation id once evaluated
  double fitness = 0.0;       ///< the fitness it was told (>= 0)
  bool evaluated = false;     ///< whether a fitness was told
  std::size_t species = 0;    ///< index into species()
};

/// A generational NEAT population.
class Population {
 public:
  /// A population that will start from `seed` (its topology; every member of generation 0 gets
  /// uniform random weights in ±weight_init). Throws std::invalid_argument on bad options and
  /// pond::Error on an invalid seed genome.
  Population(NeatOptions options, Genome seed);

  /// Makes generation 0 continue from `founders` (e.g. stones fished from an earlier run's pond)
  /// instead of the seed: member i is founder i mod F with its weights kept, unchanged for the first F
  /// members and mutated for the rest. New innovation numbers follow the founders' own. Call before
  /// the first advance (std::logic_error otherwise); throws pond::Error for no founder, an invalid one,
  /// or one whose inputs or outputs differ from the seed's.
  void start_from(std::vector<Genome> founders);

  /// Makes the next generation: generation 0 from the seed on the first call, else offspring of the
  /// evaluated members (members never told a fitness take no part). `generation_rng` serves choices
  /// about the whole generation; child i draws only from `member_rng(i)`, so a child does not depend
  /// on the others. Throws std::logic_error when no member of the current generation was evaluated.
  void advance(Rng& generation_rng, const std::function<Rng(std::size_t)>& member_rng);

  /// Tells the fitness (finite, >= 0) and evaluation id of members [0, fitness.size()). Throws
  /// std::invalid_argument on a wrong size or a negative or non-finite fitness.
  void tell(std::span<const double> fitness, std::span<const EliteId> ids);

  /// The members of the current generation.
  const std::vector<Member>& members() const noexcept { return members_; }
  /// The current species.
  const std::vector<Species>& species() const noexcept { return species_; }
  /// The current compatibility threshold.
  double compat_threshold() const noexcept { return threshold_; }
  /// The current generation (0 for the first, and before the first advance).
  std::uint64_t generation() const noexcept { return generation_; }
  /// Whether advance has been called at least once.
  bool started() const noexcept { return started_; }
  /// The options.
  const NeatOptions& options() const noexcept { return options_; }
  /// The innovation record.
  const InnovationRecord& innovations() const noexcept { return innovations_; }

  /// Saves everything that changes during a run.
  void save(BinaryWriter& out) const;
  /// Restores what save wrote. Throws FormatError on bad data.
  void load(BinaryReader& in);

 private:
  void first_generation(const std::function<Rng(std::size_t)>& member_rng);
  void next_generation(Rng& generation_rng, const std::function<Rng(std::size_t)>& member_rng);
  std::vector<std::size_t> offspring_counts();
  void speciate();

  NeatOptions options_;
  Genome seed_;
  std::vector<Genome> founders_;  // generation 0's parents when set (see start_from)
  InnovationRecord innovations_;
  std::vector<Member> members_;
  std::vector<Species> species_;
  double threshold_;
  std::uint64_t generation_ = 0;
  std::uint64_t next_species_id_ = 0;
  double best_fitness_ = -1.0;           // the best fitness any member ever had
  std::uint64_t best_improved_ = 0;      // generation when best_fitness_ last rose
  bool started_ = false;
};

}  // namespace pond::neat
