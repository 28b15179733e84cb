#include "pond/neat/mutation.hpp"

#include <algorithm>
#include <vector>

namespace pond::neat {
namespace {

// True if `target` is reachable from `start` through any connection gene (enabled or not).
bool reaches(const Genome& genome, std::uint32_t start, std::uint32_t target) {
  std::vector<std::uint32_t> stack{start};
  std::vector<std::uint32_t> seen{start};
  while (!stack.empty()) {
    const std::uint32_t n = stack.back();
    stack.pop_back();
    if (n == target) return true;
    for (const ConnectionGene& c : genome.connections) {
      if (c.from == n && std::find(seen.begin(), seen.end(), c.to) == seen.end()) {
        seen.push_back(c.to);
        stack.push_back(c.to);
      }
    }
  }
  return false;
}

bool linked(const Genome& genome, std::uint32_t from, std::uint32_t to) {
  return std::any_of(genome.connections.begin(), genome.connections.end(),
                     [&](const ConnectionGene& c) { return c.from == from && c.to == to; });
}

// Inserts a gene keeping the connections sorted by innovation.
void insert_connection(Genome& genome, const ConnectionGene& gene) {
  const auto at = std::lower_bound(genome.connections.begin(), genome.connections.end(), gene.innovation,
                                   [](const ConnectionGene& c, std::uint64_t i) { return c.innovation < i; });
  genome.connections.insert(at, gene);
}

// Whether enabling `c` keeps a feed-forward genome acyclic.
bool may_enable(const Genome& genome, const ConnectionGene& c, const NeatOptions& options) {
  return options.allow_recurrent || (c.from != c.to && !reaches(genome, c.to, c.from));
}

}  // namespace

void mutate_weights(Genome& genome, const NeatOptions& options, Rng& rng) {
  for (ConnectionGene& c : genome.connections) {
    // As in the original code, a replaced weight is drawn from the perturbation's range.
    if (rng.bernoulli(options.weight_replace_prob)) {
      c.weight = rng.uniform(-options.weight_perturb, options.weight_perturb);
    } else {
      c.weight += rng.uniform(-options.weight_perturb, options.weight_perturb);
    }
    c.weight = std::clamp(c.weight, -options.weight_limit, options.weight_limit);
  }
}

bool mutate_add_connection(Genome& genome, InnovationRecord& innovations, const NeatOptions& options, Rng& rng) {
  const std::size_t nodes = genome.nodes.size();
  const std::size_t targets = nodes - genome.inputs;  // inputs come first and are never targets
  if (targets == 0) return false;
  for (std::size_t attempt = 0; attempt < options.add_connection_tries; ++attempt) {
    const std::uint32_t from = genome.nodes[rng.below(nodes)].id;
    const std::uint32_t to = genome.nodes[genome.inputs + rng.below(targets)].id;
    if (linked(genome, from, to)) continue;
    if (!options.allow_recurrent && (from == to || reaches(genome, to, from))) continue;
    const double weight = rng.uniform(-options.weight_init, options.weight_init);
    insert_connection(genome, {innovations.connection(from, to), from, to, weight, true});
    return true;
  }
  return false;
}

bool mutate_add_node(Genome& genome, InnovationRecord& innovations, Rng& rng) {
  std::vector<std::size_t> enabled;
  for (std::size_t i = 0; i < genome.connections.size(); ++i) {
    if (genome.connections[i].enabled) enabled.push_back(i);
  }
  if (enabled.empty()) return false;
  ConnectionGene& old = genome.connections[enabled[rng.below(enabled.size())]];
  const ConnectionGene split = old;
  const InnovationRecord::Split s = innovations.split(split.innovation, split.from, split.to);
  // The same split may already be in this genome (inherited from a parent that made it this generation
  // while this gene stayed enabled in the other parent): then there is nothing new to add.
  if (genome.node_index(s.node)) return false;
  old.enabled = false;
  const auto at = std::lower_bound(genome.nodes.begin(), genome.nodes.end(), s.node,
                                   [](const NodeGene& n, std::uint32_t id) { return n.id < id; });
  genome.nodes.insert(at, NodeGene{s.node, NodeKind::hidden, Activation::sigmoid});
  insert_connection(genome, {s.incoming, split.from, s.node, 1.0, true});
  insert_connection(genome, {s.outgoing, s.node, split.to, split.weight, true});
  return true;
}

bool mutate_toggle_enable(Genome& genome, const NeatOptions& options, Rng& rng) {
  if (genome.connections.empty()) return false;
  ConnectionGene& c = genome.connections[rng.below(genome.connections.size())];
  if (!c.enabled && !may_enable(genome, c, options)) return false;
  c.enabled = !c.enabled;
  return true;
}

bool mutate_reenable(Genome& genome, const NeatOptions& options, Rng& rng) {
  std::vector<std::size_t> disabled;
  for (std::size_t i = 0; i < genome.connections.size(); ++i) {
    if (!genome.connections[i].enabled) disabled.push_back(i);
  }
  if (disabled.empty()) return false;
  ConnectionGene& c = genome.connections[disabled[rng.below(disabled.size())]];
  if (!may_enable(genome, c, options)) return false;
  c.enabled = true;
  return true;
}

void mutate(Genome& genome, InnovationRecord& innovations, const NeatOptions& options, Rng& rng) {
  if (rng.bernoulli(options.add_node_prob)) {
    mutate_add_node(genome, innovations, rng);
  } else if (rng.bernoulli(options.add_connection_prob)) {
    mutate_add_connection(genome, innovations, options, rng);
  } else {
    if (rng.bernoulli(options.weight_mutate_prob)) mutate_weights(genome, options, rng);
    if (rng.bernoulli(options.toggle_enable_prob)) mutate_toggle_enable(genome, options, rng);
    if (rng.bernoulli(options.reenable_prob)) mutate_reenable(genome, options, rng);
  }
}

Genome crossover(const Genome& fitter, const Genome& other, const NeatOptions& options, Rng& rng) {
  Genome child;
  child.inputs = fitter.inputs;
  child.outputs = fitter.outputs;
  child.nodes = fitter.nodes;
  for (NodeGene& n : child.nodes) {
    if (const auto j = other.node_index(n.id); j && rng.bernoulli(0.5)) n.activation = other.nodes[*j].activation;
  }
  child.connections.reserve(fitter.connections.size());
  std::size_t j = 0;
  for (const ConnectionGene& gene : fitter.connections) {
    while (j < other.connections.size() && other.connections[j].innovation < gene.innovation) ++j;
    ConnectionGene c = gene;
    if (j < other.connections.size() && other.connections[j].innovation == gene.innovation) {
      const ConnectionGene& match = other.connections[j];
      if (rng.bernoulli(0.5)) c.weight = match.weight;
      const bool either_disabled = !gene.enabled || !match.enabled;
      c.enabled = !(either_disabled && rng.bernoulli(options.disable_inherit_prob));
    } else if (!gene.enabled) {
      c.enabled = !rng.bernoulli(options.disable_inherit_prob);
    }
    child.connections.push_back(c);
  }
  // No cycle can appear: the child's genes are exactly fitter's, and a feed-forward genome's gene set
  // (enabled or not) is acyclic, because add_connection refuses links that close a cycle through any gene.
  return child;
}

Genome fully_connected_genome(std::uint32_t inputs, std::uint32_t outputs, double weight_init, Rng& rng) {
  Genome g = Genome::empty(inputs, outputs);
  std::uint64_t innovation = 0;
  for (std::uint32_t o = 0; o < outputs; ++o) {
    for (std::uint32_t i = 0; i < inputs; ++i) {
      g.connections.push_back({innovation++, i, inputs + o, rng.uniform(-weight_init, weight_init), true});
    }
  }
  return g;
}

Genome one_hidden_genome(std::uint32_t inputs, std::uint32_t outputs, double weight_init, Rng& rng) {
  Genome g = Genome::empty(inputs, outputs);
  const std::uint32_t hidden = inputs + outputs;
  g.nodes.push_back({hidden, NodeKind::hidden, Activation::sigmoid});
  std::uint64_t innovation = 0;
  for (std::uint32_t i = 0; i < inputs; ++i) {
    g.connections.push_back({innovation++, i, hidden, rng.uniform(-weight_init, weight_init), true});
  }
  for (std::uint32_t o = 0; o < outputs; ++o) {
    g.connections.push_back({innovation++, hidden, inputs + o, rng.uniform(-weight_init, weight_init), true});
  }
  return g;
}

void randomize_weights(Genome& genome, double weight_init, Rng& rng) {
  for (ConnectionGene& c : genome.connections) c.weight = rng.uniform(-weight_init, weight_init);
}

}  // namespace pond::neat
