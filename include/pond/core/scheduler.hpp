#pragma once
/// @file
/// The scheduler: one archive, any number of emitters, one batch ask/tell loop.
///
///     auto& batch = scheduler.ask();                  // candidates from every emitter
///     evaluate(batch) -> objectives, descriptors;    // by you, or by an Evaluator
///     scheduler.tell(objectives, descriptors);       // archive insertion + emitter feedback
///
/// Nothing else needs to be called between iterations. `run` does this loop for you.

#include <algorithm>
#include <chrono>
#include <cmath>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

#include "pond/core/archive.hpp"
#include "pond/core/emitter.hpp"
#include "pond/core/genealogy.hpp"
#include "pond/core/task.hpp"

namespace pond {

/// When `Scheduler::run` stops. A zero field means "no limit"; at least one limit must be set.
struct RunLimits {
  std::uint64_t evaluations = 0;  ///< stop when this many evaluations are done (the last batch is cut to fit)
  std::uint64_t iterations = 0;   ///< stop after this many iterations
  bool stop_when_solved = false;  ///< stop after the iteration in which the task first judges a candidate solved
};

/// Why a run stopped, and where it got.
struct RunSummary {
  std::uint64_t evaluations = 0;  ///< evaluations done in total (including before a resume)
  std::uint64_t iterations = 0;   ///< iterations done in total
  double seconds = 0.0;           ///< wall time of this call to run
  ArchiveMetrics metrics;         ///< metrics of the reporting archive at the end
  double best_objective = std::numeric_limits<double>::quiet_NaN();  ///< best objective ever evaluated
  EliteId best_id = no_parent;    ///< the id of that candidate
  /// Evaluations up to and including the first candidate the task judged solved (0: none yet). Only
  /// tasks with a `solved(objective, descriptor)` test judge candidates (see `Task`).
  std::uint64_t first_solution = 0;
  std::string termination;        ///< "evaluation budget reached", "iteration limit reached", "solved" or "stopped by observer"
};

/// Whether `task` judges candidates solved: it has `bool solved(double objective, std::span<const
/// double> descriptor) const`, and (for wrappers such as AnyTask) `judges_solutions()` is true.
template <class T>
bool judges_solutions(const T& task) {
  if constexpr (requires { task.judges_solutions(); }) {
    return task.judges_solutions();
  } else {
    return requires(std::span<const double> d) { { task.solved(0.0, d) } -> std::convertible_to<bool>; };
  }
}

/// Joins an archive and emitters in a batch ask/tell loop. Generic over the solution type S.
///
/// Randomness: candidate i of emitter e at iteration t draws from Rng::stream(seed, {ask, t, e, i}),
/// so the whole run is a function of the seed, whatever evaluator makes or evaluates the candidates.
/// An optional result archive receives every evaluated candidate too, and is the one metrics report
/// (as pyribs' result_archive): for example a grid that measures what a novelty search covered.
template <class S>
class Scheduler {
 public:
  /// A scheduler over `archive` (and optionally `result_archive`; both must outlive it) with the given
  /// emitters. Throws std::invalid_argument when there is no emitter or the descriptor sizes differ.
  Scheduler(Archive<S>& archive, std::vector<std::unique_ptr<Emitter<S>>> emitters, std::uint64_t seed,
            Archive<S>* result_archive = nullptr)
      : archive_(archive),
        result_archive_(result_archive),
        emitters_(std::move(emitters)),
        seed_(seed),
        genealogy_(archive.descriptor_dim()) {
    if (emitters_.empty()) throw std::invalid_argument("scheduler: needs at least one emitter");
    for (const auto& e : emitters_) {
      if (!e) throw std::invalid_argument("scheduler: an emitter is null");
      record_every_candidate_ = record_every_candidate_ || !e->parents_from_archive();
    }
    prune_at_ = next_prune_size();
    if (result_archive_ != nullptr && result_archive_->descriptor_dim() != archive_.descriptor_dim()) {
      throw std::invalid_argument("scheduler: the result archive's descriptor dimension differs from the archive's");
    }
  }

