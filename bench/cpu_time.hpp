#pragma once
// CPU time of the whole process (user + system, all threads): the benchmarks report evaluations per
// CPU-second, which a shared, noisy machine disturbs less than wall time.

#include <sys/resource.h>

namespace pond::bench {

/// Seconds of CPU the process has used so far.
inline double cpu_seconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  auto seconds = [](const timeval& t) { return static_cast<double>(t.tv_sec) + 1e-6 * static_cast<double>(t.tv_usec); };
  return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

}  // namespace pond::bench
