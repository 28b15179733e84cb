#pragma once
/// @file
/// The archive of an objective-driven search: it keeps the `capacity` candidates with the highest
/// objectives, whatever their descriptors. With a Gaussian emitter it makes a (μ + λ) evolution
/// strategy (μ = capacity); pond's refinement toward a demand uses it so (see `refine`).

#include <algorithm>
#include <stdexcept>
#include <string>

#include "pond/core/archive.hpp"

namespace pond {

/// Keeps the best `capacity` candidates by objective (see the file comment). A candidate enters
/// (new_cell) while the archive has room, then replaces the worst elite (improved) when it is better;
/// ties keep the elder. `value` reports the gain over the replaced elite (0 when not added).
template <class S>
class TopArchive final : public Archive<S> {
 public:
  /// Keeps `capacity` (≥ 1) elites with descriptors of `descriptor_dim` numbers.
  TopArchive(std::size_t capacity, std::size_t descriptor_dim)
      : Archive<S>(descriptor_dim, 0.0), capacity_(capacity) {
    if (capacity == 0) throw std::invalid_argument("top archive: capacity must be at least 1");
  }

  void add(const AddContext& context, std::span<const S> solutions, std::span<const Parents> parents,
           std::span<const double> objectives, std::span<const double> descriptors, std::span<AddStatus> status,
           std::span<double> value) override {
    const std::size_t n = solutions.size();
    const std::size_t dim = this->descriptor_dim();
    this->check_batch(n, parents.size(), objectives.size(), descriptors.size(), status.size(), value.size());
    for (std::size_t i = 0; i < n; ++i) {
      double gain = 0.0;
      status[i] = AddStatus::not_added;
      const auto descriptor = descriptors.subspan(i * dim, dim);
      const EliteId id = context.first_id + i;
      const std::uint64_t birth = context.evaluations_before + i + 1;
      if (this->store_.size() < capacity_) {
        this->store_.push(solutions[i], objectives[i], descriptor, id, parents[i], birth);
        status[i] = AddStatus::new_cell;
        gain = objectives[i];
      } else {
        const auto all = this->store_.objectives();
        const std::size_t worst = static_cast<std::size_t>(std::min_element(all.begin(), all.end()) - all.begin());
        if (objectives[i] > all[worst]) {
          gain = objectives[i] - all[worst];
          this->store_.replace(worst, solutions[i], objectives[i], descriptor, id, parents[i], birth);
          status[i] = AddStatus::improved;
        }
      }
      if (!value.empty()) value[i] = gain;
    }
  }

  std::size_t cells() const noexcept override { return 0; }
  std::string_view kind() const noexcept override { return "top"; }
  nlohmann::json config() const override {
    return {{"kind", "top"}, {"capacity", capacity_}, {"descriptor_dim", this->descriptor_dim()}};
  }
  /// The number of elites kept.
  std::size_t capacity() const noexcept { return capacity_; }
  /// The slot of the best elite (the elder among equals). Requires a non-empty archive.
  std::size_t best_slot() const noexcept {
    const auto all = this->store_.objectives();
    return static_cast<std::size_t>(std::max_element(all.begin(), all.end()) - all.begin());
  }

 private:
  std::size_t capacity_;
};

}  // namespace pond
