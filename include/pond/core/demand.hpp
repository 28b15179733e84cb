#pragma once
/// @file
/// Fishing the pond: a demand is an objective known only after the pond was grown (a target
/// descriptor with a tolerance, or any scoring of a candidate's descriptor and objective), and
/// `fish` returns the stones of one or more archives that serve it best.
///
///     const pond::Demand demand = pond::Demand::near({120, 40}, 5.0);   // end within 5 of (120, 40)
///     const auto stones = pond::fish(archive, demand, 5);               // the 5 nearest elites
///
/// `refine` (refine.hpp) then searches from those stones toward the demand.

#include <functional>
#include <nlohmann/json.hpp>
#include <span>
#include <string>
#include <vector>

#include "pond/core/archive.hpp"
#include "pond/core/error.hpp"

namespace pond {

/// The box descriptors lie in: `lower[i] ≤ d[i] ≤ upper[i]`.
struct DescriptorBox {
  std::vector<double> lower;  ///< lower corner
  std::vector<double> upper;  ///< upper corner
};

/// A demand on the pond (see the file comment). Higher scores serve it better; it is met when the
/// score reaches `threshold()`.
class Demand {
 public:
  /// Signature of a scoring: (descriptor, objective) -> score, higher is better.
  using Scoring = std::function<double(std::span<const double> descriptor, double objective)>;

  /// End near `target`: score = −(Euclidean distance of the descriptor to the target); met within
  /// `tolerance`. Throws pond::Error for an empty or non-finite target or a negative tolerance.
  static Demand near(std::vector<double> target, double tolerance);
  /// Any scoring, met at `threshold` or above; `description` says what it asks for (for reports).
  /// Throws pond::Error for an empty scoring.
  static Demand scored(Scoring scoring, double threshold, std::string description);
  /// A linear scoring: Σ descriptor_weights[i] · d[i] + objective_weight · objective, met at
  /// `threshold` or above.
  static Demand linear(std::vector<double> descriptor_weights, double objective_weight, double threshold);

  /// The score of a candidate.
  double score(std::span<const double> descriptor, double objective) const { return scoring_(descriptor, objective); }
  /// True when a candidate meets the demand (score ≥ threshold).
  bool met(std::span<const double> descriptor, double objective) const { return score(descriptor, objective) >= threshold_; }
  /// The score at which the demand is met.
  double threshold() const noexcept { return threshold_; }
  /// The target descriptor (empty unless made by `near`).
  const std::vector<double>& target() const noexcept { return target_; }
  /// The tolerance around the target (0 unless made by `near`).
  double tolerance() const noexcept { return tolerance_; }
  /// Descriptor length the demand needs (0: any).
  std::size_t descriptor_dim() const noexcept { return descriptor_dim_; }
  /// What it asks for, e.g. "end within 5 of (120, 40)".
  const std::string& description() const noexcept { return description_; }

  /// Throws pond::Error when the demand cannot apply to descriptors of `dim` numbers in `box` (when
  /// given): a target of another length, or a target outside the box (naming the coordinate).
  void check(std::size_t dim, const DescriptorBox* box = nullptr) const;

 private:
  Demand() = default;
  Scoring scoring_;
  double threshold_ = 0.0;
  std::vector<double> target_;
  double tolerance_ = 0.0;
  std::size_t descriptor_dim_ = 0;
  std::string description_;
};

/// Reads a demand from JSON: `{"target": [x, y], "tolerance": 5}`, or a linear scoring
/// `{"maximize": {"descriptor": [w1, w2], "objective": w0}, "at_least": v}` (either weight may be
/// left out). Throws pond::Error naming `source` and the field on anything else.
Demand demand_from_json(const nlohmann::json& j, const std::string& source);

/// One stone fished from a pond: a copy of an elite with its score for the demand.
template <class S>
struct Catch {
  EliteId id = 0;                  ///< its id in the run that grew the pond
  double score = 0.0;              ///< its score for the demand
  double objective = 0.0;          ///< its objective in that run
  std::vector<double> descriptor;  ///< its descriptor
  S solution{};                    ///< its solution
};

/// The `k` elites of `archives` that serve `demand` best, best first (ties: the elder first); an elite
/// held by several archives (same id) counts once. Fewer when the archives hold fewer. Throws
/// pond::Error when the demand does not fit their descriptors (see Demand::check) and
/// std::invalid_argument when the archives' descriptor lengths differ or `k` is 0.
template <class S>
std::vector<Catch<S>> fish(std::span<const Archive<S>* const> archives, const Demand& demand, std::size_t k,
                           const DescriptorBox* box = nullptr) {
  if (k == 0) throw std::invalid_argument("fish: k must be at least 1");
  if (archives.empty()) return {};
  const std::size_t dim = archives.front()->descriptor_dim();
  for (const Archive<S>* a : archives) {
    if (a->descriptor_dim() != dim) throw std::invalid_argument("fish: the archives' descriptor lengths differ");
  }
  demand.check(dim, box);
  struct Ranked {
    double score;
    EliteId id;
    const Archive<S>* archive;
    std::size_t slot;
  };
  std::vector<Ranked> ranked;
  for (const Archive<S>* a : archives) {
    const auto& elites = a->elites();
    for (std::size_t slot = 0; slot < elites.size(); ++slot) {
      ranked.push_back({demand.score(elites.descriptor(slot), elites.objective(slot)), elites.id(slot), a, slot});
    }
  }
  std::sort(ranked.begin(), ranked.end(), [](const Ranked& a, const Ranked& b) {
    return a.score != b.score ? a.score > b.score : a.id < b.id;
  });
  std::vector<Catch<S>> caught;
  for (std::size_t i = 0; i < ranked.size() && caught.size() < k; ++i) {
    if (i > 0 && ranked[i].id == ranked[i - 1].id) continue;  // equal ids have equal scores: neighbours
    const auto e = ranked[i].archive->elites().at(ranked[i].slot);
    caught.push_back({e.id, ranked[i].score, e.objective, {e.descriptor.begin(), e.descriptor.end()}, e.solution});
  }
  return caught;
}

/// `fish` from one archive.
template <class S>
std::vector<Catch<S>> fish(const Archive<S>& archive, const Demand& demand, std::size_t k,
                           const DescriptorBox* box = nullptr) {
  const Archive<S>* one[] = {&archive};
  return fish<S>(one, demand, k, box);
}

}  // namespace pond
