#include "decoding.hpp"

#include <string>

#include "pond/core/error.hpp"

namespace pond::neat::detail {
namespace {

// Throws pond::Error unless the node list has the layout the slot mapping relies on: ids increasing
// (node_index binary-searches) and inputs, then outputs, first. Cheaper than Genome::validate, which
// the fast forms skip because they are decoded once per evaluation.
void check_nodes(const Genome& g, const char* who) {
  const std::size_t fixed = static_cast<std::size_t>(g.inputs) + g.outputs;
  if (g.nodes.size() < fixed) throw Error(std::string(who) + ": genome has fewer nodes than inputs + outputs");
  for (std::size_t i = 0; i < g.nodes.size(); ++i) {
    const NodeKind expected = i < g.inputs ? NodeKind::input : i < fixed ? NodeKind::output : NodeKind::hidden;
    if (g.nodes[i].kind != expected || (i > 0 && g.nodes[i - 1].id >= g.nodes[i].id)) {
      throw Error(std::string(who) + ": genome nodes are not inputs, outputs, hidden in increasing id order (at node " +
                  std::to_string(g.nodes[i].id) + ")");
    }
  }
}

// The index of node `id`, or pond::Error naming the connection that refers to a missing node.
std::uint32_t index_of(const Genome& g, std::uint32_t id, const ConnectionGene& c, const char* who) {
  const auto i = g.node_index(id);
  if (!i) {
    throw Error(std::string(who) + ": connection " + std::to_string(c.innovation) + " refers to missing node " +
                std::to_string(id));
  }
  return static_cast<std::uint32_t>(*i);
}

// Groups the enabled connections by target, each group in order of source slot (genome order among
// links from one source, which a valid genome does not have): two stable counting sorts, by source
// and then by target. Decoding runs once per evaluation, so this keeps to a handful of allocations.
}  // namespace

Incoming incoming_of(const Genome& g, const char* who) {
  check_nodes(g, who);
  const std::size_t n = g.nodes.size();
  struct Link {
    std::uint32_t source, target;
    double weight;
  };
  std::vector<Link> links;
  links.reserve(g.connections.size());
  std::vector<std::uint32_t> by_source(n + 1, 0);
  for (const ConnectionGene& c : g.connections) {
    if (!c.enabled) continue;
    links.push_back({index_of(g, c.from, c, who), index_of(g, c.to, c, who), c.weight});
    if (links.back().target < g.inputs) {
      throw Error(std::string(who) + ": connection " + std::to_string(c.innovation) + " targets input node " +
                  std::to_string(c.to));
    }
    ++by_source[links.back().source + 1];
  }
  for (std::size_t i = 0; i < n; ++i) by_source[i + 1] += by_source[i];
  std::vector<Link> sorted(links.size());
  for (const Link& l : links) sorted[by_source[l.source]++] = l;
  Incoming in;
  in.first.assign(n + 1, 0);
  for (const Link& l : sorted) ++in.first[l.target + 1];
  for (std::size_t i = 0; i < n; ++i) in.first[i + 1] += in.first[i];
  in.source.resize(sorted.size());
  in.weight.resize(sorted.size());
  std::vector<std::uint32_t> next(in.first.begin(), in.first.end() - 1);
  for (const Link& l : sorted) {
    const std::uint32_t slot = next[l.target]++;
    in.source[slot] = l.source;
    in.weight[slot] = l.weight;
  }
  return in;
}

bool has_duplicate_source(const Incoming& in, std::size_t i) noexcept {
  for (std::uint32_t k = in.first[i] + 1; k < in.first[i + 1]; ++k) {
    if (in.source[k] == in.source[k - 1]) return true;
  }
  return false;
}

}  // namespace pond::neat::detail
