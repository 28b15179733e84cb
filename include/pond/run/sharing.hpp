#pragma once
/// @file
/// Whole runs shared among processes: how a multi-seed benchmark (`pond bench deception`) spreads its
/// runs over MPI ranks and gathers one table on rank 0. The benchmark stays free of MPI: the CLI fills
/// `gather` with an MPI gather (pond::mpi::world_sharing).

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

namespace pond {

/// This process's share of a list of jobs.
struct Sharing {
  std::size_t rank = 0;   ///< this process (0 gathers the results)
  std::size_t ranks = 1;  ///< processes sharing the jobs
  /// Given this process's results (encoded), returns every process's in rank order on rank 0 and an
  /// empty list elsewhere. Unset with one process.
  std::function<std::vector<std::string>(const std::string&)> gather;

  /// Whether job `job` is this process's: round-robin over the ranks, except a job `for_root` (one
  /// whose whole output rank 0 needs, such as a picture) which is rank 0's.
  bool owns(std::size_t job, bool for_root = false) const noexcept { return for_root ? rank == 0 : job % ranks == rank; }
  /// True on the process that ends up with every result.
  bool is_root() const noexcept { return rank == 0; }
};

}  // namespace pond
