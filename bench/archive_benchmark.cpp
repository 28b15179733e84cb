// Micro-benchmarks of archive insertion (grid and CVT) and of the vector emitters' ask.
//
// The candidates are real: 100-dimensional solutions made by Gaussian mutation (sigma 0.5) of the elites
// of a grid archive warmed up by a MAP-Elites run on the sphere task, evaluated by pond::tasks::Sphere.
// This is the setting of the CMA-ME linear projection benchmark (100x100 grid over [-256, 256]^2, batch
// of 15 emitters x 36 = 540).

#include <benchmark/benchmark.h>

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "evaluated_batch.hpp"
#include "pond/core/binary_io.hpp"
#include "pond/core/cvt_archive.hpp"
#include "pond/core/evaluator.hpp"
#include "pond/core/grid_archive.hpp"
#include "pond/core/scheduler.hpp"
#include "pond/core/vector_emitters.hpp"
#include "pond/tasks/projection.hpp"

namespace {

constexpr std::size_t kDim = 100;     // solution dimension
constexpr std::size_t kBatch = 540;   // candidates per batch (15 emitters x 36)
constexpr std::size_t kPool = 32;     // batches in the candidate pool
constexpr std::uint64_t kWarmEvaluations = 540'000;

pond::GridOptions sphere_grid() { return {.dims = {100, 100}, .lower = {-256, -256}, .upper = {256, 256}}; }

pond::GaussianOptions sphere_mutation(std::size_t batch) {
  return {.x0 = pond::Vector(kDim, 0.0), .sigma = 0.5, .batch = batch};
}

using Batch = pond::bench::EvaluatedBatch;

/// A grid archive after kWarmEvaluations of MAP-Elites on sphere n = 100, its saved bytes, and a pool of
/// kPool batches of offspring of its elites (not added). Built once, on first use.
struct WarmSphere {
  pond::tasks::Sphere sphere{{.dim = kDim}};
  pond::GridArchive<pond::Vector> archive{sphere_grid()};
  std::string snapshot;
  std::vector<Batch> pool;

  WarmSphere() {
    pond::Scheduler<pond::Vector> scheduler(archive, pond::GaussianEmitter::many(15, sphere_mutation(36)), 1);
    pond::SerialEvaluator serial;
    scheduler.run(sphere, serial, {.evaluations = kWarmEvaluations});
    pond::BinaryWriter out;
    archive.save(out);
    snapshot = out.take();

    pond::GaussianEmitter emitter(sphere_mutation(kBatch));
    pool.resize(kPool);
    for (std::size_t b = 0; b < kPool; ++b) {
      Batch& batch = pool[b];
      batch.resize(kBatch, 2);
      const pond::AskContext context{.seed = 2, .iteration = b, .emitter = 0, .evaluator = nullptr};
      emitter.ask(archive, context, batch.solutions, batch.parents);
      pond::evaluate_batch(serial, sphere, std::span<const pond::Vector>(batch.solutions), batch.objectives,
                           batch.descriptors);
    }
  }
};

WarmSphere& warm_sphere() {
  static WarmSphere warm;
  return warm;
}

void restore(pond::Archive<pond::Vector>& archive, const std::string& bytes) {
  pond::BinaryReader in(bytes, "snapshot");
  archive.load(in);
}

std::size_t count_added(const Batch& batch) {
  std::size_t n = 0;
  for (auto s : batch.status) n += s != pond::AddStatus::not_added;
  return n;
}

void add(pond::Archive<pond::Vector>& archive, Batch& batch, std::uint64_t first_id) { batch.add_to(archive, first_id); }

// Steady state: one batch of 540 offspring into the warm archive (most are rejected). Every kPool batches
// the archive is restored from its snapshot (untimed), so each batch meets the archive it was bred from.
template <class ArchiveT>
void steady_state(benchmark::State& state, ArchiveT& archive, const std::string& snapshot) {
  auto& warm = warm_sphere();
  restore(archive, snapshot);
  std::size_t b = 0;
  std::size_t added = 0;
  std::uint64_t id = kWarmEvaluations;
  for (auto _ : state) {
    if (b == kPool) {
      state.PauseTiming();
      restore(archive, snapshot);
      b = 0;
      state.ResumeTiming();
    }
    add(archive, warm.pool[b], id);
    added += count_added(warm.pool[b]);
    id += kBatch;
    ++b;
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * kBatch));
  state.counters["added_fraction"] =
      static_cast<double>(added) / static_cast<double>(state.iterations() * kBatch);
  state.counters["elites"] = static_cast<double>(archive.size());
}

// Fresh archive: the whole pool (32 x 540 candidates) into an emptied archive, so most candidates fill a
// new cell and the archive copies their solution.
template <class ArchiveT>
void fresh(benchmark::State& state, ArchiveT& archive) {
  auto& warm = warm_sphere();
  std::size_t added = 0;
  for (auto _ : state) {
    state.PauseTiming();
    archive.clear();
    state.ResumeTiming();
    std::uint64_t id = 0;
    for (auto& batch : warm.pool) {
      add(archive, batch, id);
      id += kBatch;
    }
    state.PauseTiming();
    for (auto& batch : warm.pool) added += count_added(batch);
    state.ResumeTiming();
  }
  const auto items = static_cast<double>(state.iterations() * kPool * kBatch);
  state.SetItemsProcessed(static_cast<std::int64_t>(items));
  state.counters["added_fraction"] = static_cast<double>(added) / items;
  state.counters["elites"] = static_cast<double>(archive.size());
}

