#include "pond/neat/speciation.hpp"

#include <algorithm>
#include <cmath>

namespace pond::neat {

GeneComparison compare_genes(const Genome& a, const Genome& b) noexcept {
  GeneComparison r;
  r.larger_size = std::max(a.connections.size(), b.connections.size());
  const auto& x = a.connections;
  const auto& y = b.connections;
  std::size_t i = 0, j = 0;
  double weight_difference = 0.0;
  while (i < x.size() && j < y.size()) {
    if (x[i].innovation == y[j].innovation) {
      weight_difference += std::fabs(x[i].weight - y[j].weight);
      ++r.matching;
      ++i;
      ++j;
    } else if (x[i].innovation < y[j].innovation) {
      ++r.disjoint;
      ++i;
    } else {
      ++r.disjoint;
      ++j;
    }
  }
  r.excess = (x.size() - i) + (y.size() - j);  // past the end of the shorter history
  if (r.matching > 0) r.mean_weight_difference = weight_difference / static_cast<double>(r.matching);
  return r;
}

double compatibility_distance(const Genome& a, const Genome& b, const NeatOptions& options) noexcept {
  const GeneComparison g = compare_genes(a, b);
  const bool small = a.connections.size() < options.normalize_min_genes && b.connections.size() < options.normalize_min_genes;
  const double n = small || g.larger_size == 0 ? 1.0 : static_cast<double>(g.larger_size);
  return options.c1 * static_cast<double>(g.excess) / n + options.c2 * static_cast<double>(g.disjoint) / n +
         options.c3 * g.mean_weight_difference;
}

}  // namespace pond::neat
