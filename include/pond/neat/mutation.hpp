#pragma once
/// @file
/// NEAT's mutations and crossover. Every operator keeps the genome's invariants (Genome::validate).

#include "pond/core/rng.hpp"
#include "pond/neat/genome.hpp"
#include "pond/neat/innovation.hpp"
#include "pond/neat/options.hpp"

namespace pond::neat {

/// Mutates every connection weight: each is replaced by a uniform value in ±weight_perturb with
/// probability weight_replace_prob, else moved by a uniform amount in ±weight_perturb; then clamped to
/// ±weight_limit.
void mutate_weights(Genome& genome, const NeatOptions& options, Rng& rng);

/// Adds a connection between two nodes not yet linked (any source; any non-input target), with a
/// uniform weight in ±weight_init. Without allow_recurrent, a link that would close a cycle (through
/// any gene, enabled or not, so that re-enabling never makes a cycle) is not chosen. Tries
/// add_connection_tries random pairs; returns false when none was possible.
bool mutate_add_connection(Genome& genome, InnovationRecord& innovations, const NeatOptions& options, Rng& rng);

/// Splits a random enabled connection from -> to: disables it and adds a hidden node n with
/// from -> n (weight 1) and n -> to (the old weight). Returns false when no connection is enabled.
bool mutate_add_node(Genome& genome, InnovationRecord& innovations, Rng& rng);

/// Flips the enabled flag of one random connection (a re-enabled gene that would close a cycle in a
/// feed-forward genome is left disabled). Returns false when nothing changed.
bool mutate_toggle_enable(Genome& genome, const NeatOptions& options, Rng& rng);

/// Re-enables one random disabled connection (unless it would close a cycle in a feed-forward
/// genome). Returns false when nothing changed.
bool mutate_reenable(Genome& genome, const NeatOptions& options, Rng& rng);

/// NEAT's mutation step, as in the original code: with probability add_node_prob a new node; else
/// with probability add_connection_prob a new connection; else weights (with weight_mutate_prob),
/// toggle (toggle_enable_prob) and re-enable (reenable_prob).
void mutate(Genome& genome, InnovationRecord& innovations, const NeatOptions& options, Rng& rng);

/// Crossover. Genes line up by innovation: a matching gene takes its weight from either parent at
/// random; disjoint and excess genes come from `fitter` only (so the child has fitter's structure).
/// A gene disabled in either parent is disabled in the child with probability disable_inherit_prob.
/// Nodes are fitter's, each taking its activation from either parent when both have it.
Genome crossover(const Genome& fitter, const Genome& other, const NeatOptions& options, Rng& rng);

/// A genome with the given inputs and outputs where every input feeds every output (weights uniform
/// in ±weight_init from `rng`): NEAT's usual minimal start.
Genome fully_connected_genome(std::uint32_t inputs, std::uint32_t outputs, double weight_init, Rng& rng);

/// A genome where every input feeds one hidden node, which feeds every output: the maze
/// experiments' start (weights uniform in ±weight_init from `rng`).
Genome one_hidden_genome(std::uint32_t inputs, std::uint32_t outputs, double weight_init, Rng& rng);

/// Replaces every weight with a uniform value in ±weight_init: a new member of the first generation.
void randomize_weights(Genome& genome, double weight_init, Rng& rng);

}  // namespace pond::neat
