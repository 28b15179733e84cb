#include "pond/tasks/xor.hpp"

#include <array>
#include <cmath>
#include <stdexcept>
#include <string>

#include "pond/neat/network.hpp"

namespace pond::tasks {
namespace {

constexpr std::array<std::array<double, 3>, 4> kPatterns = {{{0, 0, 1}, {0, 1, 1}, {1, 0, 1}, {1, 1, 1}}};
constexpr std::array<double, 4> kTargets = {0, 1, 1, 0};

}  // namespace

double XorTask::evaluate(const neat::Genome& genome, std::span<double> descriptor) const {
  if (genome.inputs != inputs || genome.outputs != outputs) {
    throw std::invalid_argument("xor: a network needs 3 inputs and 1 output; the genome has " +
                                std::to_string(genome.inputs) + " and " + std::to_string(genome.outputs));
  }
  double error = 0.0;
  if (!neat::has_cycle(genome)) {
    neat::FeedForwardNetwork network(genome);
    for (std::size_t p = 0; p < kPatterns.size(); ++p) {
      network.activate(kPatterns[p], descriptor.subspan(p, 1));
      error += std::fabs(descriptor[p] - kTargets[p]);
    }
  } else {
    neat::RecurrentNetwork network(genome);
    for (std::size_t p = 0; p < kPatterns.size(); ++p) {
      network.reset();
      for (int i = 0; i < 20; ++i) network.activate(kPatterns[p], descriptor.subspan(p, 1));
      error += std::fabs(descriptor[p] - kTargets[p]);
    }
  }
  return (4.0 - error) * (4.0 - error);
}

bool XorTask::solved(double /*objective*/, std::span<const double> descriptor) const {
  for (std::size_t p = 0; p < kTargets.size(); ++p) {
    if ((descriptor[p] >= 0.5) != (kTargets[p] == 1.0)) return false;
  }
  return true;
}

}  // namespace pond::tasks