  /// Asks every emitter for candidates, in emitter order, at most `limit` in all (the last emitter
  /// asked may make fewer). Returns the batch, valid until the next ask. Throws std::logic_error when
  /// the previous batch was not told yet.
  std::span<const S> ask(std::size_t limit = SIZE_MAX) { return ask(nullptr, limit); }

  /// As `ask`, making candidates in parallel on `evaluator`.
  std::span<const S> ask(Evaluator& evaluator, std::size_t limit = SIZE_MAX) { return ask(&evaluator, limit); }

  /// As `ask` on `evaluator`, calling `made(begin, end)` as soon as each emitter's candidates [begin,
  /// end) of the batch are made, while they are still in cache: to copy them out in the same pass (the
  /// Python module fills its array so). An exception thrown by `made` propagates; the batch is then
  /// not pending.
  std::span<const S> ask(Evaluator& evaluator, const std::function<void(std::size_t, std::size_t)>& made,
                         std::size_t limit = SIZE_MAX) {
    return ask(&evaluator, limit, &made);
  }

  /// Tells the scheduler the objectives (one per candidate) and descriptors (descriptor_dim() per
  /// candidate, flat) of the last batch. Adds the candidates to the archive(s), gives each emitter its
  /// feedback and returns the archive's status per candidate. Throws std::logic_error when there was no
  /// ask, std::invalid_argument on wrong sizes and pond::Error on a non-finite objective or descriptor
  /// (naming the candidate); nothing changes then and the batch may be told again.
  std::span<const AddStatus> tell(std::span<const double> objectives, std::span<const double> descriptors) {
    if (!pending_) throw std::logic_error("scheduler: tell() without a preceding ask()");
    const std::size_t n = solutions_.size();
    const std::size_t dim = archive_.descriptor_dim();
    if (objectives.size() != n || descriptors.size() != n * dim) {
      throw std::invalid_argument("scheduler: tell() expects " + std::to_string(n) + " objectives and " +
                                  std::to_string(n * dim) + " descriptor values, got " +
                                  std::to_string(objectives.size()) + " and " + std::to_string(descriptors.size()));
    }
    for (std::size_t i = 0; i < n; ++i) {
      if (!std::isfinite(objectives[i])) {
        throw Error("scheduler: objective of candidate " + std::to_string(i) + " is not finite (" +
                    std::to_string(objectives[i]) + ")");
      }
      for (std::size_t d = 0; d < dim; ++d) {
        if (!std::isfinite(descriptors[i * dim + d])) {
          throw Error("scheduler: descriptor " + std::to_string(d) + " of candidate " + std::to_string(i) +
                      " is not finite");
        }
      }
    }
    const AddContext context{evaluations_, evaluations_};
    status_.resize(n);
    value_.resize(n);
    archive_.add(context, solutions_, parents_, objectives, descriptors, status_, value_);
    if (result_archive_ != nullptr) {
      result_status_.resize(n);
      result_archive_->add(context, solutions_, parents_, objectives, descriptors, result_status_, {});
    }
    for (std::size_t i = 0; i < n; ++i) {
      if (!(objectives[i] <= best_objective_)) {  // also true while best is NaN
        best_objective_ = objectives[i];
        best_id_ = evaluations_ + i;
      }
    }
    record_genealogy(objectives, descriptors);
    for (std::size_t e = 0; e < emitters_.size(); ++e) {
      const std::size_t begin = offsets_[e];
      const std::size_t count = offsets_[e + 1] - begin;
      if (count == 0) continue;
      const EmitterFeedback<S> feedback{std::span<const S>(solutions_).subspan(begin, count),
                                        std::span<const Parents>(parents_).subspan(begin, count),
                                        objectives.subspan(begin, count),
                                        descriptors.subspan(begin * dim, count * dim),
                                        std::span<const AddStatus>(status_).subspan(begin, count),
                                        std::span<const double>(value_).subspan(begin, count),
                                        evaluations_ + begin};
      emitters_[e]->tell(archive_, feedback);
    }
    evaluations_ += n;
    ++iterations_;
    pending_ = false;
    return status_;
  }

