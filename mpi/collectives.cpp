#include "pond/mpi/collectives.hpp"

#include "mpi_calls.hpp"

#include <cstdint>
#include <vector>

#include "pond/core/error.hpp"

namespace pond::mpi {
namespace {

using detail::check;
using detail::message_size;

bool active() {
  int initialised = 0;
  MPI_Initialized(&initialised);
  return initialised != 0;
}

}  // namespace

std::string broadcast_from_root(const std::string& text) {
  if (!active()) return text;
  std::uint64_t length = text.size();
  check(MPI_Bcast(&length, 1, MPI_UINT64_T, 0, MPI_COMM_WORLD), "broadcast");
  std::string out = text;
  out.resize(length);
  check(MPI_Bcast(out.data(), message_size(length), MPI_BYTE, 0, MPI_COMM_WORLD), "broadcast");
  return out;
}

Sharing world_sharing() {
  Sharing sharing;
  if (!active()) return sharing;
  int rank = 0, size = 1;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &size);
  sharing.rank = static_cast<std::size_t>(rank);
  sharing.ranks = static_cast<std::size_t>(size);
  sharing.gather = [rank, size](const std::string& mine) {
    int length = message_size(mine.size());
    std::vector<int> lengths(static_cast<std::size_t>(size)), offsets(static_cast<std::size_t>(size));
    check(MPI_Gather(&length, 1, MPI_INT, lengths.data(), 1, MPI_INT, 0, MPI_COMM_WORLD), "gather");
    std::string all;
    if (rank == 0) {
      int total = 0;
      for (int r = 0; r < size; ++r) {
        offsets[static_cast<std::size_t>(r)] = total;
        total += lengths[static_cast<std::size_t>(r)];
      }
      all.resize(static_cast<std::size_t>(total));
    }
    check(MPI_Gatherv(mine.data(), length, MPI_BYTE, all.data(), lengths.data(), offsets.data(), MPI_BYTE, 0, MPI_COMM_WORLD),
          "gatherv");
    std::vector<std::string> parts;
    if (rank != 0) return parts;
    for (int r = 0; r < size; ++r) {
      parts.push_back(all.substr(static_cast<std::size_t>(offsets[static_cast<std::size_t>(r)]),
                                 static_cast<std::size_t>(lengths[static_cast<std::size_t>(r)])));
    }
    return parts;
  };
  return sharing;
}

}  // namespace pond::mpi
