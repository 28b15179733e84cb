#pragma once
/// @file
/// CVT-MAP-Elites' archive (Vassiliades et al. 2018): cells are the Voronoi regions of centroids
/// placed by k-means over the descriptor box, so the number of cells does not grow with the
/// number of descriptor dimensions.

#include <string>
#include <vector>

#include "pond/core/cell_archive.hpp"
#include "pond/core/kd_tree.hpp"

namespace pond {

/// Options of a `CvtArchive`.
struct CvtOptions {
  std::size_t cells = 10'000;      ///< number of centroids (cells)
  std::vector<double> lower;       ///< lower bound of each descriptor dimension
  std::vector<double> upper;       ///< upper bound of each descriptor dimension
  std::size_t samples = 100'000;   ///< uniform samples k-means clusters (>= cells)
  std::size_t iterations = 30;     ///< Lloyd iterations at most
  std::uint64_t seed = 0;          ///< seed of the samples and the initial centroids
  double qd_offset = 0.0;          ///< subtracted from each objective in the QD score
  std::vector<double> centroids;   ///< given centroids (cells × dims, flat, cells must match); skips k-means

  /// Throws std::invalid_argument naming the field when the options are inconsistent.
  void validate() const;
};

/// The centroids a CvtArchive with these options uses (given, or computed by k-means from the seed).
std::vector<double> cvt_centroids_for(const CvtOptions& options);

/// CVT archive: a candidate's cell is its nearest centroid (found with a k-d tree, not a scan); each
/// cell keeps its best candidate (see CellArchive).
template <class S>
class CvtArchive final : public CellArchive<S> {
 public:
  /// Makes an empty archive, computing the centroids; throws std::invalid_argument on bad options.
  explicit CvtArchive(CvtOptions options)
      : CellArchive<S>((options.validate(), options.lower.size()), options.qd_offset, options.cells),
        options_(std::move(options)),
        centroids_(cvt_centroids_for(options_)),
        tree_(centroids_, options_.lower.size()) {}

  /// The options.
  const CvtOptions& options() const noexcept { return options_; }
  /// The centroids, flat and row-major.
  std::span<const double> centroids() const noexcept { return centroids_; }
  std::string_view kind() const noexcept override { return "cvt"; }
  nlohmann::json config() const override {
    return {{"kind", "cvt"},         {"cells", options_.cells},     {"lower", options_.lower},
            {"upper", options_.upper}, {"samples", options_.samples}, {"iterations", options_.iterations},
            {"seed", options_.seed},   {"qd_offset", options_.qd_offset}};
  }
  /// The cell (index of the nearest centroid) of a descriptor.
  std::size_t cell_of(std::span<const double> descriptor) const override { return tree_.nearest(descriptor); }

 protected:
  void save_state(BinaryWriter& out) const override { out.write_span<double>(centroids_); }
  void load_state(BinaryReader& in) override {
    if (in.read_vector<double>("cvt centroids", centroids_.size()) != centroids_) {
      in.fail("the saved centroids differ from this archive's (different seed or options)");
    }
  }

 private:
  CvtOptions options_;
  std::vector<double> centroids_;
  KdTree tree_;
};

extern template class CvtArchive<Vector>;

}  // namespace pond
