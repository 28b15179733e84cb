// The ask/tell loop by hand, for when you evaluate candidates yourself (another process, a simulator):
// ask for a batch, evaluate it, tell the results. Nothing else is needed between iterations.

#include <cstring>
#include <iostream>
#include <vector>

#include "pond/core/grid_archive.hpp"
#include "pond/core/scheduler.hpp"
#include "pond/core/vector_emitters.hpp"
#include "pond/tasks/arm.hpp"

int main(int argc, char** argv) {
  const bool small = argc > 1 && std::strcmp(argv[1], "--small") == 0;
  const pond::tasks::Arm arm({.joints = 10});
  pond::GridArchive<pond::Vector> archive(
      {.dims = {64, 64}, .lower = arm.descriptor_lower(), .upper = arm.descriptor_upper()});
  pond::Scheduler<pond::Vector> scheduler(
      archive, pond::IsoLineEmitter::many(2, {.x0 = pond::Vector(10, 0.0), .sigma_iso = 0.1, .sigma_line = 0.2, .batch = 64}),
      /*seed=*/5);
  std::vector<double> objectives, descriptors;
  for (int iteration = 0; iteration < (small ? 100 : 5000); ++iteration) {
    const auto batch = scheduler.ask();
    objectives.resize(batch.size());
    descriptors.resize(2 * batch.size());
    for (std::size_t i = 0; i < batch.size(); ++i) {
      objectives[i] = arm.evaluate(batch[i], std::span<double>(descriptors).subspan(2 * i, 2));
    }
    const auto status = scheduler.tell(objectives, descriptors);
    (void)status;  // per candidate: new_cell, improved or not_added
  }
  const auto m = scheduler.metrics();
  std::cout << scheduler.evaluations() << " evaluations: " << m.elites << " elites, coverage " << 100 * m.coverage
            << "%, QD score " << m.qd_score << '\n';
  return m.elites > 0 ? 0 : 1;
}
