#pragma once
/// @file
/// Refinement: a short objective-driven search toward a demand, started from stones fished from a
/// pond. It is the scheduler again, on a `TopArchive` that keeps the best candidates for the demand,
/// with the emitters the caller chooses: a NEAT population whose founders are the stones (for
/// networks), or an adaptive Gaussian search around them (for real vectors; see `refine_emitters`).

#include <memory>
#include <vector>

#include "pond/core/demand.hpp"
#include "pond/core/scheduler.hpp"
#include "pond/core/top_archive.hpp"
#include "pond/core/vector_emitters.hpp"

namespace pond {

/// A task judged by a demand: the objective it reports is the demand's score of the inner task's
/// descriptor and objective, and a candidate is solved when it meets the demand.
template <Task T>
class DemandTask {
 public:
  using Solution = typename T::Solution;
  /// Both must outlive the DemandTask.
  DemandTask(const T& task, const Demand& demand) : task_(task), demand_(demand) {}
  std::size_t descriptor_dim() const { return task_.descriptor_dim(); }
  bool thread_safe() const { return is_thread_safe(task_); }
  bool deterministic() const { return is_deterministic(task_); }
  double evaluate(const Solution& solution, std::span<double> descriptor) const {
    return demand_.score(descriptor, task_.evaluate(solution, descriptor));
  }
  bool solved(double score, std::span<const double> /*descriptor*/) const { return score >= demand_.threshold(); }

 private:
  const T& task_;
  const Demand& demand_;
};

/// What a refinement found.
template <class S>
struct Refinement {
  S solution{};                    ///< the best candidate: the first that met the demand, else the best scored
  double score = 0.0;              ///< its score for the demand
  double objective = 0.0;          ///< its objective under the task
  std::vector<double> descriptor;  ///< its descriptor
  std::uint64_t evaluations = 0;   ///< evaluations spent: up to the first that met the demand, else the budget
  bool met = false;                ///< whether it meets the demand
  bool from_stone = false;         ///< true when a stone already met the demand (no evaluation spent)
};

/// Options of `refine`.
struct RefineOptions {
  std::uint64_t budget = 2'500;  ///< at most this many evaluations
  std::uint64_t seed = 0;        ///< the search's seed
  std::size_t keep = 5;          ///< candidates the TopArchive keeps (μ of the evolution strategy)
};

/// Searches from `stones` (best first, as `fish` returns them) toward `demand` with `emitters`, on
/// `evaluator`, until a candidate meets the demand or `options.budget` evaluations are spent. A stone
/// that meets the demand already is returned at once, with no evaluation. The stones enter the
/// search's archive with their scores, so Gaussian emitters start from them; NEAT emitters should have
/// them as founders. With no stone it is a search from scratch toward the demand: the plan a pond is
/// compared with (the emitters start from their own seeds). Deterministic for a seed, whatever the
/// evaluator. Throws std::invalid_argument for no stone and no budget.
template <Task T>
Refinement<typename T::Solution> refine(const T& task, const Demand& demand,
                                        std::span<const Catch<typename T::Solution>> stones,
                                        std::vector<std::unique_ptr<Emitter<typename T::Solution>>> emitters,
                                        const RefineOptions& options, Evaluator& evaluator) {
  using S = typename T::Solution;
  if (stones.empty() && options.budget == 0) throw std::invalid_argument("refine: needs a stone or a budget");
  demand.check(task.descriptor_dim());
  Refinement<S> result;
  if (!stones.empty()) {
    const Catch<S>& best = stones.front();
    result = {best.solution, best.score, best.objective, best.descriptor, 0, best.score >= demand.threshold(), true};
    if (result.met || options.budget == 0) return result;
  }

  TopArchive<S> archive(std::max<std::size_t>(options.keep, 1), task.descriptor_dim());
  if (!stones.empty()) {
    std::vector<S> solutions;
    std::vector<Parents> parents(stones.size());
    std::vector<double> scores, descriptors;
    for (const Catch<S>& s : stones) {
      solutions.push_back(s.solution);
      scores.push_back(s.score);
      descriptors.insert(descriptors.end(), s.descriptor.begin(), s.descriptor.end());
    }
    std::vector<AddStatus> status(stones.size());
    // The stones are not candidates of this search; their ids lie beyond any it will hand out.
    archive.add({no_parent - stones.size(), 0}, solutions, parents, scores, descriptors, status, {});
  }
  Scheduler<S> scheduler(archive, std::move(emitters), options.seed);
  const DemandTask<T> judged(task, demand);
  scheduler.run(judged, evaluator, {.evaluations = options.budget, .stop_when_solved = true});
  result.evaluations = scheduler.evaluations();
  const std::size_t best_slot = archive.best_slot();
  if (const auto& solved = scheduler.first_solved()) {
    result.solution = *solved;
    result.evaluations = scheduler.first_solution();
  } else if (stones.empty() || archive.elites().objective(best_slot) > stones.front().score) {
    result.solution = archive.elites().solution(best_slot);
  } else {
    return result;  // nothing beat the best stone
  }
  result.from_stone = false;
  // Measure the answer once more for its own objective (not counted: the search already paid for it).
  result.descriptor.assign(task.descriptor_dim(), 0.0);
  result.objective = task.evaluate(result.solution, result.descriptor);
  result.score = demand.score(result.descriptor, result.objective);
  result.met = result.score >= demand.threshold();
  return result;
}

/// The Gaussian emitters of a refinement of real vectors: one emitter of `batch` candidates around
/// the best stone (or `best_stone` itself while the archive is empty: the start of a plan), with sigma adapting by the 1/5th success rule (a (μ + λ) evolution strategy over
/// the stones kept), within `bounds`.
inline std::vector<std::unique_ptr<Emitter<Vector>>> refine_emitters(const Vector& best_stone, double sigma,
                                                                     std::size_t batch, Bounds bounds = {}) {
  std::vector<std::unique_ptr<Emitter<Vector>>> emitters;
  emitters.push_back(std::make_unique<GaussianEmitter>(
      GaussianOptions{.x0 = best_stone, .sigma = sigma, .batch = batch, .bounds = std::move(bounds), .adapt_sigma = true}));
  return emitters;
}

}  // namespace pond