  /// Runs ask → evaluate → tell until a limit in `limits` is reached or `after_iteration` (if given)
  /// returns false. Candidates are made and evaluated on `evaluator`. When the task throws, the
  /// exception propagates and the scheduler is left as before that iteration.
  template <Task T>
    requires std::same_as<typename T::Solution, S>
  RunSummary run(const T& task, Evaluator& evaluator, const RunLimits& limits,
                 const std::function<bool(const Scheduler&)>& after_iteration = {}) {
    if (limits.evaluations == 0 && limits.iterations == 0) {
      throw std::invalid_argument("scheduler: run() needs an evaluation or iteration limit");
    }
    if (task.descriptor_dim() != archive_.descriptor_dim()) {
      throw std::invalid_argument("scheduler: the task's descriptor dimension (" +
                                  std::to_string(task.descriptor_dim()) + ") differs from the archive's (" +
                                  std::to_string(archive_.descriptor_dim()) + ")");
    }
    // Emitters whose candidates are independent are asked and evaluated in one pass, a piece of the
    // batch at a time (each candidate is evaluated while it is still in cache; with threads, the pool
    // wakes once per iteration instead of twice). The result is the same either way. A task that is
    // not thread-safe (a Python function, a distributed task) gets the whole batch at once instead.
    bool fused = is_thread_safe(task);
    for (const auto& e : emitters_) fused = fused && e->independent_candidates();
    const auto start = std::chrono::steady_clock::now();
    RunSummary summary;
    summary.termination = "stopped by observer";
    for (;;) {
      if (limits.evaluations != 0 && evaluations_ >= limits.evaluations) {
        summary.termination = "evaluation budget reached";
        break;
      }
      if (limits.iterations != 0 && iterations_ >= limits.iterations) {
        summary.termination = "iteration limit reached";
        break;
      }
      const std::size_t limit =
          limits.evaluations == 0 ? SIZE_MAX : static_cast<std::size_t>(limits.evaluations - evaluations_);
      const std::uint64_t solution_before = first_solution_;
      try {
        if (fused) {
          ask_and_evaluate(task, evaluator, limit);
        } else {
          const auto batch = ask(evaluator, limit);
          objectives_.resize(batch.size());
          descriptors_.resize(batch.size() * archive_.descriptor_dim());
          evaluate_batch(evaluator, task, batch, objectives_, descriptors_);
        }
        if constexpr (requires(std::span<const double> d) { task.solved(0.0, d); }) {
          if (first_solution_ == 0 && judges_solutions(task)) note_first_solution(task);
        }
        tell(objectives_, descriptors_);  // checks every value before it changes anything
      } catch (...) {
        // A task (or its goal test) that throws, or a result tell rejects, leaves the scheduler as it
        // was before this iteration (asking again makes the same batch: candidates draw from streams
        // keyed by the iteration), so it can still be saved and resumed.
        pending_ = false;
        if (first_solution_ != solution_before) {
          first_solution_ = solution_before;
          first_solved_.reset();
        }
        throw;
      }
      const bool keep_going = !after_iteration || after_iteration(*this);
      if (limits.stop_when_solved && first_solution_ != 0) {
        summary.termination = "solved";
        break;
      }
      if (!keep_going) break;
    }
    summary.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    summary.evaluations = evaluations_;
    summary.iterations = iterations_;
    summary.metrics = metrics();
    summary.best_objective = best_objective_;
    summary.best_id = best_id_;
    summary.first_solution = first_solution_;
    return summary;
  }

