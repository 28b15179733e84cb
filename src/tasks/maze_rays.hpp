#pragma once
// What the maze simulator's scalar code (maze_sim.cpp) and its side-by-side runs (maze_lanes.cpp)
// share: the rangefinders' directions and the heading sectors of the candidate grid.

#include <array>
#include <cstdint>

namespace pond::tasks::detail {

/// Rangefinder directions relative to the heading, as exact (cos, sin) pairs: -90, -45, 0, 45, 90, 180.
inline constexpr double kHalfSqrt2 = 0.70710678118654752440;
inline constexpr std::array<std::array<double, 2>, 6> kRangefinderDirections = {{
    {0.0, -1.0},
    {kHalfSqrt2, -kHalfSqrt2},
    {1.0, 0.0},
    {kHalfSqrt2, kHalfSqrt2},
    {0.0, 1.0},
    {-1.0, 0.0},
}};

/// Heading sectors of the candidate grid: 8 per 90 degrees, so the rangefinders are whole sectors apart.
inline constexpr std::uint32_t kSectors = 32;
inline constexpr double kSectorDegrees = 360.0 / kSectors;
inline constexpr double kSectorsPerDegree = kSectors / 360.0;
/// Each rangefinder's sector, counted from the heading's: -90, -45, 0, 45, 90, 180 degrees.
inline constexpr std::array<std::uint32_t, 6> kRangefinderSectorOffsets = {
    6 * kSectors / 8, 7 * kSectors / 8, 0, kSectors / 8, 2 * kSectors / 8, 4 * kSectors / 8};

/// A heading wrapped into [0, 360), as the published code keeps it (an angle already there unchanged).
double wrap_heading(double degrees) noexcept;

/// The sector of a heading in [0, 360).
inline std::uint32_t heading_sector(double heading) noexcept {
  const auto k = static_cast<std::uint32_t>(heading * kSectorsPerDegree);
  return k < kSectors - 1 ? k : kSectors - 1;
}

}  // namespace pond::tasks::detail
