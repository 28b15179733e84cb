#pragma once
/// @file
/// The elitist rule shared by the grid and CVT archives: the descriptor space is split into cells and
/// each cell keeps its best candidate. Subclasses only say which cell a descriptor falls in.

#include <algorithm>
#include <string>
#include <vector>

#include "pond/core/archive.hpp"

namespace pond {

/// Base of MAP-Elites archives. A candidate enters an empty cell (new_cell), or replaces the elite of
/// its cell when its objective is strictly higher (improved). Candidates of a batch are offered in
/// order. `add` reports in `value` the gain in QD score each candidate brought.
template <class S>
class CellArchive : public Archive<S> {
 public:
  /// The cell a descriptor falls in, in [0, cells()).
  virtual std::size_t cell_of(std::span<const double> descriptor) const = 0;

  std::size_t cells() const noexcept override { return slot_of_cell_.size(); }
  std::size_t cell_of_slot(std::size_t slot) const noexcept override { return cell_of_slot_[slot]; }

  /// The slot of the elite in `cell`, or -1 when the cell is empty.
  std::ptrdiff_t slot_of_cell(std::size_t cell) const noexcept {
    return slot_of_cell_[cell] == kEmpty ? -1 : static_cast<std::ptrdiff_t>(slot_of_cell_[cell]);
  }

  void add(const AddContext& context, std::span<const S> solutions, std::span<const Parents> parents,
           std::span<const double> objectives, std::span<const double> descriptors, std::span<AddStatus> status,
           std::span<double> value) override {
    const std::size_t dim = this->descriptor_dim();
    this->check_batch(solutions.size(), parents.size(), objectives.size(), descriptors.size(), status.size(),
                      value.size());
    for (std::size_t i = 0; i < solutions.size(); ++i) {
      const auto descriptor = descriptors.subspan(i * dim, dim);
      const std::size_t cell = cell_of(descriptor);
      const EliteId id = context.first_id + i;
      const std::uint64_t birth = context.evaluations_before + i + 1;
      std::uint32_t& slot = slot_of_cell_[cell];
      double gain = 0.0;
      if (slot == kEmpty) {
        slot = static_cast<std::uint32_t>(
            this->store_.push(solutions[i], objectives[i], descriptor, id, parents[i], birth));
        cell_of_slot_.push_back(static_cast<std::uint32_t>(cell));
        status[i] = AddStatus::new_cell;
        gain = objectives[i] - this->qd_offset_;
      } else if (objectives[i] > this->store_.objective(slot)) {
        gain = objectives[i] - this->store_.objective(slot);
        this->store_.replace(slot, solutions[i], objectives[i], descriptor, id, parents[i], birth);
        status[i] = AddStatus::improved;
      } else {
        status[i] = AddStatus::not_added;
      }
      if (!value.empty()) value[i] = gain;
    }
  }

 protected:
  /// An archive of `cells` empty cells.
  CellArchive(std::size_t descriptor_dim, double qd_offset, std::size_t cells)
      : Archive<S>(descriptor_dim, qd_offset), slot_of_cell_(cells, kEmpty) {}

  void on_elites_changed() override {
    std::fill(slot_of_cell_.begin(), slot_of_cell_.end(), kEmpty);
    cell_of_slot_.clear();
    for (std::size_t slot = 0; slot < this->store_.size(); ++slot) {
      const std::size_t cell = cell_of(this->store_.descriptor(slot));
      if (slot_of_cell_[cell] != kEmpty) {
        throw FormatError(std::string(this->kind()) + " archive: two elites in cell " + std::to_string(cell));
      }
      slot_of_cell_[cell] = static_cast<std::uint32_t>(slot);
      cell_of_slot_.push_back(static_cast<std::uint32_t>(cell));
    }
  }

 private:
  static constexpr std::uint32_t kEmpty = 0xffffffffu;
  std::vector<std::uint32_t> slot_of_cell_;
  std::vector<std::uint32_t> cell_of_slot_;
};

}  // namespace pond