  /// Metrics of the reporting archive (the result archive if set, else the archive).
  ArchiveMetrics metrics() const {
    ArchiveMetrics m = reporting_archive().metrics();
    m.novelty_threshold = archive_.novelty_threshold();
    return m;
  }

  /// The archive the emitters draw from.
  const Archive<S>& archive() const noexcept { return archive_; }
  /// The result archive, or null.
  const Archive<S>* result_archive() const noexcept { return result_archive_; }
  /// The result archive if set, else the archive.
  const Archive<S>& reporting_archive() const noexcept { return result_archive_ ? *result_archive_ : archive_; }
  /// The emitters.
  const std::vector<std::unique_ptr<Emitter<S>>>& emitters() const noexcept { return emitters_; }
  /// Candidates per full iteration (sum of the emitters' batch sizes).
  std::size_t batch_size() const noexcept {
    std::size_t n = 0;
    for (const auto& e : emitters_) n += e->batch_size();
    return n;
  }
  /// The last batch asked for (valid until the next ask).
  std::span<const S> batch() const noexcept { return solutions_; }
  /// The parents of the last batch's candidates.
  std::span<const Parents> batch_parents() const noexcept { return parents_; }
  /// The ids the last batch's candidates have (first_id + i).
  EliteId batch_first_id() const noexcept { return evaluations_; }
  /// Evaluations told so far.
  std::uint64_t evaluations() const noexcept { return evaluations_; }
  /// Iterations (tells) so far.
  std::uint64_t iterations() const noexcept { return iterations_; }
  /// The run's seed.
  std::uint64_t seed() const noexcept { return seed_; }
  /// The best objective told so far (NaN before any tell).
  double best_objective() const noexcept { return best_objective_; }
  /// The id of the candidate with the best objective told so far.
  EliteId best_id() const noexcept { return best_id_; }
  /// Evaluations up to and including the first solved candidate (0: none so far); see RunSummary.
  std::uint64_t first_solution() const noexcept { return first_solution_; }
  /// The first solved candidate itself (empty when none so far). Its id is first_solution() - 1.
  const std::optional<S>& first_solved() const noexcept { return first_solved_; }
  /// The run's genealogy: every candidate from which something kept descends (the archives' elites,
  /// the best and first solved candidates, and candidates an emitter may still breed from), with its
  /// parents, objective and descriptor. See `Genealogy`.
  const Genealogy& genealogy() const noexcept { return genealogy_; }

  /// Saves everything a resumed run needs: counters, archives and emitter state. Call between
  /// iterations (throws std::logic_error while a batch is pending).
  void save(BinaryWriter& out) const {
    if (pending_) throw std::logic_error("scheduler: cannot save while a batch awaits tell()");
    out.write(seed_);
    out.write(evaluations_);
    out.write(iterations_);
    out.write(best_objective_);
    out.write(best_id_);
    out.write(first_solution_);
    out.write<std::uint8_t>(first_solved_.has_value());
    if (first_solved_) SolutionCodec<S>::write(out, *first_solved_);
    archive_.save(out);
    out.write<std::uint8_t>(result_archive_ != nullptr);
    if (result_archive_ != nullptr) result_archive_->save(out);
    out.write<std::uint64_t>(emitters_.size());
    for (const auto& e : emitters_) {
      out.write_string(e->name());
      e->save_state(out);
    }
    genealogy_.save(out);
    out.write<std::uint64_t>(prune_at_);
  }

