// Fishing a pond: grow MAP-Elites on a 20-joint planar arm without any target in mind, then serve a
// demand that comes later (reach a point), first from the pond's nearest stones, then by a short
// refinement from them; and follow the stepping stones behind the answer's stone. Pass --small for a
// short run.

#include <cmath>
#include <cstring>
#include <iostream>

#include "pond/core/demand.hpp"
#include "pond/core/grid_archive.hpp"
#include "pond/core/refine.hpp"
#include "pond/core/scheduler.hpp"
#include "pond/core/vector_emitters.hpp"
#include "pond/tasks/arm.hpp"

int main(int argc, char** argv) {
  const bool small = argc > 1 && std::strcmp(argv[1], "--small") == 0;
  const pond::tasks::Arm arm({.joints = 20});
  pond::GridArchive<pond::Vector> pond_archive(
      {.dims = {50, 50}, .lower = arm.descriptor_lower(), .upper = arm.descriptor_upper()});
  pond::Scheduler<pond::Vector> scheduler(
      pond_archive, pond::GaussianEmitter::many(4, {.x0 = pond::Vector(20, 0.0), .sigma = 0.1, .batch = 50}), /*seed=*/1);
  pond::SerialEvaluator evaluator;
  scheduler.run(arm, evaluator, {.evaluations = small ? 20'000u : 400'000u});

  // A demand nobody planned for: put the hand within 0.05 of (-6, 9).
  const pond::Demand demand = pond::Demand::near({-6.0, 9.0}, 0.05);
  const auto stones = pond::fish(pond_archive, demand, 5);
  std::cout << "nearest stone: elite " << stones[0].id << ", " << -stones[0].score << " away\n";
  const auto answer = pond::refine(arm, demand, std::span<const pond::Catch<pond::Vector>>(stones),
                                   pond::refine_emitters(stones[0].solution, 0.005, 20), {.budget = 2'000, .seed = 1},
                                   evaluator);
  std::cout << (answer.met ? "served" : "not served") << " after " << answer.evaluations << " evaluations: the hand at ("
            << answer.descriptor[0] << ", " << answer.descriptor[1] << ")\n";

  // The stepping stones that led to the stone the refinement started from.
  const auto chain = scheduler.genealogy().chain(stones[0].id);
  std::cout << "its lineage: " << chain.size() << " stepping stones, from the hand at ("
            << scheduler.genealogy().at(chain.front()).descriptor[0] << ", "
            << scheduler.genealogy().at(chain.front()).descriptor[1] << ")\n";
  return answer.score >= stones[0].score && !chain.empty() ? 0 : 1;
}
