#pragma once
/// @file
/// Novelty search's archive (Lehman and Stanley 2011): an unstructured set of behaviours. A candidate's
/// novelty is the mean distance to its k nearest neighbours among the archive and its own batch; it
/// enters when that novelty exceeds a threshold that adapts to how often candidates enter.

#include <algorithm>
#include <string>
#include <vector>

#include "pond/core/archive.hpp"
#include "pond/core/kd_tree.hpp"
#include "pond/core/metric.hpp"

namespace pond {

/// Options of a `NoveltyArchive`; the defaults are the maze experiments' settings.
struct NoveltyOptions {
  std::size_t descriptor_dim = 2;          ///< length of a behaviour descriptor
  std::size_t k = 15;                      ///< neighbours averaged for novelty
  double initial_threshold = 6.0;          ///< novelty a candidate must exceed to enter
  double min_threshold = 0.0;              ///< the threshold never drops below this
  std::uint64_t stall_evaluations = 2500;  ///< lower the threshold after this many evaluations without an entry
  double lower_factor = 0.95;              ///< ... by this factor
  std::uint64_t window_evaluations = 250;  ///< length of the window (one population's worth) that counts entries
  std::size_t raise_after = 4;             ///< raise the threshold when more than this many enter in one window
  double raise_factor = 1.2;               ///< ... by this factor
  Metric metric = Metric::euclidean;       ///< distance between descriptors
  double qd_offset = 0.0;                  ///< subtracted from objectives in the QD score

  /// Throws std::invalid_argument naming the field when an option is out of range.
  void validate() const;
};

/// "euclidean", "manhattan" or "chebyshev".
std::string to_string(Metric metric);
/// Parses a metric name; throws pond::Error listing the valid names.
Metric metric_from_string(const std::string& name);

/// Novelty archive. Novelty of a candidate = mean distance to its k nearest neighbours in the archive
/// together with the other candidates of its batch (itself excluded); with no neighbour at all it is
/// +infinity. Candidates are then offered in order; one enters (status new_cell) when its novelty is
/// above the threshold. The threshold adapts per evaluation: ×lower_factor after stall_evaluations
/// evaluations without an entry, ×raise_factor when more than raise_after enter within one window of
/// window_evaluations evaluations. `add` reports each candidate's novelty in `value`.
template <class S>
class NoveltyArchive final : public Archive<S> {
 public:
  /// Makes an empty archive; throws std::invalid_argument on bad options.
  explicit NoveltyArchive(NoveltyOptions options)
      : Archive<S>((options.validate(), options.descriptor_dim), options.qd_offset),
        options_(options),
        threshold_(options.initial_threshold) {}

  /// The options.
  const NoveltyOptions& options() const noexcept { return options_; }
  std::size_t cells() const noexcept override { return 0; }
  std::string_view kind() const noexcept override { return "novelty"; }
  double novelty_threshold() const noexcept override { return threshold_; }
  nlohmann::json config() const override {
    return {{"kind", "novelty"},
            {"descriptor_dim", options_.descriptor_dim},
            {"k", options_.k},
            {"initial_threshold", options_.initial_threshold},
            {"min_threshold", options_.min_threshold},
            {"stall_evaluations", options_.stall_evaluations},
            {"lower_factor", options_.lower_factor},
            {"window_evaluations", options_.window_evaluations},
            {"raise_after", options_.raise_after},
            {"raise_factor", options_.raise_factor},
            {"metric", to_string(options_.metric)},
            {"qd_offset", options_.qd_offset}};
  }

  /// Novelty of a descriptor against the archive alone (mean distance to the k nearest elites).
  double novelty(std::span<const double> descriptor) {
    refresh_tree();
    tree_.k_nearest(descriptor, options_.k, neighbours_);
    if (neighbours_.empty()) return std::numeric_limits<double>::infinity();
    double sum = 0.0;
    for (const auto& n : neighbours_) sum += n.distance;
    return sum / static_cast<double>(neighbours_.size());
  }

