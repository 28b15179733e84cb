#pragma once
/// @file
/// Every NEAT parameter in one struct. The defaults are the canonical settings of Stanley and
/// Miikkulainen (2002) for XOR; tasks with published settings of their own (the mazes) override a few.
/// The ones that matter most: population, the compatibility coefficients and threshold, and the two
/// structural mutation rates.

#include <cstddef>
#include <nlohmann/json.hpp>
#include <string>

namespace pond::neat {

/// NEAT's parameters. Settable from JSON by field name (`neat_options_from_json`).
struct NeatOptions {
  // Population and speciation.
  std::size_t population = 150;         ///< genomes per generation
  double c1 = 1.0;                      ///< compatibility weight of excess genes
  double c2 = 1.0;                      ///< compatibility weight of disjoint genes
  double c3 = 0.4;                      ///< compatibility weight of the mean weight difference of matching genes
  double compat_threshold = 3.0;        ///< genomes closer than this to a species' representative join it
  std::size_t target_species = 0;       ///< when > 0, the threshold moves toward this many species each generation
  double threshold_step = 0.3;          ///< ... by this much
  double min_threshold = 0.3;           ///< ... never below this
  std::size_t normalize_min_genes = 20; ///< N in the distance is 1 when both genomes have fewer genes than this

  // Reproduction.
  std::size_t stagnation = 15;          ///< a species whose best has not improved for this many generations gets no offspring
  std::size_t population_stagnation = 20; ///< when the population's best has not improved for this many generations, only the two best species reproduce (0: never)
  std::size_t elitism_min_size = 5;     ///< the champion of each species larger than this is copied unchanged
  double survival_threshold = 0.2;      ///< fraction of each species (best first) allowed to reproduce
  double mutate_only_prob = 0.25;       ///< offspring made by mutation alone (no crossover)
  double mate_only_prob = 0.2;          ///< crossover offspring that are not mutated afterwards
  double interspecies_mate_prob = 0.001;///< crossover with a parent from another species
  double disable_inherit_prob = 0.75;   ///< a gene disabled in either parent is disabled in the child with this probability

  // Mutation.
  double weight_mutate_prob = 0.8;      ///< a genome's weights are mutated with this probability
  double weight_replace_prob = 0.1;     ///< ... each weight is then replaced (else perturbed) with this probability
  double weight_perturb = 2.5;          ///< a perturbed weight moves by a uniform amount in [-weight_perturb, weight_perturb]; a replaced one is drawn from that range
  double weight_init = 1.0;             ///< first-generation and new-connection weights are uniform in [-weight_init, weight_init]
  double weight_limit = 8.0;            ///< weights are clamped to [-weight_limit, weight_limit]
  double add_node_prob = 0.03;          ///< split a connection with a new node
  double add_connection_prob = 0.05;    ///< add a connection between two unconnected nodes
  bool allow_recurrent = false;         ///< whether new connections may close cycles (self-loops included)
  double toggle_enable_prob = 0.0;      ///< flip one connection's enabled flag
  double reenable_prob = 0.0;           ///< re-enable one disabled connection
  std::size_t add_connection_tries = 20;///< attempts to find an unconnected pair before giving up

  /// Throws std::invalid_argument naming the field when a value is out of range.
  void validate() const;
  /// Every field as JSON.
  nlohmann::json to_json() const;
};

/// Reads options from a JSON object holding any subset of NeatOptions' fields (same names); the rest
/// keep the values of `base`. Throws pond::Error naming `source` and the field on an unknown field, a
/// wrong type or an out-of-range value.
NeatOptions neat_options_from_json(const nlohmann::json& object, const std::string& source,
                                   const NeatOptions& base = {});

}  // namespace pond::neat
