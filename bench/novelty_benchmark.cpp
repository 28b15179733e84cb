// Micro-benchmark of novelty scoring: one NoveltyArchive::add of a batch of 250 two-dimensional
// descriptors against an archive of 10,000 points, k = 15. The threshold is far above any novelty, so
// nothing enters and every timed call sees the same archive (and the same k-d tree).

#include <benchmark/benchmark.h>

#include <cstdint>
#include <vector>

#include "evaluated_batch.hpp"
#include "pond/core/novelty_archive.hpp"

namespace {

constexpr std::size_t kArchivePoints = 10'000;

// `n` candidates with uniform descriptors in [0, 100]^2.
pond::bench::EvaluatedBatch uniform_batch(std::size_t n, pond::Rng& rng) {
  pond::bench::EvaluatedBatch batch;
  batch.resize(n, 2);
  for (auto& solution : batch.solutions) solution.assign(2, 0.0);
  for (double& d : batch.descriptors) d = rng.uniform(0.0, 100.0);
  return batch;
}

// Fills the archive with kArchivePoints uniform points in [0, 100]^2. The fill uses one threshold window of
// exactly kArchivePoints evaluations: every point enters (novelty > 1e-12), then the window closes with
// more than raise_after entries and the threshold jumps to 1e-12 * 1e20 = 1e8. lower_factor = 1 keeps it
// there however long the benchmark runs.
pond::NoveltyOptions options(std::size_t k) {
  return {.descriptor_dim = 2,
          .k = k,
          .initial_threshold = 1e-12,
          .min_threshold = 0.0,
          .stall_evaluations = 2500,
          .lower_factor = 1.0,
          .window_evaluations = kArchivePoints,
          .raise_after = 4,
          .raise_factor = 1e20};
}

// Fills `archive` (made with options()) with kArchivePoints points in batches of 250; returns the next id.
std::uint64_t fill(pond::NoveltyArchive<pond::Vector>& archive, pond::Rng& rng) {
  std::uint64_t id = 0;
  for (std::size_t filled = 0; filled < kArchivePoints; filled += 250) {
    uniform_batch(250, rng).add_to(archive, id);
    id += 250;
  }
  return id;
}

void BM_NoveltyAdd(benchmark::State& state) {
  const auto batch_size = static_cast<std::size_t>(state.range(0));
  const auto k = static_cast<std::size_t>(state.range(1));
  pond::NoveltyArchive<pond::Vector> archive(options(k));
  pond::Rng rng(11);
  std::uint64_t id = fill(archive, rng);
  if (archive.size() != kArchivePoints || !(archive.novelty_threshold() > 1e6)) {
    state.SkipWithError("novelty archive fill did not reach 10,000 points with a high threshold");
    return;
  }
  std::vector<pond::bench::EvaluatedBatch> batches;
  for (int i = 0; i < 16; ++i) batches.push_back(uniform_batch(batch_size, rng));
  std::size_t b = 0;
  for (auto _ : state) {
    auto& batch = batches[b];
    batch.add_to(archive, id);
    benchmark::DoNotOptimize(batch.value.data());
    b = (b + 1) % batches.size();
  }
  if (archive.size() != kArchivePoints) state.SkipWithError("the archive grew during the benchmark");
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * batch_size));
}
BENCHMARK(BM_NoveltyAdd)->ArgNames({"batch", "k"})->Args({250, 15})->Unit(benchmark::kMicrosecond);

// The archive-only part: Archive::novelty (k nearest among the 10,000 points) for one descriptor.
void BM_NoveltyQuery(benchmark::State& state) {
  pond::NoveltyArchive<pond::Vector> archive(options(15));
  pond::Rng rng(11);
  fill(archive, rng);
  std::vector<double> queries(2 * 4096);
  for (double& q : queries) q = rng.uniform(0.0, 100.0);
  std::size_t i = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(archive.novelty(std::span<const double>(queries).subspan(2 * i, 2)));
    i = (i + 1) & 4095;
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}
BENCHMARK(BM_NoveltyQuery);

}  // namespace
