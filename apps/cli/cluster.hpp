#pragma once
// The processes one `pond` command runs in: just this one, or the ranks of an mpirun job (when pond was
// built with MPI and started by mpirun). Rank 0 does everything a single process does and hands
// evaluations (or whole benchmark runs) to the other ranks; they write no files.

#include <exception>
#include <memory>
#include <string>

#include "pond/run/experiment.hpp"
#include "pond/run/sharing.hpp"

namespace pond::cli {

class Cluster {
 public:
  /// Starts MPI when launched by mpirun (and pond has MPI); otherwise a cluster of one.
  Cluster(int& argc, char**& argv);
  ~Cluster();
  Cluster(const Cluster&) = delete;
  Cluster& operator=(const Cluster&) = delete;

  /// The cluster main() made.
  static Cluster& get();

  int rank() const noexcept;
  int size() const noexcept;
  /// True on ranks other than 0.
  bool is_worker() const noexcept { return rank() != 0; }

  /// Rank 0: hands every worker the run's configuration (JSON) so that they build the same experiment;
  /// an empty text tells them the run will not happen. Workers: returns what rank 0 sent.
  std::string share_config(const std::string& config_json);
  /// Rank 0 of several: makes `experiment` evaluate its batches on every rank (with `threads` threads here).
  void distribute(Experiment& experiment, std::size_t threads);
  /// A worker: builds the experiment rank 0 shares and evaluates for it until rank 0 is done.
  /// Returns the exit code.
  int serve();
  /// Rank 0: stops the workers serving a run (also done at exit).
  void stop_workers();
  /// Prints `error` with this rank's number and ends every process of the job (exit code 1): for an
  /// error that would leave other ranks waiting for this one.
  [[noreturn]] void abort_job(const std::exception& error) const;
  /// The share of multi-run benchmarks (every rank runs some; rank 0 gathers the table).
  Sharing sharing();

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace pond::cli
