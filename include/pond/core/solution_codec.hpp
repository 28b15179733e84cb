#pragma once
/// @file
/// How a solution type is saved: `SolutionCodec<S>` turns a solution into binary and JSON and back.
/// Archives, checkpoints and snapshots are generic over the solution type through it; a new solution
/// type (a NEAT genome, say) specialises it once and every saved format works for it.

#include <nlohmann/json.hpp>

#include "pond/core/binary_io.hpp"
#include "pond/core/types.hpp"

namespace pond {

/// Primary template: left undefined, so a solution type without a codec fails to compile clearly.
template <class S>
struct SolutionCodec;

/// Real vectors: a length and the doubles (binary); a JSON array of numbers.
template <>
struct SolutionCodec<Vector> {
  /// The name written into files, checked when reading.
  static constexpr const char* name = "vector";
  static void write(BinaryWriter& out, const Vector& x) { out.write_span<double>(x); }
  static void read(BinaryReader& in, Vector& x) { in.read_doubles_into("solution", x); }
  static nlohmann::json to_json(const Vector& x) { return x; }
  static Vector from_json(const nlohmann::json& j) { return j.get<Vector>(); }
};

}  // namespace pond