  /// Restores what `save` wrote into a scheduler built with the same configuration.
  /// Throws FormatError when the saved state does not fit.
  void load(BinaryReader& in) {
    const auto seed = in.read<std::uint64_t>("seed");
    if (seed != seed_) in.fail("checkpoint seed " + std::to_string(seed) + " differs from the run's seed " + std::to_string(seed_));
    evaluations_ = in.read<std::uint64_t>("evaluations");
    iterations_ = in.read<std::uint64_t>("iterations");
    best_objective_ = in.read<double>("best objective");
    best_id_ = in.read<EliteId>("best id");
    first_solution_ = in.read<std::uint64_t>("first solution");
    first_solved_.reset();
    if (in.read<std::uint8_t>("first solved flag") != 0) {
      first_solved_.emplace();
      SolutionCodec<S>::read(in, *first_solved_);
    }
    archive_.load(in);
    const bool has_result = in.read<std::uint8_t>("result archive flag") != 0;
    if (has_result != (result_archive_ != nullptr)) in.fail("result archive presence differs from the run's config");
    if (result_archive_ != nullptr) result_archive_->load(in);
    const auto count = in.read<std::uint64_t>("emitter count");
    if (count != emitters_.size()) in.fail("emitter count " + std::to_string(count) + " differs from the config's " + std::to_string(emitters_.size()));
    for (const auto& e : emitters_) {
      const std::string name = in.read_string("emitter name");
      if (name != e->name()) in.fail("emitter '" + name + "' where the config has '" + std::string(e->name()) + "'");
      e->load_state(in);
    }
    genealogy_.load(in);
    // The pruning schedule is part of the state, so a resumed run holds the same records.
    prune_at_ = static_cast<std::size_t>(in.read<std::uint64_t>("genealogy pruning size"));
    pending_ = false;
  }

 private:
  // Records the told batch's candidates that something kept may descend from: those an archive took,
  // the best and first solved, and (for emitters that breed from their own candidates) all of them.
  // When the genealogy has doubled since the last pruning, drops what nothing kept descends from.
  void record_genealogy(std::span<const double> objectives, std::span<const double> descriptors) {
    const std::size_t n = solutions_.size();
    const std::size_t dim = archive_.descriptor_dim();
    const EliteId first = evaluations_;
    const EliteId solved = first_solution_ == 0 ? no_parent : first_solution_ - 1;
    for (std::size_t i = 0; i < n; ++i) {
      const EliteId id = first + i;
      const bool kept = record_every_candidate_ || status_[i] != AddStatus::not_added ||
                        (result_archive_ != nullptr && result_status_[i] != AddStatus::not_added) ||
                        id == best_id_ || id == solved;
      if (kept) genealogy_.record(id, parents_[i], objectives[i], descriptors.subspan(i * dim, dim));
    }
    if (genealogy_.size() >= prune_at_) {
      std::vector<EliteId> roots(archive_.elites().ids().begin(), archive_.elites().ids().end());
      if (result_archive_ != nullptr) {
        roots.insert(roots.end(), result_archive_->elites().ids().begin(), result_archive_->elites().ids().end());
      }
      roots.push_back(best_id_);
      roots.push_back(solved);
      if (record_every_candidate_) {  // the emitters may breed from this batch next
        for (std::size_t i = 0; i < n; ++i) roots.push_back(first + i);
      }
      genealogy_.prune(roots);
      prune_at_ = next_prune_size();
    }
  }

  // Pruning again once the genealogy doubles keeps its cost at a constant per recorded candidate.
  std::size_t next_prune_size() const noexcept { return 2 * genealogy_.size() + 2 * batch_size() + 1024; }

  // Records the first candidate of the evaluated batch that the task judges solved, if any.
  template <class T>
  void note_first_solution(const T& task) {
    const std::size_t dim = archive_.descriptor_dim();
    for (std::size_t i = 0; i < solutions_.size(); ++i) {
      if (task.solved(objectives_[i], std::span<const double>(descriptors_).subspan(i * dim, dim))) {
        first_solution_ = evaluations_ + i + 1;
        first_solved_ = solutions_[i];
        return;
      }
    }
  }

