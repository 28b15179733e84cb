#pragma once
/// @file
/// Progress of a long job. On a terminal: one live line, redrawn in place (evaluations, rate, archive
/// size, coverage, QD score, time left). Elsewhere (logs, CI): a plain line every few seconds.

#include <chrono>
#include <cstdint>
#include <ostream>

#include "pond/core/archive.hpp"

namespace pond {

/// Prints progress lines for a run with a known evaluation budget.
class Progress {
 public:
  /// Writes to `out`; `terminal` selects the live line; `plain_interval` is the seconds between plain
  /// lines; `first_evaluation` is where this process started (after a resume).
  Progress(std::ostream& out, bool terminal, std::uint64_t budget, std::uint64_t first_evaluation = 0,
           double plain_interval = 5.0);
  /// True when a line is due (so callers can skip computing metrics when it is not).
  bool due() const;
  /// Reports the state after an iteration; prints only when a line is due.
  void update(std::uint64_t evaluations, const ArchiveMetrics& metrics);
  /// Prints the final state and ends the live line.
  void finish(std::uint64_t evaluations, const ArchiveMetrics& metrics);
  /// True when standard error is a terminal (and TERM is not "dumb").
  static bool stderr_is_terminal();

 private:
  void print(std::uint64_t evaluations, const ArchiveMetrics& metrics, bool final);
  std::ostream& out_;
  bool terminal_;
  std::uint64_t budget_;
  std::uint64_t first_;
  double interval_;
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_;
};

/// A count with a metric suffix: 1234 -> "1.23k", 5400000 -> "5.40M".
std::string human_count(double value);
/// Seconds as "1:05:09" or "4:09".
std::string human_duration(double seconds);

}  // namespace pond
