#include "pond/neat/population.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>
#include <string>

#include "pond/neat/genome_io.hpp"
#include "pond/neat/mutation.hpp"

namespace pond::neat {

Population::Population(NeatOptions options, Genome seed)
    : options_(options), seed_(std::move(seed)), innovations_(InnovationRecord::after(seed_)),
      threshold_(options.compat_threshold) {
  options_.validate();
  seed_.validate();
}

void Population::tell(std::span<const double> fitness, std::span<const EliteId> ids) {
  if (fitness.size() > members_.size() || ids.size() != fitness.size()) {
    throw std::invalid_argument("Population::tell: got " + std::to_string(fitness.size()) + " fitness values and " +
                                std::to_string(ids.size()) + " ids for " + std::to_string(members_.size()) + " members");
  }
  for (std::size_t i = 0; i < fitness.size(); ++i) {  // check all before changing any
    if (!std::isfinite(fitness[i]) || fitness[i] < 0) {
      throw std::invalid_argument("Population::tell: fitness of member " + std::to_string(i) +
                                  " must be finite and >= 0 (got " + std::to_string(fitness[i]) + ")");
    }
  }
  for (std::size_t i = 0; i < fitness.size(); ++i) {
    members_[i].fitness = fitness[i];
    members_[i].id = ids[i];
    members_[i].evaluated = true;
  }
}

void Population::advance(Rng& generation_rng, const std::function<Rng(std::size_t)>& member_rng) {
  if (!started_) {  // generation 0: the seed's topology with random weights; nothing to select from
    first_generation(member_rng);
    speciate();
    started_ = true;
    return;
  }
  if (std::none_of(members_.begin(), members_.end(), [](const Member& m) { return m.evaluated; })) {
    throw std::logic_error("Population::advance: no member of generation " + std::to_string(generation_) +
                           " was evaluated");
  }
  next_generation(generation_rng, member_rng);
  ++generation_;
}

void Population::start_from(std::vector<Genome> founders) {
  if (started_) throw std::logic_error("Population::start_from: the population has already started");
  if (founders.empty()) throw Error("NEAT population: no founder genome to start from");
  std::uint64_t innovation = innovations_.next_innovation();
  std::uint32_t node = innovations_.next_node();
  for (std::size_t i = 0; i < founders.size(); ++i) {
    founders[i].validate();
    if (founders[i].inputs != seed_.inputs || founders[i].outputs != seed_.outputs) {
      throw Error("NEAT population: founder " + std::to_string(i) + " has " + std::to_string(founders[i].inputs) +
                  " inputs and " + std::to_string(founders[i].outputs) + " outputs, the task needs " +
                  std::to_string(seed_.inputs) + " and " + std::to_string(seed_.outputs));
    }
    const InnovationRecord after = InnovationRecord::after(founders[i]);
    innovation = std::max(innovation, after.next_innovation());
    node = std::max(node, after.next_node());
  }
  innovations_ = InnovationRecord(innovation, node);
  founders_ = std::move(founders);
}

void Population::first_generation(const std::function<Rng(std::size_t)>& member_rng) {
  members_.assign(options_.population, Member{});
  for (std::size_t i = 0; i < members_.size(); ++i) {
    Rng rng = member_rng(i);
    if (founders_.empty()) {
      members_[i].genome = seed_;
      randomize_weights(members_[i].genome, options_.weight_init, rng);
    } else {
      members_[i].genome = founders_[i % founders_.size()];
      if (i >= founders_.size()) mutate(members_[i].genome, innovations_, options_, rng);
    }
  }
}

std::vector<std::size_t> Population::offspring_counts() {
  const std::size_t n_species = species_.size();
  std::vector<double> mean(n_species, 0.0);
  std::vector<double> best_of(n_species, -1.0);  // each species' best fitness this generation
  std::vector<bool> alive(n_species, false);
  double best = -1.0;
  std::size_t best_species = 0;
  for (std::size_t s = 0; s < n_species; ++s) {
    Species& sp = species_[s];
    double sum = 0.0, max = -1.0;
    std::size_t count = 0;
    for (std::size_t m : sp.members) {
      if (!members_[m].evaluated) continue;
      sum += members_[m].fitness;
      max = std::max(max, members_[m].fitness);
      ++count;
    }
    if (count == 0) continue;
    // Explicit fitness sharing: the species' total adjusted fitness (each f / size) is its mean.
    mean[s] = sum / static_cast<double>(count);
    best_of[s] = max;
    if (max > sp.best_fitness) {
      sp.best_fitness = max;
      sp.last_improvement = generation_;
    }
    alive[s] = generation_ - sp.last_improvement < options_.stagnation;
    if (max > best) {
      best = max;
      best_species = s;
    }
  }
  alive[best_species] = true;  // the species holding the best member never dies of stagnation

  // Population-level stagnation (the original code's "delta coding"): when the best has not improved
  // for population_stagnation generations, the two best species get all the offspring, half each.
  if (best > best_fitness_) {
    best_fitness_ = best;
    best_improved_ = generation_;
  }
  if (options_.population_stagnation > 0 && generation_ - best_improved_ >= options_.population_stagnation) {
    best_improved_ = generation_;
    std::vector<std::size_t> order;
    for (std::size_t s = 0; s < n_species; ++s) {
      if (mean[s] > 0 || s == best_species) order.push_back(s);
    }
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return best_of[a] > best_of[b]; });
    std::vector<std::size_t> counts(n_species, 0);
    if (order.size() == 1) {
      counts[order[0]] = options_.population;
    } else {
      counts[order[0]] = options_.population / 2;
      counts[order[1]] = options_.population - options_.population / 2;
      species_[order[1]].last_improvement = generation_;
    }
    species_[order[0]].last_improvement = generation_;
    return counts;
  }

  double total = 0.0;
  std::size_t alive_count = 0;
  for (std::size_t s = 0; s < n_species; ++s) {
    if (alive[s]) {
      total += mean[s];
      ++alive_count;
    }
  }
  // Largest-remainder rounding of the proportional shares; ties go to the earlier species.
  const auto population = static_cast<double>(options_.population);
  std::vector<std::size_t> counts(n_species, 0);
  std::vector<std::pair<double, std::size_t>> remainders;
  std::size_t given = 0;
  for (std::size_t s = 0; s < n_species; ++s) {
    if (!alive[s]) continue;
    const double share = total > 0 ? mean[s] / total : 1.0 / static_cast<double>(alive_count);
    const double quota = share * population;
    counts[s] = static_cast<std::size_t>(std::floor(quota));
    given += counts[s];
    remainders.emplace_back(quota - std::floor(quota), s);
  }
  std::stable_sort(remainders.begin(), remainders.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
  for (std::size_t i = 0; given < options_.population; i = (i + 1) % remainders.size()) {
    ++counts[remainders[i].second];
    ++given;
  }
  return counts;
}

