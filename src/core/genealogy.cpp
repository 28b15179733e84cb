#include "pond/core/genealogy.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>

#include "pond/core/error.hpp"

namespace pond {

void Genealogy::record(EliteId id, Parents parents, double objective, std::span<const double> descriptor) {
  if (!ids_.empty() && id <= ids_.back()) {
    throw std::invalid_argument("genealogy: candidate " + std::to_string(id) + " recorded after candidate " +
                                std::to_string(ids_.back()) + " (ids must increase)");
  }
  if (descriptor.size() != descriptor_dim_) {
    throw std::invalid_argument("genealogy: descriptor of " + std::to_string(descriptor.size()) +
                                " numbers, expected " + std::to_string(descriptor_dim_));
  }
  ids_.push_back(id);
  parents_.push_back(parents);
  objectives_.push_back(objective);
  descriptors_.insert(descriptors_.end(), descriptor.begin(), descriptor.end());
}

std::size_t Genealogy::find(EliteId id) const noexcept {
  const auto it = std::lower_bound(ids_.begin(), ids_.end(), id);
  return it != ids_.end() && *it == id ? static_cast<std::size_t>(it - ids_.begin()) : npos;
}

std::size_t Genealogy::bytes() const noexcept {
  return ids_.size() * (sizeof(EliteId) + sizeof(Parents) + sizeof(double)) + descriptors_.size() * sizeof(double);
}

std::size_t Genealogy::prune(std::span<const EliteId> roots) {
  std::vector<char> keep(ids_.size(), 0);
  for (EliteId root : roots) {
    if (const std::size_t i = find(root); i != npos) keep[i] = 1;
  }
  // Parents are older than their children, so one pass from the newest record marks every ancestor.
  // Each parent is searched for only among the records older than its child.
  for (std::size_t i = ids_.size(); i-- > 0;) {
    if (!keep[i]) continue;
    for (EliteId parent : {parents_[i].first, parents_[i].second}) {
      if (parent == no_parent) continue;
      const auto it = std::lower_bound(ids_.begin(), ids_.begin() + static_cast<std::ptrdiff_t>(i), parent);
      if (it != ids_.begin() + static_cast<std::ptrdiff_t>(i) && *it == parent) keep[static_cast<std::size_t>(it - ids_.begin())] = 1;
    }
  }
  std::size_t kept = 0;
  for (std::size_t i = 0; i < ids_.size(); ++i) {
    if (!keep[i]) continue;
    ids_[kept] = ids_[i];
    parents_[kept] = parents_[i];
    objectives_[kept] = objectives_[i];
    std::copy_n(descriptors_.begin() + static_cast<std::ptrdiff_t>(i * descriptor_dim_), descriptor_dim_,
                descriptors_.begin() + static_cast<std::ptrdiff_t>(kept * descriptor_dim_));
    ++kept;
  }
  const std::size_t dropped = ids_.size() - kept;
  ids_.resize(kept);
  parents_.resize(kept);
  objectives_.resize(kept);
  descriptors_.resize(kept * descriptor_dim_);
  return dropped;
}

std::vector<std::size_t> Genealogy::chain(EliteId id) const {
  std::size_t index = find(id);
  if (index == npos) throw Error("genealogy: candidate " + std::to_string(id) + " is not recorded (not kept, nor an ancestor of anything kept)");
  std::vector<std::size_t> chain{index};
  while (parents_[index].first != no_parent) {
    const EliteId parent = parents_[index].first;
    index = find(parent);
    if (index == npos) throw Error("genealogy: the parent " + std::to_string(parent) + " of candidate " + std::to_string(ids_[chain.back()]) + " is not recorded");
    chain.push_back(index);
  }
  std::reverse(chain.begin(), chain.end());
  return chain;
}

std::vector<EliteId> Genealogy::missing_parents() const {
  std::vector<EliteId> missing;
  for (const Parents& p : parents_) {
    for (EliteId parent : {p.first, p.second}) {
      if (parent != no_parent && !contains(parent)) missing.push_back(parent);
    }
  }
  std::sort(missing.begin(), missing.end());
  missing.erase(std::unique(missing.begin(), missing.end()), missing.end());
  return missing;
}

void Genealogy::clear() noexcept {
  ids_.clear();
  parents_.clear();
  objectives_.clear();
  descriptors_.clear();
}

void Genealogy::save(BinaryWriter& out) const {
  out.write<std::uint64_t>(descriptor_dim_);
  out.write_span<EliteId>(ids_);
  out.write_span<Parents>(parents_);
  out.write_span<double>(objectives_);
  out.write_span<double>(descriptors_);
}

void Genealogy::load(BinaryReader& in) {
  const auto dim = in.read<std::uint64_t>("genealogy descriptor dimension");
  if (dim != descriptor_dim_) in.fail("genealogy descriptor dimension " + std::to_string(dim) + " differs from the run's " + std::to_string(descriptor_dim_));
  auto ids = in.read_vector<EliteId>("genealogy ids");
  auto parents = in.read_vector<Parents>("genealogy parents", ids.size());
  auto objectives = in.read_vector<double>("genealogy objectives", ids.size());
  auto descriptors = in.read_vector<double>("genealogy descriptors", ids.size() * descriptor_dim_);
  if (parents.size() != ids.size() || objectives.size() != ids.size() || descriptors.size() != ids.size() * descriptor_dim_) {
    in.fail("genealogy columns differ in length");
  }
  for (std::size_t i = 0; i < ids.size(); ++i) {
    if (i > 0 && ids[i] <= ids[i - 1]) in.fail("genealogy ids do not increase at record " + std::to_string(i));
    for (EliteId parent : {parents[i].first, parents[i].second}) {
      if (parent != no_parent && parent >= ids[i]) in.fail("genealogy record " + std::to_string(ids[i]) + " names a parent that is not older");
    }
  }
  ids_ = std::move(ids);
  parents_ = std::move(parents);
  objectives_ = std::move(objectives);
  descriptors_ = std::move(descriptors);
}

}  // namespace pond
