#pragma once
// A batch of evaluated candidates with room for what Archive::add writes back, shared by the archive
// benchmarks.

#include <cstdint>
#include <vector>

#include "pond/core/archive.hpp"

namespace pond::bench {

struct EvaluatedBatch {
  std::vector<Vector> solutions;
  std::vector<Parents> parents;
  std::vector<double> objectives;
  std::vector<double> descriptors;  // descriptor_dim per candidate, flat
  std::vector<AddStatus> status;
  std::vector<double> value;

  /// Sizes every field for `n` candidates with descriptors of `descriptor_dim` values.
  void resize(std::size_t n, std::size_t descriptor_dim) {
    solutions.resize(n);
    parents.resize(n);
    objectives.resize(n);
    descriptors.resize(n * descriptor_dim);
    status.resize(n);
    value.resize(n);
  }

  /// Offers the batch to `archive`, its candidates numbered from `first_id`.
  void add_to(Archive<Vector>& archive, std::uint64_t first_id) {
    archive.add({first_id, first_id}, solutions, parents, objectives, descriptors, status, value);
  }
};

}  // namespace pond::bench
