// CPPN rendering: a Picbreeder page (15 children at 128 x 128) from CPPNs with about 30 hidden nodes,
// on one core; the bar is 50 ms a page. Also one 1024 x 1024 picture.

#include <benchmark/benchmark.h>

#include "pond/neat/cppn.hpp"

namespace {

// A colour CPPN grown by mutation until it has `hidden` hidden nodes (deterministic for the seed).
pond::neat::Genome grown(std::uint64_t seed, std::size_t hidden) {
  const pond::neat::CppnOptions options{.colour = true, .strength = 1.0};
  pond::Rng rng(seed);
  pond::neat::Genome g = pond::neat::random_cppn(options, rng);
  auto innovations = pond::neat::InnovationRecord::after(g);
  while (g.hidden_nodes() < hidden) {
    pond::neat::mutate_cppn(g, innovations, options, rng);
    innovations.new_generation();
  }
  return g;
}

void BM_CppnPage15x128(benchmark::State& state) {
  std::vector<pond::neat::Genome> children;
  for (std::uint64_t i = 0; i < 15; ++i) children.push_back(grown(100 + i, 30));
  std::size_t connections = 0;
  for (const auto& c : children) connections += c.enabled_connections();
  for (auto _ : state) {
    for (const auto& child : children) {
      pond::neat::CppnRenderer renderer(child);
      auto image = renderer.render(128, 128);
      benchmark::DoNotOptimize(image.rgb.data());
    }
  }
  // One iteration is one page: its time is the time per page.
  state.SetItemsProcessed(state.iterations());
  state.counters["connections"] = static_cast<double>(connections) / 15.0;
}
BENCHMARK(BM_CppnPage15x128)->Unit(benchmark::kMillisecond);

void BM_Cppn1024(benchmark::State& state) {
  const auto g = grown(7, 30);
  pond::neat::CppnRenderer renderer(g);
  for (auto _ : state) {
    auto image = renderer.render(1024, 1024);
    benchmark::DoNotOptimize(image.rgb.data());
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Cppn1024)->Unit(benchmark::kMillisecond);

}  // namespace
