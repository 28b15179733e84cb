#pragma once
/// @file
/// pond over MPI (library pond::mpi, built when Open MPI is found). `Environment` starts MPI when the
/// program was launched by mpirun; `MpiDistributor` is the Distributor over MPI_COMM_WORLD: rank 0
/// coordinates (and evaluates too), every other rank serves.
///
///     pond::mpi::Environment mpi(argc, argv);
///     pond::mpi::MpiDistributor distributor;
///     auto local = pond::make_evaluator(threads);                 // threads inside each rank
///     if (distributor.rank() == 0) {
///       pond::DistributedTask<MyTask> task(my_task, distributor, *local);
///       scheduler.run(task, *local, limits);
///       distributor.stop_workers();
///     } else {
///       pond::serve_task(my_task, distributor, *local);
///     }
///
/// Message format (all little-endian, as pond's binary files): a work message is the batch number, the
/// chunk's first index and its count (three uint64), then the candidates as SolutionCodec writes them;
/// a result message is the same three numbers then count objectives and count × descriptor_dim
/// descriptor values (float64); a failure message is the batch number, the chunk's first index, the
/// failing candidate's index within the chunk and the error text.

#include <cstdint>
#include <limits>
#include <memory>

#include "pond/core/distributed.hpp"

namespace pond::mpi {

/// MPI for this process. Initialises MPI (with thread support for the coordinator's evaluator threads)
/// when the process was started by mpirun or a compatible launcher, and finalises it at the end;
/// otherwise does nothing and the process is rank 0 of 1.
class Environment {
 public:
  Environment(int& argc, char**& argv);
  ~Environment();
  Environment(const Environment&) = delete;
  Environment& operator=(const Environment&) = delete;
  /// True when MPI was initialised (the process was launched by mpirun).
  bool active() const noexcept { return active_; }
  /// This process's rank in MPI_COMM_WORLD (0 when not active).
  int rank() const noexcept { return rank_; }
  /// The number of processes (1 when not active).
  int size() const noexcept { return size_; }
  /// Whether the environment says this process was started by mpirun (Open MPI, MPICH/PMI).
  static bool launched_by_mpirun() noexcept;
  /// Ends every process of the job with `code` (for errors that leave workers waiting).
  [[noreturn]] void abort(int code) const;

 private:
  bool active_ = false;
  int rank_ = 0;
  int size_ = 1;
};

/// Traffic counters of one process, for the scaling benchmark.
struct Traffic {
  std::uint64_t chunks_sent = 0;      ///< work messages handed out (coordinator)
  std::uint64_t candidates_sent = 0;  ///< candidates in them
  std::uint64_t bytes_sent = 0;       ///< bytes of every message sent
  std::uint64_t bytes_received = 0;   ///< bytes of every message received
  double busy_seconds = 0.0;          ///< wall time spent evaluating (this process's share of the work)
};

/// The Distributor over MPI_COMM_WORLD. Rank 0 hands out chunks of a quarter of what is left per rank
/// (guided: they shrink toward the end of a batch, so the ranks finish together), two per worker ahead
/// so that no worker waits for its next, and evaluates chunks itself in between, in pieces of about
/// half a millisecond with the workers answered after each. Sends never block
/// (a blocking send of a large chunk could wait on a worker that waits to send its result). Results
/// are placed by index, so the outcome never depends on who evaluated what.
/// Test hook: a worker whose environment has POND_MPI_FAIL_AFTER=N fails its (N+1)-th evaluation.
class MpiDistributor final : public Distributor {
 public:
  /// Requires an active Environment (or a single process, where everything runs here).
  MpiDistributor();
  /// Stops the workers if the coordinator has not yet (so they never wait forever).
  ~MpiDistributor() override;
  MpiDistributor(const MpiDistributor&) = delete;
  MpiDistributor& operator=(const MpiDistributor&) = delete;

  int rank() const noexcept override { return rank_; }
  int size() const noexcept override { return size_; }
  void evaluate(std::size_t n, std::size_t descriptor_dim, const Encoder& encode, const LocalEvaluation& here,
                std::span<double> objectives, std::span<double> descriptors) override;
  void serve(std::size_t descriptor_dim, const ChunkEvaluation& evaluate) override;
  void stop_workers() override;
  /// Candidates per chunk (0, the default: guided sizes, as above).
  void set_chunk_size(std::size_t chunk) noexcept { chunk_ = chunk; }
  /// This process's message counters.
  const Traffic& traffic() const noexcept { return traffic_; }

 private:
  int rank_ = 0;
  int size_ = 1;
  bool stopped_ = false;
  std::size_t chunk_ = 0;
  std::uint64_t fail_after_ = 0;   // POND_MPI_FAIL_AFTER + 1, or 0 for none
  std::uint64_t evaluated_ = 0;    // candidates this worker evaluated
  std::uint64_t batches_ = 0;      // batches handed out (coordinator), numbered in messages
  // Of rank 0's last piece of local evaluation (sizes the next); unknown at first, so the first piece
  // is one candidate.
  double seconds_per_candidate_ = std::numeric_limits<double>::infinity();
  Traffic traffic_;
};

}  // namespace pond::mpi
