#include "pond/run/progress.hpp"

#include <unistd.h>

#include <cmath>
#include <cstdlib>
#include <cstring>
#include <fmt/format.h>

namespace pond {

Progress::Progress(std::ostream& out, bool terminal, std::uint64_t budget, std::uint64_t first_evaluation,
                   double plain_interval)
    : out_(out),
      terminal_(terminal),
      budget_(budget),
      first_(first_evaluation),
      interval_(terminal ? 0.1 : plain_interval),
      start_(std::chrono::steady_clock::now()),
      last_(start_) {}

bool Progress::stderr_is_terminal() {
  const char* term = std::getenv("TERM");
  return ::isatty(STDERR_FILENO) != 0 && (term == nullptr || std::strcmp(term, "dumb") != 0);
}

bool Progress::due() const {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - last_).count() >= interval_;
}

void Progress::update(std::uint64_t evaluations, const ArchiveMetrics& metrics) {
  if (!due()) return;
  last_ = std::chrono::steady_clock::now();
  print(evaluations, metrics, false);
}

void Progress::finish(std::uint64_t evaluations, const ArchiveMetrics& metrics) { print(evaluations, metrics, true); }

void Progress::print(std::uint64_t evaluations, const ArchiveMetrics& m, bool final) {
  const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  const double rate = elapsed > 0 ? static_cast<double>(evaluations - first_) / elapsed : 0.0;
  const double left = rate > 0 && budget_ > evaluations ? static_cast<double>(budget_ - evaluations) / rate : 0.0;
  std::string line = fmt::format("{}/{} evals  {}/s  elites {}", human_count(static_cast<double>(evaluations)),
                                 human_count(static_cast<double>(budget_)), human_count(rate), m.elites);
  if (std::isfinite(m.coverage)) line += fmt::format("  coverage {:.1f}%", 100.0 * m.coverage);
  line += fmt::format("  QD {}", human_count(m.qd_score));
  if (std::isfinite(m.best_objective)) line += fmt::format("  best {:.4g}", m.best_objective);
  if (std::isfinite(m.novelty_threshold)) line += fmt::format("  threshold {:.3g}", m.novelty_threshold);
  line += final ? fmt::format("  in {}", human_duration(elapsed)) : fmt::format("  ETA {}", human_duration(left));
  if (terminal_) {
    out_ << "\r\033[K" << line;
    if (final) out_ << '\n';
  } else {
    out_ << line << '\n';
  }
  out_.flush();
}

std::string human_count(double value) {
  const double a = std::abs(value);
  if (a >= 1e9) return fmt::format("{:.2f}G", value / 1e9);
  if (a >= 1e6) return fmt::format("{:.2f}M", value / 1e6);
  if (a >= 1e4) return fmt::format("{:.1f}k", value / 1e3);
  if (a >= 100 || value == std::floor(value)) return fmt::format("{:.0f}", value);
  return fmt::format("{:.3g}", value);
}

std::string human_duration(double seconds) {
  const auto s = static_cast<long long>(std::llround(std::max(0.0, seconds)));
  if (s >= 3600) return fmt::format("{}:{:02}:{:02}", s / 3600, (s / 60) % 60, s % 60);
  return fmt::format("{}:{:02}", s / 60, s % 60);
}

}  // namespace pond
