// Built against an installed pond through find_package(pond).
#include <iostream>

#include <pond/core/grid_archive.hpp>
#include <pond/core/scheduler.hpp>
#include <pond/core/vector_emitters.hpp>
#include <pond/tasks/arm.hpp>

int main() {
  pond::tasks::Arm arm({.joints = 5});
  pond::GridArchive<pond::Vector> archive({.dims = {10, 10}, .lower = arm.descriptor_lower(), .upper = arm.descriptor_upper()});
  pond::Scheduler<pond::Vector> scheduler(archive, pond::GaussianEmitter::many(1, {.x0 = pond::Vector(5, 0.0)}), 1);
  pond::SerialEvaluator evaluator;
  const auto summary = scheduler.run(arm, evaluator, {.evaluations = 2000});
  std::cout << "elites " << summary.metrics.elites << '\n';
  return summary.metrics.elites > 0 ? 0 : 1;
}
