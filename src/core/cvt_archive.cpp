#include "pond/core/cvt_archive.hpp"

#include <cmath>
#include <stdexcept>

#include "pond/core/kmeans.hpp"

namespace pond {

void CvtOptions::validate() const {
  auto bad = [](const std::string& what) { throw std::invalid_argument("cvt archive: " + what); };
  if (lower.empty()) bad("lower and upper must name at least one dimension");
  if (lower.size() != upper.size()) bad("lower and upper must have the same length");
  for (std::size_t d = 0; d < lower.size(); ++d) {
    if (!std::isfinite(lower[d]) || !std::isfinite(upper[d]) || !(lower[d] < upper[d])) {
      bad("bounds of dimension " + std::to_string(d) + " must be finite with lower < upper");
    }
  }
  if (cells == 0) bad("cells must be > 0");
  if (cells >= 0xffffffffu) bad("cells must be below 2^32");
  if (!centroids.empty()) {
    if (centroids.size() != cells * lower.size()) {
      bad("centroids hold " + std::to_string(centroids.size()) + " numbers, expected cells × dims = " +
          std::to_string(cells * lower.size()));
    }
    for (double c : centroids) {
      if (!std::isfinite(c)) bad("centroids must be finite");
    }
  } else {
    if (samples < cells) bad("samples (" + std::to_string(samples) + ") must be at least cells (" + std::to_string(cells) + ")");
  }
  if (!std::isfinite(qd_offset)) bad("qd_offset must be finite");
}

std::vector<double> cvt_centroids_for(const CvtOptions& options) {
  if (!options.centroids.empty()) return options.centroids;
  return cvt_centroids({.cells = options.cells,
                        .lower = options.lower,
                        .upper = options.upper,
                        .samples = options.samples,
                        .iterations = options.iterations,
                        .seed = options.seed});
}

template class CvtArchive<Vector>;

}  // namespace pond
