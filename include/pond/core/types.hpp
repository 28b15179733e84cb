#pragma once
/// @file
/// Small vocabulary types shared by archives, emitters and the scheduler.

#include <cstdint>
#include <limits>
#include <string_view>
#include <vector>

namespace pond {

/// A real-valued solution vector: the solution type of the real-parameter tasks.
using Vector = std::vector<double>;

/// Identifier of a candidate: its 0-based position in the sequence of all evaluated candidates.
using EliteId = std::uint64_t;

/// The id used for "no parent" (a candidate sampled from scratch).
inline constexpr EliteId no_parent = std::numeric_limits<EliteId>::max();

/// The parent ids of a candidate: none, one (mutation) or two (crossover, line variation).
struct Parents {
  EliteId first = no_parent;   ///< main parent, or no_parent
  EliteId second = no_parent;  ///< second parent, or no_parent
  friend constexpr bool operator==(const Parents&, const Parents&) = default;
};

/// What an archive did with one offered candidate.
enum class AddStatus : std::uint8_t {
  not_added = 0,  ///< rejected: its cell holds a better elite, or not novel enough
  improved = 1,   ///< replaced a worse elite in an occupied cell
  new_cell = 2,   ///< filled an empty cell, or entered an unstructured archive
};

/// "not_added", "improved" or "new_cell".
constexpr std::string_view to_string(AddStatus status) noexcept {
  switch (status) {
    case AddStatus::improved: return "improved";
    case AddStatus::new_cell: return "new_cell";
    default: return "not_added";
  }
}

}  // namespace pond
