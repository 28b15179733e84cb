#pragma once
/// @file
/// The storage every archive shares: a dense table of elites with their objective, descriptor,
/// solution and lineage (id, parent ids, evaluation count at birth).

#include <algorithm>
#include <cstdint>
#include <span>
#include <vector>

#include "pond/core/types.hpp"

namespace pond {

/// One elite as seen through `EliteStore::at`: views into the store, valid until it changes.
template <class S>
struct EliteView {
  EliteId id;                          ///< the candidate's id (its position among all evaluations)
  Parents parents;                     ///< ids of the candidates it was made from
  std::uint64_t birth;                 ///< evaluations done when it was evaluated, itself included
  double objective;                    ///< its objective (higher is better)
  std::span<const double> descriptor;  ///< its descriptor (behaviour)
  const S& solution;                   ///< its solution
};

/// A dense table of elites: slot i holds one elite. Slots are appended or overwritten, never removed,
/// so a slot number stays valid for the archive's life.
template <class S>
class EliteStore {
 public:
  /// A store for descriptors of `descriptor_dim` numbers.
  explicit EliteStore(std::size_t descriptor_dim) : descriptor_dim_(descriptor_dim) {}

  /// Number of elites.
  std::size_t size() const noexcept { return ids_.size(); }
  /// True when there is no elite.
  bool empty() const noexcept { return ids_.empty(); }
  /// Length of each descriptor.
  std::size_t descriptor_dim() const noexcept { return descriptor_dim_; }

  /// Appends an elite and returns its slot.
  std::size_t push(const S& solution, double objective, std::span<const double> descriptor, EliteId id,
                   Parents parents, std::uint64_t birth) {
    solutions_.push_back(solution);
    objectives_.push_back(objective);
    descriptors_.insert(descriptors_.end(), descriptor.begin(), descriptor.end());
    ids_.push_back(id);
    parents_.push_back(parents);
    births_.push_back(birth);
    return ids_.size() - 1;
  }

  /// Overwrites the elite in `slot` (reusing the solution's storage where the type allows).
  void replace(std::size_t slot, const S& solution, double objective, std::span<const double> descriptor,
               EliteId id, Parents parents, std::uint64_t birth) {
    solutions_[slot] = solution;
    objectives_[slot] = objective;
    std::copy(descriptor.begin(), descriptor.end(), descriptors_.begin() + slot * descriptor_dim_);
    ids_[slot] = id;
    parents_[slot] = parents;
    births_[slot] = birth;
  }

  /// The elite in `slot`.
  EliteView<S> at(std::size_t slot) const {
    return {ids_[slot], parents_[slot], births_[slot], objectives_[slot], descriptor(slot), solutions_[slot]};
  }
  /// The solution in `slot`.
  const S& solution(std::size_t slot) const noexcept { return solutions_[slot]; }
  /// The objective in `slot`.
  double objective(std::size_t slot) const noexcept { return objectives_[slot]; }
  /// The descriptor in `slot`.
  std::span<const double> descriptor(std::size_t slot) const noexcept {
    return {descriptors_.data() + slot * descriptor_dim_, descriptor_dim_};
  }
  /// The id of the elite in `slot`.
  EliteId id(std::size_t slot) const noexcept { return ids_[slot]; }
  /// Its parents.
  Parents parents(std::size_t slot) const noexcept { return parents_[slot]; }
  /// Its birth (evaluation count).
  std::uint64_t birth(std::size_t slot) const noexcept { return births_[slot]; }

  /// All objectives, by slot.
  std::span<const double> objectives() const noexcept { return objectives_; }
  /// All descriptors, flat and row-major by slot.
  std::span<const double> descriptors() const noexcept { return descriptors_; }
  /// All ids, by slot.
  std::span<const EliteId> ids() const noexcept { return ids_; }
  /// All parent pairs, by slot.
  std::span<const Parents> all_parents() const noexcept { return parents_; }
  /// All births, by slot.
  std::span<const std::uint64_t> births() const noexcept { return births_; }
  /// All solutions, by slot.
  std::span<const S> solutions() const noexcept { return solutions_; }

  /// Removes every elite.
  void clear() noexcept {
    solutions_.clear();
    objectives_.clear();
    descriptors_.clear();
    ids_.clear();
    parents_.clear();
    births_.clear();
  }

  friend bool operator==(const EliteStore&, const EliteStore&) = default;

 private:
  std::size_t descriptor_dim_;
  std::vector<S> solutions_;
  std::vector<double> objectives_;
  std::vector<double> descriptors_;
  std::vector<EliteId> ids_;
  std::vector<Parents> parents_;
  std::vector<std::uint64_t> births_;
};

}  // namespace pond
