#include "pond/neat/neat_emitter.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace pond::neat {

std::string to_string(Selection selection) {
  switch (selection) {
    case Selection::novelty: return "novelty";
    case Selection::random: return "random";
    default: return "fitness";
  }
}

Selection selection_from_string(const std::string& name) {
  if (name == "fitness") return Selection::fitness;
  if (name == "novelty") return Selection::novelty;
  if (name == "random") return Selection::random;
  throw Error("unknown selection '" + name + "' (expected fitness, novelty or random)");
}

NeatEmitter::NeatEmitter(NeatEmitterOptions options)
    : options_(std::move(options)), population_(options_.neat, options_.seed) {
  if (!options_.founders.empty()) population_.start_from(options_.founders);
}

void NeatEmitter::ask(const Archive<Genome>& /*archive*/, const AskContext& context, std::span<Genome> solutions,
                      std::span<Parents> parents) {
  seed_ = context.seed;
  iteration_ = context.iteration;
  emitter_ = context.emitter;
  Rng generation_rng = Rng::stream(context.seed, {stream_tag::population, context.iteration, context.emitter});
  population_.advance(generation_rng, [&](std::size_t i) { return context.candidate_rng(i); });
  const auto& members = population_.members();
  const std::size_t n = std::min(solutions.size(), members.size());
  for (std::size_t i = 0; i < n; ++i) {
    solutions[i] = members[i].genome;
    parents[i] = members[i].parents;
  }
}

void NeatEmitter::tell(const Archive<Genome>& /*archive*/, const EmitterFeedback<Genome>& feedback) {
  const std::size_t n = feedback.objectives.size();
  std::vector<double> fitness(n);
  switch (options_.selection) {
    case Selection::fitness: {
      // NEAT's fitness sharing needs fitness >= 0: shift when some objective is negative.
      const double low = n == 0 ? 0.0 : *std::min_element(feedback.objectives.begin(), feedback.objectives.end());
      for (std::size_t i = 0; i < n; ++i) fitness[i] = feedback.objectives[i] - std::min(low, 0.0);
      break;
    }
    case Selection::novelty: {
      // A candidate with no neighbour at all has infinite novelty; rank it above every finite one.
      double high = 0.0;
      for (double v : feedback.value) {
        if (std::isfinite(v)) high = std::max(high, v);
      }
      for (std::size_t i = 0; i < n; ++i) {
        const double v = feedback.value[i];
        fitness[i] = std::isfinite(v) ? std::max(v, 0.0) : 2.0 * high + 1.0;
      }
      break;
    }
    case Selection::random: {
      Rng rng = Rng::stream(seed_, {stream_tag::population, iteration_, emitter_, 1});
      for (double& f : fitness) f = rng.uniform();
      break;
    }
  }
  std::vector<EliteId> ids(n);
  for (std::size_t i = 0; i < n; ++i) ids[i] = feedback.first_id + i;
  population_.tell(fitness, ids);
  last_descriptors_.assign(feedback.descriptors.begin(), feedback.descriptors.end());
  last_objectives_.assign(feedback.objectives.begin(), feedback.objectives.end());
}

nlohmann::json NeatEmitter::config() const {
  return {{"kind", "neat"},
          {"selection", to_string(options_.selection)},
          {"neat", options_.neat.to_json()},
          {"seed_genome", genome_to_json(options_.seed)},
          {"founders", options_.founders.size()}};
}

void NeatEmitter::save_state(BinaryWriter& out) const {
  population_.save(out);
  out.write<std::uint64_t>(seed_);
  out.write<std::uint64_t>(iteration_);
  out.write<std::uint32_t>(emitter_);
  out.write_span<double>(last_descriptors_);
  out.write_span<double>(last_objectives_);
}

void NeatEmitter::load_state(BinaryReader& in) {
  population_.load(in);
  seed_ = in.read<std::uint64_t>("emitter seed");
  iteration_ = in.read<std::uint64_t>("emitter iteration");
  emitter_ = in.read<std::uint32_t>("emitter index");
  in.read_doubles_into("last descriptors", last_descriptors_);
  in.read_doubles_into("last objectives", last_objectives_);
}

}  // namespace pond::neat