void BM_GridAdd_SteadyState(benchmark::State& state) {
  auto& warm = warm_sphere();
  pond::GridArchive<pond::Vector> archive(sphere_grid());
  steady_state(state, archive, warm.snapshot);
}
BENCHMARK(BM_GridAdd_SteadyState)->Unit(benchmark::kMicrosecond);

void BM_GridAdd_Fresh(benchmark::State& state) {
  pond::GridArchive<pond::Vector> archive(sphere_grid());
  fresh(state, archive);
}
BENCHMARK(BM_GridAdd_Fresh)->Unit(benchmark::kMillisecond);

pond::CvtOptions sphere_cvt() { return {.cells = 10'000, .lower = {-256, -256}, .upper = {256, 256}, .seed = 1}; }

// The CVT archive's centroids (k-means over 100,000 samples) are computed once and shared.
const std::vector<double>& cvt_centroids() {
  static const std::vector<double> centroids = pond::cvt_centroids_for(sphere_cvt());
  return centroids;
}

pond::CvtOptions sphere_cvt_given() {
  auto options = sphere_cvt();
  options.centroids = cvt_centroids();
  return options;
}

void BM_CvtAdd_SteadyState(benchmark::State& state) {
  auto& warm = warm_sphere();
  pond::CvtArchive<pond::Vector> archive(sphere_cvt_given());
  // The same elites as the warm grid, re-binned into the CVT cells (best per cell kept).
  archive.clear();
  {
    pond::GridArchive<pond::Vector> grid(sphere_grid());
    restore(grid, warm.snapshot);
    const auto& e = grid.elites();
    std::vector<pond::AddStatus> status(e.size());
    archive.add({0, 0}, e.solutions(), e.all_parents(), e.objectives(), e.descriptors(), status, {});
  }
  pond::BinaryWriter out;
  archive.save(out);
  const std::string snapshot = out.take();
  steady_state(state, archive, snapshot);
}
BENCHMARK(BM_CvtAdd_SteadyState)->Unit(benchmark::kMicrosecond);

void BM_CvtAdd_Fresh(benchmark::State& state) {
  pond::CvtArchive<pond::Vector> archive(sphere_cvt_given());
  fresh(state, archive);
}
BENCHMARK(BM_CvtAdd_Fresh)->Unit(benchmark::kMillisecond);

// The cell lookup alone, for uniform descriptors in the box: grid arithmetic vs. the CVT's k-d tree.
template <class ArchiveT>
void cell_lookup(benchmark::State& state, const ArchiveT& archive) {
  pond::Rng rng(7);
  std::vector<double> descriptors(2 * 4096);
  for (double& d : descriptors) d = rng.uniform(-256.0, 256.0);
  std::size_t i = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(archive.cell_of(std::span<const double>(descriptors).subspan(2 * i, 2)));
    i = (i + 1) & 4095;
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}

void BM_GridCellOf(benchmark::State& state) {
  pond::GridArchive<pond::Vector> archive(sphere_grid());
  cell_lookup(state, archive);
}
BENCHMARK(BM_GridCellOf);

void BM_CvtCellOf(benchmark::State& state) {
  pond::CvtArchive<pond::Vector> archive(sphere_cvt_given());
  cell_lookup(state, archive);
}
BENCHMARK(BM_CvtCellOf);

// Emitter ask: 540 candidates of 100 dimensions from the warm archive (or from x0 while it is empty),
// made serially. Items are candidates.
template <class EmitterT, class Options>
void ask(benchmark::State& state, const Options& options, bool empty_archive) {
  auto& warm = warm_sphere();
  pond::GridArchive<pond::Vector> empty(sphere_grid());
  const pond::Archive<pond::Vector>& archive = empty_archive ? static_cast<const pond::Archive<pond::Vector>&>(empty)
                                                             : warm.archive;
  EmitterT emitter(options);
  std::vector<pond::Vector> solutions(kBatch, pond::Vector(kDim));
  std::vector<pond::Parents> parents(kBatch);
  std::uint64_t iteration = 0;
  for (auto _ : state) {
    const pond::AskContext context{.seed = 3, .iteration = iteration++, .emitter = 0, .evaluator = nullptr};
    emitter.ask(archive, context, solutions, parents);
    benchmark::DoNotOptimize(solutions.data());
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * kBatch));
}

void BM_GaussianAsk(benchmark::State& state) {
  ask<pond::GaussianEmitter>(state, sphere_mutation(kBatch), false);
}
BENCHMARK(BM_GaussianAsk)->Unit(benchmark::kMicrosecond);

void BM_GaussianAsk_EmptyArchive(benchmark::State& state) {
  ask<pond::GaussianEmitter>(state, sphere_mutation(kBatch), true);
}
BENCHMARK(BM_GaussianAsk_EmptyArchive)->Unit(benchmark::kMicrosecond);

void BM_IsoLineAsk(benchmark::State& state) {
  ask<pond::IsoLineEmitter>(state,
                            pond::IsoLineOptions{.x0 = pond::Vector(kDim, 0.0), .sigma_iso = 0.01,
                                                 .sigma_line = 0.2, .batch = kBatch},
                            false);
}
BENCHMARK(BM_IsoLineAsk)->Unit(benchmark::kMicrosecond);

}  // namespace