void Population::next_generation(Rng& generation_rng, const std::function<Rng(std::size_t)>& member_rng) {
  innovations_.new_generation();
  const std::vector<std::size_t> counts = offspring_counts();

  // Each species' evaluated members, best first (ties by position, so the order is reproducible).
  std::vector<std::vector<std::size_t>> ranked(species_.size());
  for (std::size_t s = 0; s < species_.size(); ++s) {
    for (std::size_t m : species_[s].members) {
      if (members_[m].evaluated) ranked[s].push_back(m);
    }
    std::stable_sort(ranked[s].begin(), ranked[s].end(),
                     [&](std::size_t a, std::size_t b) { return members_[a].fitness > members_[b].fitness; });
  }
  std::vector<std::size_t> nonempty;
  for (std::size_t s = 0; s < species_.size(); ++s) {
    if (!ranked[s].empty()) nonempty.push_back(s);
  }

  std::vector<Member> children;
  children.reserve(options_.population);
  for (std::size_t s = 0; s < species_.size(); ++s) {
    std::size_t remaining = counts[s];
    if (remaining == 0) continue;
    const std::vector<std::size_t>& ranks = ranked[s];
    if (ranks.size() > options_.elitism_min_size) {
      const Member& champion = members_[ranks.front()];
      children.push_back(Member{champion.genome, Parents{champion.id, no_parent}});
      --remaining;
    }
    const auto survivors = static_cast<std::size_t>(std::floor(options_.survival_threshold * static_cast<double>(ranks.size()))) + 1;
    const std::size_t pool = std::min(ranks.size(), survivors);
    for (; remaining > 0; --remaining) {
      Rng rng = member_rng(children.size());
      const Member& a = members_[ranks[rng.below(pool)]];
      Member child;
      if (pool == 1 || rng.bernoulli(options_.mutate_only_prob)) {  // one parent: crossover would clone it
        child.genome = a.genome;
        child.parents = {a.id, no_parent};
        mutate(child.genome, innovations_, options_, rng);
      } else {
        const Member* b = &members_[ranks[rng.below(pool)]];
        if (nonempty.size() > 1 && rng.bernoulli(options_.interspecies_mate_prob)) {
          // Uniform over the other species: an index among all but the last, the last standing in for s.
          std::size_t other = nonempty[rng.below(nonempty.size() - 1)];
          if (other == s) other = nonempty.back();
          b = &members_[ranked[other].front()];
        }
        const bool a_fitter = a.fitness >= b->fitness;
        child.genome = crossover(a_fitter ? a.genome : b->genome, a_fitter ? b->genome : a.genome, options_, rng);
        child.parents = {a.id, b->id};
        if (!rng.bernoulli(options_.mate_only_prob)) mutate(child.genome, innovations_, options_, rng);
      }
      children.push_back(std::move(child));
    }
  }

  // Representatives come from the generation just evaluated: a random member of each species.
  for (Species& sp : species_) {
    if (!sp.members.empty()) sp.representative = members_[sp.members[generation_rng.below(sp.members.size())]].genome;
  }
  members_ = std::move(children);
  speciate();
}

