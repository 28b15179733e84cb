#pragma once
/// @file
/// The few collective steps the `pond` command needs under mpirun: rank 0 hands every rank the run's
/// configuration, and a multi-seed benchmark's runs are gathered on rank 0.

#include <string>

#include "pond/run/sharing.hpp"

namespace pond::mpi {

/// Rank 0's `text`, on every rank (MPI_COMM_WORLD). Every rank must call it.
std::string broadcast_from_root(const std::string& text);

/// This process's share of a multi-run benchmark over MPI_COMM_WORLD (rank, ranks, and a gather of
/// every rank's results on rank 0). One process when MPI is not active.
Sharing world_sharing();

}  // namespace pond::mpi
