#pragma once
/// @file
/// The emitter interface: emitters make candidates from the archive, and may learn from the result.

#include <cstdint>
#include <nlohmann/json.hpp>
#include <span>
#include <string_view>

#include "pond/core/archive.hpp"
#include "pond/core/evaluator.hpp"

namespace pond {

/// Where an `ask` happens. An emitter draws candidate i's randomness from
/// `Rng::stream(seed, {stream_tag::ask, iteration, emitter, i})`, so the candidates do not depend on
/// the order or the thread they are made on.
struct AskContext {
  std::uint64_t seed = 0;           ///< the run's seed
  std::uint64_t iteration = 0;      ///< the scheduler's iteration (0-based)
  std::uint32_t emitter = 0;        ///< this emitter's index in the scheduler
  Evaluator* evaluator = nullptr;   ///< may be used to make candidates in parallel; null = serial
  std::size_t first_candidate = 0;  ///< index in the emitter's batch of the first candidate asked for

  /// The generator of candidate `i` of this ask (candidate first_candidate + i of the emitter's batch).
  Rng candidate_rng(std::size_t i) const noexcept {
    return Rng::stream(seed, {stream_tag::ask, iteration, emitter, static_cast<std::uint64_t>(first_candidate + i)});
  }
};

/// What one emitter's candidates became: slices of the batch that `tell` received.
template <class S>
struct EmitterFeedback {
  std::span<const S> solutions;         ///< the candidates this emitter made
  std::span<const Parents> parents;     ///< their parents
  std::span<const double> objectives;   ///< their objectives
  std::span<const double> descriptors;  ///< their descriptors, flat
  std::span<const AddStatus> status;    ///< what the archive did with each
  std::span<const double> value;        ///< the archive's value for each (QD gain, or novelty)
  EliteId first_id = 0;                 ///< the id of the first candidate; the others follow in order
};

/// Makes candidate solutions of type S.
template <class S>
class Emitter {
 public:
  virtual ~Emitter() = default;
  /// How many candidates one `ask` makes.
  virtual std::size_t batch_size() const noexcept = 0;
  /// Makes `solutions.size()` (≤ batch_size()) candidates from the archive, writing their parents.
  virtual void ask(const Archive<S>& archive, const AskContext& context, std::span<S> solutions,
                   std::span<Parents> parents) = 0;
  /// True when each candidate depends only on the archive and its own generator, so a batch may be
  /// asked for in pieces (`AskContext::first_candidate`), on any thread, between the same two tells.
  /// The scheduler then makes and evaluates candidates in one parallel pass. Default: false.
  virtual bool independent_candidates() const noexcept { return false; }
  /// True when every parent this emitter names is an elite of the archive at the time of the ask
  /// (MAP-Elites-style variation). False when it breeds from candidates it holds itself (a NEAT
  /// population breeds from the last generation, archived or not): the scheduler's genealogy then
  /// records every candidate until it knows whether it had children. Default: true.
  virtual bool parents_from_archive() const noexcept { return true; }
  /// Learns from the outcome of its last ask. The default ignores it.
  virtual void tell(const Archive<S>& /*archive*/, const EmitterFeedback<S>& /*feedback*/) {}
  /// A short name such as "gaussian".
  virtual std::string_view name() const noexcept = 0;
  /// The emitter's options as JSON.
  virtual nlohmann::json config() const = 0;
  /// Saves state that changes during a run (none for stateless emitters).
  virtual void save_state(BinaryWriter& /*out*/) const {}
  /// Restores what save_state wrote.
  virtual void load_state(BinaryReader& /*in*/) {}
};

}  // namespace pond
