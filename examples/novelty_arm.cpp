// Novelty search on the planar arm: the archive keeps behaviours (end-effector positions) that are
// far from those seen before; a passive grid (the result archive) measures how much of the reachable
// space it covered, without ever steering the search.

#include <cstring>
#include <iostream>

#include "pond/core/grid_archive.hpp"
#include "pond/core/novelty_archive.hpp"
#include "pond/core/scheduler.hpp"
#include "pond/core/vector_emitters.hpp"
#include "pond/tasks/arm.hpp"

int main(int argc, char** argv) {
  const bool small = argc > 1 && std::strcmp(argv[1], "--small") == 0;
  pond::tasks::Arm arm({.joints = 10});
  pond::NoveltyArchive<pond::Vector> novelty({.descriptor_dim = 2, .k = 15, .initial_threshold = 0.2});
  pond::GridArchive<pond::Vector> measure(
      {.dims = {50, 50}, .lower = arm.descriptor_lower(), .upper = arm.descriptor_upper()});
  pond::Scheduler<pond::Vector> scheduler(
      novelty, pond::GaussianEmitter::many(4, {.x0 = pond::Vector(10, 0.0), .sigma = 0.1, .batch = 50}),
      /*seed=*/3, &measure);
  pond::SerialEvaluator evaluator;
  const auto summary = scheduler.run(arm, evaluator, {.evaluations = small ? 20'000u : 500'000u});
  std::cout << "novelty archive: " << novelty.size() << " behaviours, threshold " << novelty.novelty_threshold()
            << "; grid coverage " << 100 * summary.metrics.coverage << "%\n";
  return novelty.size() > 10 ? 0 : 1;
}
