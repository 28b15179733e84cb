#pragma once
// What every MPI call in pond::mpi goes through: a failed call becomes a pond::Error with MPI's own
// description, and message sizes are checked against MPI's int counts.

#include <mpi.h>

#include <cstddef>
#include <limits>
#include <string>

#include "pond/core/error.hpp"

namespace pond::mpi::detail {

/// Throws pond::Error naming `what` unless an MPI call succeeded.
inline void check(int code, const char* what) {
  if (code == MPI_SUCCESS) return;
  char text[MPI_MAX_ERROR_STRING];
  int length = 0;
  MPI_Error_string(code, text, &length);
  throw Error(std::string("MPI: ") + what + " failed: " + std::string(text, static_cast<std::size_t>(length)));
}

/// `bytes` as an MPI count; throws pond::Error beyond 2 GiB (MPI counts are ints).
inline int message_size(std::size_t bytes) {
  if (bytes > static_cast<std::size_t>(std::numeric_limits<int>::max())) {
    throw Error("MPI: a message of " + std::to_string(bytes) + " bytes is too large (limit 2 GiB): use smaller batches");
  }
  return static_cast<int>(bytes);
}

}  // namespace pond::mpi::detail
