// pond_mpi_scaling: how evaluation over MPI scales. Run it under mpirun with 1 and then 2 ranks (or use
// bench/mpi_scaling.sh, which does both and prints the table):
//
//   (1) expensive evaluations: NEAT novelty search on the hard maze with a long horizon (--steps, about
//       5 ms per evaluation at 37,000 steps), population 50: wall time per generation, evaluations/s;
//   (2) dispatch: trivial evaluations (10-D sphere) in batches of 20,000, handed out by rank 0: candidates
//       handed out per second and message bytes per evaluation, with the default chunks and with chunks
//       of one candidate (one message per evaluation: the per-message cost).
//
// Rank 0 prints one line per measurement: "maze ranks=R evaluations=N seconds=S ms_per_evaluation=M
// busy_fraction=F" (M: evaluating time per evaluation; F: evaluating time of all ranks / (ranks x S)) and
// "dispatch ranks=R chunk=C evaluations=N seconds=S handed_out=H bytes_per_evaluation=B".

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include <mpi.h>

#include "pond/core/distributed.hpp"
#include "pond/core/novelty_archive.hpp"
#include "pond/core/scheduler.hpp"
#include "pond/mpi/mpi_distributor.hpp"
#include "pond/neat/mutation.hpp"
#include "pond/neat/neat_emitter.hpp"
#include "pond/tasks/maze_maps.hpp"
#include "pond/tasks/maze_task.hpp"
#include "pond/tasks/projection.hpp"

namespace {

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

long flag(int argc, char** argv, const char* name, long fallback) {
  for (int i = 1; i + 1 < argc; ++i) {
    if (std::strcmp(argv[i], name) == 0) return std::strtol(argv[i + 1], nullptr, 10);
  }
  return fallback;
}

// (1) NEAT novelty search on a long-horizon maze, evaluations spread over the ranks.
void maze_run(pond::mpi::MpiDistributor& distributor, int steps, std::size_t population, std::size_t generations) {
  using pond::neat::Genome;
  const pond::tasks::MazeTask maze(pond::tasks::load_maze("hard"), pond::tasks::MazeOptions{.steps = steps});
  pond::SerialEvaluator local;  // one thread per rank: the ranks are the parallelism measured here
  if (distributor.rank() != 0) {
    pond::serve_task(maze, distributor, local);
    double busy = distributor.traffic().busy_seconds;
    MPI_Reduce(&busy, nullptr, 1, MPI_DOUBLE, MPI_SUM, 0, MPI_COMM_WORLD);
    return;
  }
  pond::neat::NeatEmitterOptions o;
  o.neat.population = population;
  o.neat.allow_recurrent = true;
  o.selection = pond::neat::Selection::novelty;
  pond::Rng rng(1);
  o.seed = pond::neat::one_hidden_genome(pond::tasks::maze_inputs, pond::tasks::maze_outputs, 1.0, rng);
  std::vector<std::unique_ptr<pond::Emitter<Genome>>> emitters;
  emitters.push_back(std::make_unique<pond::neat::NeatEmitter>(o));
  pond::NoveltyArchive<Genome> archive({.descriptor_dim = 2, .k = 15, .initial_threshold = 6.0, .window_evaluations = population});
  pond::Scheduler<Genome> scheduler(archive, std::move(emitters), 1);
  pond::DistributedTask<pond::tasks::MazeTask> task(maze, distributor, local);
  const auto start = std::chrono::steady_clock::now();
  scheduler.run(task, local, {.iterations = generations});
  const double s = seconds_since(start);
  distributor.stop_workers();
  // Busy fraction: the time every rank spent evaluating over ranks x wall time, the share of the
  // machine the distribution kept at work (it does not depend on how fast this shared machine is today).
  double busy = distributor.traffic().busy_seconds;
  if (distributor.size() > 1) {
    double mine = busy;
    MPI_Reduce(&mine, &busy, 1, MPI_DOUBLE, MPI_SUM, 0, MPI_COMM_WORLD);
  }
  std::printf("maze ranks=%d evaluations=%llu seconds=%.3f ms_per_evaluation=%.3f busy_fraction=%.4f archive=%zu\n",
              distributor.size(), static_cast<unsigned long long>(scheduler.evaluations()), s,
              1000.0 * busy / static_cast<double>(scheduler.evaluations()), busy / (s * distributor.size()), archive.size());
}

// (2) Trivial evaluations: how fast rank 0 hands out work.
void dispatch_run(pond::mpi::MpiDistributor& distributor, std::size_t batch, std::size_t batches, std::size_t chunk) {
  const pond::tasks::Sphere sphere({.dim = 10});
  pond::SerialEvaluator local;
  distributor.set_chunk_size(chunk);
  if (distributor.rank() != 0) {
    pond::serve_task(sphere, distributor, local);
    return;
  }
  std::vector<pond::Vector> solutions(batch, pond::Vector(10, 0.5));
  std::vector<double> objectives(batch), descriptors(2 * batch);
  const pond::DistributedTask<pond::tasks::Sphere> task(sphere, distributor, local);
  const pond::mpi::Traffic before = distributor.traffic();
  const auto start = std::chrono::steady_clock::now();
  for (std::size_t b = 0; b < batches; ++b) task.evaluate_range(solutions, 0, batch, objectives, descriptors);
  const double s = seconds_since(start);
  const pond::mpi::Traffic& after = distributor.traffic();
  const auto handed = after.candidates_sent - before.candidates_sent;
  const auto bytes = (after.bytes_sent - before.bytes_sent) + (after.bytes_received - before.bytes_received);
  std::printf("dispatch ranks=%d chunk=%zu evaluations=%zu seconds=%.3f handed_out=%llu handed_out_per_s=%.0f bytes_per_evaluation=%.1f\n",
              distributor.size(), chunk, batch * batches, s, static_cast<unsigned long long>(handed),
              static_cast<double>(handed) / s, handed ? static_cast<double>(bytes) / static_cast<double>(handed) : 0.0);
  distributor.stop_workers();
}

}  // namespace

int main(int argc, char** argv) {
  pond::mpi::Environment mpi(argc, argv);
  const int steps = static_cast<int>(flag(argc, argv, "--steps", 37'000));
  const auto population = static_cast<std::size_t>(flag(argc, argv, "--population", 50));
  const auto generations = static_cast<std::size_t>(flag(argc, argv, "--generations", 16));
  const auto batch = static_cast<std::size_t>(flag(argc, argv, "--batch", 20'000));
  const auto batches = static_cast<std::size_t>(flag(argc, argv, "--batches", 20));
  {
    pond::mpi::MpiDistributor distributor;
    maze_run(distributor, steps, population, generations);
  }  // the distributor's end stops the workers
  for (std::size_t chunk : {std::size_t{0}, std::size_t{1}}) {
    pond::mpi::MpiDistributor distributor;
    dispatch_run(distributor, chunk == 1 ? batch / 10 : batch, batches, chunk);
  }
  return 0;
}
