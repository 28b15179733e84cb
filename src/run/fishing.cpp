// Helpers of the experiments' fishing and lineage pictures (see basic_experiment.hpp).

#include <cmath>
#include <fmt/format.h>

#include "basic_experiment.hpp"

namespace pond {

std::vector<double> chain_descriptors(const Genealogy& genealogy, EliteId id) {
  if (genealogy.descriptor_dim() != 2) throw Error("lineage pictures need 2-D descriptors");
  std::vector<double> xy;
  for (std::size_t index : genealogy.chain(id)) {
    const auto d = genealogy.at(index).descriptor;
    xy.insert(xy.end(), d.begin(), d.end());
  }
  return xy;
}

std::vector<double> arm_joint_positions(const Vector& theta) {
  std::vector<double> xy{0.0, 0.0};
  double angle = 0.0, x = 0.0, y = 0.0;
  for (double t : theta) {
    angle += t;
    x += std::cos(angle);
    y += std::sin(angle);
    xy.insert(xy.end(), {x, y});
  }
  return xy;
}

std::string fish_outcome(const FishReport& report) {
  if (report.met && report.from_stone) return "served by a stone as it was";
  if (report.met) return fmt::format("served after {} evaluations", report.evaluations);
  return fmt::format("not served ({} evaluations)", report.evaluations);
}

}  // namespace pond
