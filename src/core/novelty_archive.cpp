#include "pond/core/novelty_archive.hpp"

#include <cmath>
#include <stdexcept>

namespace pond {

void NoveltyOptions::validate() const {
  auto bad = [](const std::string& what) { throw std::invalid_argument("novelty archive: " + what); };
  if (descriptor_dim == 0) bad("descriptor_dim must be > 0");
  if (k == 0) bad("k must be > 0");
  if (!(initial_threshold >= 0.0) || !std::isfinite(initial_threshold)) bad("initial_threshold must be finite and >= 0");
  if (!(min_threshold >= 0.0) || !std::isfinite(min_threshold)) bad("min_threshold must be finite and >= 0");
  if (stall_evaluations == 0) bad("stall_evaluations must be > 0");
  if (!(lower_factor > 0.0 && lower_factor <= 1.0)) bad("lower_factor must be in (0, 1]");
  if (window_evaluations == 0) bad("window_evaluations must be > 0");
  if (!(raise_factor >= 1.0) || !std::isfinite(raise_factor)) bad("raise_factor must be finite and >= 1");
  if (!std::isfinite(qd_offset)) bad("qd_offset must be finite");
}

std::string to_string(Metric metric) {
  switch (metric) {
    case Metric::manhattan: return "manhattan";
    case Metric::chebyshev: return "chebyshev";
    case Metric::euclidean: break;
  }
  return "euclidean";
}

Metric metric_from_string(const std::string& name) {
  if (name == "euclidean") return Metric::euclidean;
  if (name == "manhattan") return Metric::manhattan;
  if (name == "chebyshev") return Metric::chebyshev;
  throw Error("unknown distance metric '" + name + "' (expected euclidean, manhattan or chebyshev)");
}

template class NoveltyArchive<Vector>;

}  // namespace pond
