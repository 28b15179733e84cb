// MAP-Elites on the planar arm with the evaluations spread over MPI ranks (and threads inside each):
//
//     mpirun -np 4 ./example_mpi_arm           # the same archive as ./example_mpi_arm on one process
//
// Every rank builds the same task; rank 0 runs the scheduler with a DistributedTask, the others serve
// it. The result is the same, bit for bit, whatever the number of ranks and threads: the program
// prints the archive's QD score to 17 digits so that runs can be compared.

#include <cstdio>
#include <cstring>

#include "pond/core/distributed.hpp"
#include "pond/core/grid_archive.hpp"
#include "pond/core/scheduler.hpp"
#include "pond/core/vector_emitters.hpp"
#include "pond/mpi/mpi_distributor.hpp"
#include "pond/tasks/arm.hpp"

int main(int argc, char** argv) {
  pond::mpi::Environment mpi(argc, argv);  // starts MPI when launched by mpirun
  const bool small = argc > 1 && std::strcmp(argv[1], "--small") == 0;
  const pond::tasks::Arm arm({.joints = 20});
  pond::mpi::MpiDistributor distributor;
  const auto local = pond::make_evaluator(2);  // threads inside this rank

  if (distributor.rank() != 0) {
    pond::serve_task(arm, distributor, *local);  // until rank 0's distributor stops the workers
    return 0;
  }
  pond::GridArchive<pond::Vector> archive(
      {.dims = {64, 64}, .lower = arm.descriptor_lower(), .upper = arm.descriptor_upper()});
  pond::Scheduler<pond::Vector> scheduler(
      archive, pond::GaussianEmitter::many(4, {.x0 = pond::Vector(20, 0.0), .sigma = 0.1, .batch = 64}), /*seed=*/3);
  const pond::DistributedTask<pond::tasks::Arm> task(arm, distributor, *local);
  const auto summary = scheduler.run(task, *local, {.evaluations = small ? 25'600u : 1'000'000u});
  distributor.stop_workers();
  std::printf("ranks %d: %llu evaluations, %zu elites, QD score %.17g\n", distributor.size(),
              static_cast<unsigned long long>(summary.evaluations), archive.size(), summary.metrics.qd_score);
  return 0;
}
