#pragma once
/// @file
/// The archive interface: the pond of stepping stones. Every archive keeps its elites in one
/// `EliteStore`, takes evaluated candidates in batches, and reports the same metrics.

#include <cmath>
#include <limits>
#include <memory>
#include <nlohmann/json.hpp>
#include <span>
#include <string>
#include <string_view>

#include "pond/core/binary_io.hpp"
#include "pond/core/elite_store.hpp"
#include "pond/core/error.hpp"
#include "pond/core/rng.hpp"
#include "pond/core/solution_codec.hpp"
#include "pond/core/types.hpp"

namespace pond {

/// Summary numbers of an archive. Values that do not apply are NaN.
struct ArchiveMetrics {
  std::size_t elites = 0;    ///< number of elites
  std::size_t cells = 0;     ///< number of cells (0 for an unstructured archive)
  double coverage = std::numeric_limits<double>::quiet_NaN();       ///< elites / cells
  double qd_score = 0.0;     ///< sum over elites of (objective - qd_offset)
  double norm_qd_score = std::numeric_limits<double>::quiet_NaN();  ///< qd_score / cells
  double best_objective = std::numeric_limits<double>::quiet_NaN(); ///< highest objective held
  double novelty_threshold = std::numeric_limits<double>::quiet_NaN();  ///< novelty archives only
};

/// Where a batch sits in the run: candidate i of the batch has id `first_id + i` and was born at
/// evaluation `evaluations_before + i + 1`.
struct AddContext {
  EliteId first_id = 0;                 ///< id of the batch's first candidate
  std::uint64_t evaluations_before = 0; ///< evaluations done before this batch
};

/// Base class of all archives over solutions of type S.
///
/// The QD score offset: QD score = Σ (objective − qd_offset) over elites. The offset should be the
/// lowest objective a task can give, so each elite adds a non-negative amount; pond's built-in tasks
/// give objectives in (−∞, 100] that stay above 0 in practice, so their default offset is 0, as in the
/// CMA-ME/CMA-MAE papers. Normalised QD score = QD score / cells.
template <class S>
class Archive {
 public:
  virtual ~Archive() = default;
  Archive(const Archive&) = delete;
  Archive& operator=(const Archive&) = delete;

  /// Offers a batch of evaluated candidates, in order. Writes one status per candidate to `status`
  /// and, if `value` is not empty, a number per candidate: for quality-diversity archives the gain in
  /// QD score it brought (0 when not added), for novelty archives its novelty score.
  /// Throws std::invalid_argument when the spans' sizes disagree.
  virtual void add(const AddContext& context, std::span<const S> solutions, std::span<const Parents> parents,
                   std::span<const double> objectives, std::span<const double> descriptors,
                   std::span<AddStatus> status, std::span<double> value) = 0;

  /// Number of cells; 0 for an unstructured (novelty) archive.
  virtual std::size_t cells() const noexcept = 0;
  /// "grid", "cvt" or "novelty".
  virtual std::string_view kind() const noexcept = 0;
  /// The options this archive was made with, as JSON (with "kind"); `make_archive` rebuilds it.
  virtual nlohmann::json config() const = 0;
  /// The current novelty threshold (novelty archives), NaN otherwise.
  virtual double novelty_threshold() const noexcept { return std::numeric_limits<double>::quiet_NaN(); }
  /// The cell of the elite in `slot`, or the slot itself for an unstructured archive.
  virtual std::size_t cell_of_slot(std::size_t slot) const noexcept { return slot; }

  /// The elites.
  const EliteStore<S>& elites() const noexcept { return store_; }
  /// Number of elites.
  std::size_t size() const noexcept { return store_.size(); }
  /// True when there is no elite.
  bool empty() const noexcept { return store_.empty(); }
  /// Length of a descriptor.
  std::size_t descriptor_dim() const noexcept { return store_.descriptor_dim(); }
  /// The QD score offset.
  double qd_offset() const noexcept { return qd_offset_; }

  /// A slot chosen uniformly among the elites. Requires a non-empty archive.
  std::size_t sample_slot(Rng& rng) const noexcept { return static_cast<std::size_t>(rng.below(store_.size())); }

  /// The archive's metrics, computed afresh in slot order (so they are exactly reproducible).
  ArchiveMetrics metrics() const {
    ArchiveMetrics m;
    m.elites = store_.size();
    m.cells = cells();
    double best = -std::numeric_limits<double>::infinity();
    for (double objective : store_.objectives()) {
      m.qd_score += objective - qd_offset_;
      best = std::max(best, objective);
    }
    if (m.elites > 0) m.best_objective = best;
    if (m.cells > 0) {
      m.coverage = static_cast<double>(m.elites) / static_cast<double>(m.cells);
      m.norm_qd_score = m.qd_score / static_cast<double>(m.cells);
    }
    m.novelty_threshold = novelty_threshold();
    return m;
  }