  // Sizes the batch for at most `limit` candidates and sets offsets_; returns the total.
  std::size_t plan_batch(std::size_t limit) {
    if (pending_) throw std::logic_error("scheduler: ask() called twice without tell()");
    offsets_.assign(1, 0);
    std::size_t total = 0;
    for (const auto& e : emitters_) {
      const std::size_t count = std::min(e->batch_size(), limit - std::min(limit, total));
      total += count;
      offsets_.push_back(total);
    }
    solutions_.resize(total);
    parents_.resize(total);
    return total;
  }

  // Makes and evaluates the batch in one parallel pass (emitters with independent candidates only).
  template <class T>
  void ask_and_evaluate(const T& task, Evaluator& evaluator, std::size_t limit) {
    const std::size_t total = plan_batch(limit);
    const std::size_t dim = archive_.descriptor_dim();
    objectives_.resize(total);
    descriptors_.resize(total * dim);
    pending_ = true;
    evaluator.parallel_for(total, default_grain(total, evaluator.threads()), [&](std::size_t begin, std::size_t end) {
      // Split [begin, end) at emitter boundaries; each piece is one ask and one evaluation.
      std::size_t e = static_cast<std::size_t>(std::upper_bound(offsets_.begin(), offsets_.end(), begin) - offsets_.begin()) - 1;
      for (std::size_t i = begin; i < end; ++e) {
        const std::size_t piece_end = std::min(end, offsets_[e + 1]);
        if (piece_end == i) continue;
        const AskContext context{seed_, iterations_, static_cast<std::uint32_t>(e), nullptr, i - offsets_[e]};
        emitters_[e]->ask(archive_, context, std::span<S>(solutions_).subspan(i, piece_end - i),
                          std::span<Parents>(parents_).subspan(i, piece_end - i));
        if constexpr (requires { task.evaluate_range(std::span<const S>(solutions_), i, piece_end, std::span<double>(objectives_), std::span<double>(descriptors_)); }) {
          task.evaluate_range(solutions_, i, piece_end, objectives_, descriptors_);
        } else {
          for (std::size_t j = i; j < piece_end; ++j) {
            objectives_[j] = task.evaluate(solutions_[j], std::span<double>(descriptors_).subspan(j * dim, dim));
          }
        }
        i = piece_end;
      }
    });
  }

  std::span<const S> ask(Evaluator* evaluator, std::size_t limit,
                         const std::function<void(std::size_t, std::size_t)>* made = nullptr) {
    plan_batch(limit);
    for (std::size_t e = 0; e < emitters_.size(); ++e) {
      const std::size_t begin = offsets_[e];
      const std::size_t count = offsets_[e + 1] - begin;
      if (count == 0) continue;
      const AskContext context{seed_, iterations_, static_cast<std::uint32_t>(e), evaluator, 0};
      emitters_[e]->ask(archive_, context, std::span<S>(solutions_).subspan(begin, count),
                        std::span<Parents>(parents_).subspan(begin, count));
      if (made != nullptr) (*made)(begin, begin + count);
    }
    pending_ = true;
    return solutions_;
  }

  Archive<S>& archive_;
  Archive<S>* result_archive_;
  std::vector<std::unique_ptr<Emitter<S>>> emitters_;
  std::uint64_t seed_;
  std::uint64_t evaluations_ = 0;
  std::uint64_t iterations_ = 0;
  double best_objective_ = std::numeric_limits<double>::quiet_NaN();
  EliteId best_id_ = no_parent;
  std::uint64_t first_solution_ = 0;
  std::optional<S> first_solved_;
  bool pending_ = false;
  std::vector<S> solutions_;
  std::vector<Parents> parents_;
  std::vector<std::size_t> offsets_;
  std::vector<AddStatus> status_, result_status_;
  std::vector<double> value_, objectives_, descriptors_;
  Genealogy genealogy_;
  bool record_every_candidate_ = false;
  std::size_t prune_at_ = 0;
};

extern template class Scheduler<Vector>;

}  // namespace pond