void Population::speciate() {
  for (Species& sp : species_) sp.members.clear();
  for (std::size_t i = 0; i < members_.size(); ++i) {
    std::size_t chosen = species_.size();
    for (std::size_t s = 0; s < species_.size(); ++s) {
      if (compatibility_distance(members_[i].genome, species_[s].representative, options_) < threshold_) {
        chosen = s;
        break;
      }
    }
    if (chosen == species_.size()) {
      Species sp;
      sp.id = next_species_id_++;
      sp.representative = members_[i].genome;
      sp.created = started_ ? generation_ + 1 : 0;
      sp.last_improvement = sp.created;
      species_.push_back(std::move(sp));
    }
    species_[chosen].members.push_back(i);
  }
  std::erase_if(species_, [](const Species& sp) { return sp.members.empty(); });
  for (std::size_t s = 0; s < species_.size(); ++s) {
    for (std::size_t m : species_[s].members) members_[m].species = s;
  }
  if (options_.target_species > 0) {
    if (species_.size() < options_.target_species) {
      threshold_ = std::max(options_.min_threshold, threshold_ - options_.threshold_step);
    } else if (species_.size() > options_.target_species) {
      threshold_ += options_.threshold_step;
    }
  }
}

void Population::save(BinaryWriter& out) const {
  out.write<std::uint8_t>(started_ ? 1 : 0);
  out.write<std::uint64_t>(generation_);
  out.write<std::uint64_t>(next_species_id_);
  out.write<double>(threshold_);
  out.write<double>(best_fitness_);
  out.write<std::uint64_t>(best_improved_);
  innovations_.save(out);
  out.write<std::uint64_t>(members_.size());
  for (const Member& m : members_) {
    SolutionCodec<Genome>::write(out, m.genome);
    out.write<std::uint64_t>(m.parents.first);
    out.write<std::uint64_t>(m.parents.second);
    out.write<std::uint64_t>(m.id);
    out.write<double>(m.fitness);
    out.write<std::uint8_t>(m.evaluated ? 1 : 0);
    out.write<std::uint64_t>(m.species);
  }
  out.write<std::uint64_t>(species_.size());
  for (const Species& sp : species_) {
    out.write<std::uint64_t>(sp.id);
    SolutionCodec<Genome>::write(out, sp.representative);
    out.write_span<std::uint64_t>(std::vector<std::uint64_t>(sp.members.begin(), sp.members.end()));
    out.write<double>(sp.best_fitness);
    out.write<std::uint64_t>(sp.last_improvement);
    out.write<std::uint64_t>(sp.created);
  }
}

void Population::load(BinaryReader& in) {
  started_ = in.read<std::uint8_t>("population started") != 0;
  generation_ = in.read<std::uint64_t>("generation");
  next_species_id_ = in.read<std::uint64_t>("next species id");
  threshold_ = in.read<double>("compatibility threshold");
  best_fitness_ = in.read<double>("best fitness");
  best_improved_ = in.read<std::uint64_t>("best improved");
  innovations_.load(in);
  const auto n = in.read<std::uint64_t>("members");
  if (n > in.remaining()) in.fail("member count " + std::to_string(n) + " exceeds the data");
  members_.assign(n, Member{});
  for (Member& m : members_) {
    SolutionCodec<Genome>::read(in, m.genome);
    m.parents.first = in.read<std::uint64_t>("parent");
    m.parents.second = in.read<std::uint64_t>("parent");
    m.id = in.read<std::uint64_t>("member id");
    m.fitness = in.read<double>("member fitness");
    m.evaluated = in.read<std::uint8_t>("member evaluated") != 0;
    m.species = in.read<std::uint64_t>("member species");
  }
  const auto s = in.read<std::uint64_t>("species");
  if (s > in.remaining()) in.fail("species count " + std::to_string(s) + " exceeds the data");
  species_.assign(s, Species{});
  for (Species& sp : species_) {
    sp.id = in.read<std::uint64_t>("species id");
    SolutionCodec<Genome>::read(in, sp.representative);
    const auto members = in.read_vector<std::uint64_t>("species members", n);
    sp.members.assign(members.begin(), members.end());
    for (std::size_t m : sp.members) {
      if (m >= n) in.fail("species member " + std::to_string(m) + " out of range");
    }
    sp.best_fitness = in.read<double>("species best fitness");
    sp.last_improvement = in.read<std::uint64_t>("species last improvement");
    sp.created = in.read<std::uint64_t>("species created");
  }
  for (const Member& m : members_) {
    if (m.species >= species_.size() && !species_.empty()) in.fail("member species out of range");
  }
}

}  // namespace pond::neat
