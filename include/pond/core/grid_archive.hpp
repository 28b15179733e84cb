#pragma once
/// @file
/// MAP-Elites' grid archive: the descriptor box split into equal cells, one elite per cell.

#include <string>
#include <vector>

#include "pond/core/cell_archive.hpp"

namespace pond {

/// Options of a `GridArchive`.
struct GridOptions {
  std::vector<std::size_t> dims;  ///< cells along each descriptor dimension (each > 0)
  std::vector<double> lower;      ///< lower bound of each descriptor dimension
  std::vector<double> upper;      ///< upper bound of each descriptor dimension (> lower)
  double qd_offset = 0.0;         ///< subtracted from each objective in the QD score

  /// Throws std::invalid_argument naming the field when the options are inconsistent.
  void validate() const;
  /// Total number of cells (product of dims).
  std::size_t cell_count() const;
};

/// Helpers shared by every grid-shaped index (also used by plots and tests).
namespace grid {
/// The cell of `descriptor`: each coordinate is mapped to floor((d − lower)/(upper − lower)·dims),
/// clamped into [0, dims − 1] (a descriptor outside the box goes to the nearest edge cell, as pyribs
/// does). Cells are numbered row-major with the first dimension slowest.
std::size_t cell_index(const GridOptions& options, std::span<const double> descriptor) noexcept;
/// The centre of cell `cell` in descriptor space.
std::vector<double> cell_center(const GridOptions& options, std::size_t cell);
}  // namespace grid

/// MAP-Elites grid archive (see CellArchive for the rule that keeps elites).
template <class S>
class GridArchive final : public CellArchive<S> {
 public:
  /// Makes an empty grid; throws std::invalid_argument on bad options.
  explicit GridArchive(GridOptions options)
      : CellArchive<S>((options.validate(), options.dims.size()), options.qd_offset, options.cell_count()),
        options_(std::move(options)) {}

  /// The grid's options.
  const GridOptions& options() const noexcept { return options_; }
  std::string_view kind() const noexcept override { return "grid"; }
  nlohmann::json config() const override {
    return {{"kind", "grid"}, {"dims", options_.dims}, {"lower", options_.lower}, {"upper", options_.upper},
            {"qd_offset", options_.qd_offset}};
  }
  /// The cell a descriptor falls in (see grid::cell_index).
  std::size_t cell_of(std::span<const double> descriptor) const noexcept override {
    return grid::cell_index(options_, descriptor);
  }

 private:
  GridOptions options_;
};

extern template class GridArchive<Vector>;

}  // namespace pond
