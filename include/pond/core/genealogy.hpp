#pragma once
/// @file
/// The genealogy of a run: for every candidate that is an ancestor of something kept (an elite of an
/// archive, a member of a population that may still have children, the best or first solved
/// candidate), its id, parent ids, objective and descriptor. Its birth is not stored: candidate `id`
/// was born at evaluation `id + 1` by definition (ids count evaluations from 0).
///
/// The scheduler records candidates as it tells them and prunes, from time to time, every record from
/// which no kept candidate descends, so the genealogy stays about as large as the family tree of what
/// the archives hold now: a run of millions of evaluations needs megabytes, not gigabytes.

#include <cstdint>
#include <span>
#include <vector>

#include "pond/core/binary_io.hpp"
#include "pond/core/types.hpp"

namespace pond {

/// One recorded candidate, as seen through `Genealogy::at`: a view valid until the genealogy changes.
struct AncestorView {
  EliteId id;                          ///< its id
  Parents parents;                     ///< its parents' ids
  double objective;                    ///< its objective
  std::span<const double> descriptor;  ///< its descriptor
  /// The evaluation count at its birth (itself included).
  std::uint64_t birth() const noexcept { return id + 1; }
};

/// Recorded candidates in increasing id order (see the file comment).
class Genealogy {
 public:
  /// A genealogy of candidates with descriptors of `descriptor_dim` numbers.
  explicit Genealogy(std::size_t descriptor_dim) : descriptor_dim_(descriptor_dim) {}

  /// Records a candidate. Ids must increase from call to call (throws std::invalid_argument otherwise,
  /// or when the descriptor has the wrong length).
  void record(EliteId id, Parents parents, double objective, std::span<const double> descriptor);

  /// The index of the record of `id`, or `npos` when it is not recorded.
  std::size_t find(EliteId id) const noexcept;
  /// True when `id` is recorded.
  bool contains(EliteId id) const noexcept { return find(id) != npos; }
  /// The record at `index` (0 ≤ index < size()).
  AncestorView at(std::size_t index) const noexcept {
    return {ids_[index], parents_[index], objectives_[index],
            {descriptors_.data() + index * descriptor_dim_, descriptor_dim_}};
  }
  /// Number of records.
  std::size_t size() const noexcept { return ids_.size(); }
  /// Length of each descriptor.
  std::size_t descriptor_dim() const noexcept { return descriptor_dim_; }
  /// Bytes the records take (their payload, not counting spare capacity).
  std::size_t bytes() const noexcept;

  /// Keeps only `roots` (those recorded) and their ancestors; returns how many records were dropped.
  std::size_t prune(std::span<const EliteId> roots);

  /// The chain of stepping stones that led to `id`: the indices of its records following first parents
  /// from the oldest ancestor down to `id` itself (last). Throws pond::Error when `id` is not recorded,
  /// or when a first parent is missing (an incomplete genealogy).
  std::vector<std::size_t> chain(EliteId id) const;

  /// Every parent id (first or second) that some record names but that is not recorded; empty for a
  /// complete genealogy.
  std::vector<EliteId> missing_parents() const;

  /// Removes every record.
  void clear() noexcept;

  /// Writes the records to `out`.
  void save(BinaryWriter& out) const;
  /// Replaces the records with those `save` wrote. Throws FormatError when they do not fit (wrong
  /// descriptor length, ids not increasing, a parent not older than its child).
  void load(BinaryReader& in);

  /// "No such record".
  static constexpr std::size_t npos = static_cast<std::size_t>(-1);

  friend bool operator==(const Genealogy&, const Genealogy&) = default;

 private:
  std::size_t descriptor_dim_;
  std::vector<EliteId> ids_;
  std::vector<Parents> parents_;
  std::vector<double> objectives_;
  std::vector<double> descriptors_;
};

}  // namespace pond