  void add(const AddContext& context, std::span<const S> solutions, std::span<const Parents> parents,
           std::span<const double> objectives, std::span<const double> descriptors, std::span<AddStatus> status,
           std::span<double> value) override {
    const std::size_t n = solutions.size();
    const std::size_t dim = this->descriptor_dim();
    this->check_batch(n, parents.size(), objectives.size(), descriptors.size(), status.size(), value.size());
    // Score the whole batch first, against the archive as it was before the batch.
    scores_.resize(n);
    refresh_tree();
    for (std::size_t i = 0; i < n; ++i) scores_[i] = batch_novelty(descriptors, dim, i);
    for (std::size_t i = 0; i < n; ++i) {
      const bool enters = scores_[i] > threshold_;
      if (enters) {
        this->store_.push(solutions[i], objectives[i], descriptors.subspan(i * dim, dim), context.first_id + i,
                          parents[i], context.evaluations_before + i + 1);
      }
      status[i] = enters ? AddStatus::new_cell : AddStatus::not_added;
      if (!value.empty()) value[i] = scores_[i];
      adapt_threshold(enters);
    }
  }

  void clear() override {
    Archive<S>::clear();
    threshold_ = options_.initial_threshold;
    evaluations_since_entry_ = window_evaluations_ = window_entries_ = 0;
  }

 protected:
  void on_elites_changed() override { tree_size_ = static_cast<std::size_t>(-1); }
  void save_state(BinaryWriter& out) const override {
    out.write(threshold_);
    out.write(evaluations_since_entry_);
    out.write(window_evaluations_);
    out.write(window_entries_);
  }
  void load_state(BinaryReader& in) override {
    threshold_ = in.read<double>("novelty threshold");
    evaluations_since_entry_ = in.read<std::uint64_t>("evaluations since entry");
    window_evaluations_ = in.read<std::uint64_t>("window evaluations");
    window_entries_ = in.read<std::uint64_t>("window entries");
    if (!(threshold_ >= 0.0)) in.fail("novelty threshold must be >= 0");
  }

 private:
  void refresh_tree() {
    if (tree_size_ == this->store_.size()) return;
    tree_ = KdTree(this->store_.descriptors(), this->descriptor_dim(), options_.metric);
    tree_size_ = this->store_.size();
  }

  // Mean distance from candidate i to its k nearest among the archive (k-d tree) and the rest of the
  // batch. The k best distances are kept sorted in `distances_`; a batch member farther than the
  // current k-th is skipped at the cost of one comparison.
  double batch_novelty(std::span<const double> descriptors, std::size_t dim, std::size_t i) {
    const auto me = descriptors.subspan(i * dim, dim);
    const std::size_t k = options_.k;
    tree_.k_nearest(me, k, neighbours_);  // sorted by distance
    distances_.clear();
    for (const auto& nb : neighbours_) distances_.push_back(nb.distance);
    const std::size_t n = descriptors.size() / dim;
    for (std::size_t j = 0; j < n; ++j) {
      if (j == i) continue;
      const double d = distance(options_.metric, me, descriptors.subspan(j * dim, dim));
      if (distances_.size() == k && !(d < distances_.back())) continue;
      if (distances_.size() == k) distances_.pop_back();
      distances_.insert(std::upper_bound(distances_.begin(), distances_.end(), d), d);
    }
    if (distances_.empty()) return std::numeric_limits<double>::infinity();
    double sum = 0.0;  // ascending order: a fixed summation order
    for (double d : distances_) sum += d;
    return sum / static_cast<double>(distances_.size());
  }

  void adapt_threshold(bool entered) {
    ++window_evaluations_;
    if (entered) {
      ++window_entries_;
      evaluations_since_entry_ = 0;
    } else if (++evaluations_since_entry_ >= options_.stall_evaluations) {
      threshold_ = std::max(options_.min_threshold, threshold_ * options_.lower_factor);
      evaluations_since_entry_ = 0;
    }
    if (window_evaluations_ >= options_.window_evaluations) {
      if (window_entries_ > options_.raise_after) threshold_ *= options_.raise_factor;
      window_evaluations_ = window_entries_ = 0;
    }
  }

  NoveltyOptions options_;
  double threshold_;
  std::uint64_t evaluations_since_entry_ = 0;
  std::uint64_t window_evaluations_ = 0;
  std::uint64_t window_entries_ = 0;
  KdTree tree_;
  std::size_t tree_size_ = static_cast<std::size_t>(-1);
  std::vector<KdTree::Neighbor> neighbours_;
  std::vector<double> distances_;
  std::vector<double> scores_;
};

extern template class NoveltyArchive<Vector>;

}  // namespace pond
