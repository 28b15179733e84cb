#include "pond/core/grid_archive.hpp"

#include <cmath>
#include <stdexcept>

namespace pond {

void GridOptions::validate() const {
  if (dims.empty()) throw std::invalid_argument("grid: dims must name at least one dimension");
  if (lower.size() != dims.size() || upper.size() != dims.size()) {
    throw std::invalid_argument("grid: dims, lower and upper must have the same length (got " +
                                std::to_string(dims.size()) + ", " + std::to_string(lower.size()) + ", " +
                                std::to_string(upper.size()) + ")");
  }
  double cells = 1;
  for (std::size_t d = 0; d < dims.size(); ++d) {
    if (dims[d] == 0) throw std::invalid_argument("grid: dims[" + std::to_string(d) + "] must be > 0");
    if (!std::isfinite(lower[d]) || !std::isfinite(upper[d]) || !(lower[d] < upper[d])) {
      throw std::invalid_argument("grid: bounds of dimension " + std::to_string(d) +
                                  " must be finite with lower < upper");
    }
    cells *= static_cast<double>(dims[d]);
  }
  if (cells > 4.0e9) throw std::invalid_argument("grid: too many cells (" + std::to_string(cells) + ", limit 4e9)");
  if (!std::isfinite(qd_offset)) throw std::invalid_argument("grid: qd_offset must be finite");
}

std::size_t GridOptions::cell_count() const {
  std::size_t n = 1;
  for (auto d : dims) n *= d;
  return n;
}

namespace grid {

std::size_t cell_index(const GridOptions& options, std::span<const double> descriptor) noexcept {
  std::size_t cell = 0;
  for (std::size_t d = 0; d < options.dims.size(); ++d) {
    const double n = static_cast<double>(options.dims[d]);
    const double t = (descriptor[d] - options.lower[d]) / (options.upper[d] - options.lower[d]) * n;
    // NaN and values below the box go to cell 0, values above to the last cell.
    const std::size_t i = t >= 1.0 ? static_cast<std::size_t>(std::min(t, n - 1.0)) : 0;
    cell = cell * options.dims[d] + i;
  }
  return cell;
}

std::vector<double> cell_center(const GridOptions& options, std::size_t cell) {
  std::vector<double> center(options.dims.size());
  for (std::size_t d = options.dims.size(); d-- > 0;) {
    const std::size_t i = cell % options.dims[d];
    cell /= options.dims[d];
    center[d] = options.lower[d] + (static_cast<double>(i) + 0.5) * (options.upper[d] - options.lower[d]) /
                                       static_cast<double>(options.dims[d]);
  }
  return center;
}

}  // namespace grid

template class GridArchive<Vector>;

}  // namespace pond
