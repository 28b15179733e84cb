// Quickstart: MAP-Elites on the 100-dimensional linear-projection sphere, the published setting
// (15 Gaussian emitters x 36 candidates, sigma 0.5, 100 x 100 grid). Pass --small for a short run.

#include <cstring>
#include <iostream>

#include "pond/core/grid_archive.hpp"
#include "pond/core/scheduler.hpp"
#include "pond/core/vector_emitters.hpp"
#include "pond/tasks/projection.hpp"

int main(int argc, char** argv) {
  const bool small = argc > 1 && std::strcmp(argv[1], "--small") == 0;
  pond::tasks::Sphere sphere({.dim = 100});
  pond::GridArchive<pond::Vector> archive(
      {.dims = {100, 100}, .lower = sphere.descriptor_lower(), .upper = sphere.descriptor_upper()});
  pond::Scheduler<pond::Vector> scheduler(
      archive, pond::GaussianEmitter::many(15, {.x0 = pond::Vector(100, 0.0), .sigma = 0.5, .batch = 36}),
      /*seed=*/1);
  pond::ThreadEvaluator evaluator;  // all cores; pond::SerialEvaluator gives the same result
  const auto summary = scheduler.run(sphere, evaluator, {.evaluations = small ? 54'000u : 5'400'000u});
  std::cout << summary.evaluations << " evaluations in " << summary.seconds << " s: coverage "
            << 100 * summary.metrics.coverage << "%, normalised QD score " << summary.metrics.norm_qd_score << '\n';
  return summary.metrics.elites > 0 ? 0 : 1;
}