  /// Removes every elite and resets adaptive state.
  virtual void clear() {
    store_.clear();
    on_elites_changed();
  }

  /// Writes the elites and the archive's own state (not its config) to `out`.
  void save(BinaryWriter& out) const {
    out.write_string(SolutionCodec<S>::name);
    out.write<std::uint64_t>(store_.descriptor_dim());
    out.write<std::uint64_t>(store_.size());
    for (std::size_t slot = 0; slot < store_.size(); ++slot) {
      out.write(store_.id(slot));
      out.write(store_.parents(slot));
      out.write(store_.birth(slot));
      out.write(store_.objective(slot));
      out.write_span(store_.descriptor(slot));
      SolutionCodec<S>::write(out, store_.solution(slot));
    }
    save_state(out);
  }

  /// Replaces the elites and state with those read from `in` (written by `save` of an archive of the
  /// same config). Throws FormatError when the data does not fit this archive.
  void load(BinaryReader& in) {
    const std::string codec = in.read_string("solution type");
    if (codec != SolutionCodec<S>::name) in.fail("solution type is '" + codec + "', expected '" + SolutionCodec<S>::name + "'");
    const auto dim = in.read<std::uint64_t>("descriptor dimension");
    if (dim != store_.descriptor_dim()) in.fail("descriptor dimension " + std::to_string(dim) + " does not match the archive's " + std::to_string(store_.descriptor_dim()));
    const auto count = in.read<std::uint64_t>("elite count");
    if (cells() > 0 && count > cells()) in.fail("elite count " + std::to_string(count) + " exceeds the archive's cells");
    EliteStore<S> loaded(store_.descriptor_dim());
    S solution{};
    std::vector<double> descriptor;
    for (std::uint64_t i = 0; i < count; ++i) {
      const auto id = in.read<EliteId>("elite id");
      const auto parents = in.read<Parents>("elite parents");
      const auto birth = in.read<std::uint64_t>("elite birth");
      const auto objective = in.read<double>("elite objective");
      in.read_doubles_into("elite descriptor", descriptor);
      if (descriptor.size() != dim) in.fail("elite descriptor has the wrong length");
      SolutionCodec<S>::read(in, solution);
      loaded.push(solution, objective, descriptor, id, parents, birth);
    }
    store_ = std::move(loaded);
    on_elites_changed();
    load_state(in);
  }

  /// A readable snapshot: config, metrics and every elite with its lineage.
  nlohmann::json to_json() const {
    nlohmann::json elites = nlohmann::json::array();
    for (std::size_t slot = 0; slot < store_.size(); ++slot) {
      const auto e = store_.at(slot);
      nlohmann::json parents = nlohmann::json::array();
      if (e.parents.first != no_parent) parents.push_back(e.parents.first);
      if (e.parents.second != no_parent) parents.push_back(e.parents.second);
      elites.push_back({{"id", e.id},
                        {"cell", cell_of_slot(slot)},
                        {"parents", parents},
                        {"birth", e.birth},
                        {"objective", e.objective},
                        {"descriptor", std::vector<double>(e.descriptor.begin(), e.descriptor.end())},
                        {"solution", SolutionCodec<S>::to_json(e.solution)}});
    }
    const auto m = metrics();
    auto num = [](double v) { return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(nullptr); };
    return {{"format", "pond-archive"},
            {"version", 1},
            {"config", config()},
            {"metrics",
             {{"elites", m.elites}, {"cells", m.cells}, {"coverage", num(m.coverage)}, {"qd_score", m.qd_score},
              {"norm_qd_score", num(m.norm_qd_score)}, {"best_objective", num(m.best_objective)},
              {"novelty_threshold", num(m.novelty_threshold)}}},
            {"elites", std::move(elites)}};
  }

 protected:
  Archive(std::size_t descriptor_dim, double qd_offset) : store_(descriptor_dim), qd_offset_(qd_offset) {}

  /// Called after the elites were replaced wholesale (load, clear): rebuild indexes.
  virtual void on_elites_changed() {}
  /// Saves state beyond the elites (e.g. a novelty threshold).
  virtual void save_state(BinaryWriter&) const {}
  /// Loads what `save_state` wrote.
  virtual void load_state(BinaryReader&) {}

  /// Checks the spans of an `add` call agree; throws std::invalid_argument otherwise.
  void check_batch(std::size_t n, std::size_t parents, std::size_t objectives, std::size_t descriptors,
                   std::size_t status, std::size_t value) const {
    if (parents != n || objectives != n || descriptors != n * descriptor_dim() || status != n ||
        (value != 0 && value != n)) {
      throw std::invalid_argument("archive add: batch of " + std::to_string(n) + " solutions needs " +
                                  std::to_string(n) + " parents, objectives, statuses and " +
                                  std::to_string(n * descriptor_dim()) + " descriptor values");
    }
  }

  EliteStore<S> store_;
  double qd_offset_;
};

}  // namespace pond
