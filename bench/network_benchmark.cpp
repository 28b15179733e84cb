// Micro-benchmarks of the NEAT networks: one activate() of a maze-controller-sized recurrent network
// (the hot path of a maze evaluation, 410 activations each) and of an XOR-sized feed-forward one, plus
// decoding, which happens once per evaluation. Time per iteration is time per activation (or decode).

#include <benchmark/benchmark.h>

#include <cstdint>
#include <vector>

#include "pond/neat/genome.hpp"
#include "pond/neat/network.hpp"

namespace {

using pond::neat::Activation;
using pond::neat::Genome;
using pond::neat::NodeKind;

void Link(Genome& g, std::uint32_t from, std::uint32_t to, double weight, bool enabled = true) {
  const std::uint64_t innovation = g.connections.empty() ? 1 : g.connections.back().innovation + 1;
  g.connections.push_back({innovation, from, to, weight, enabled});
}

// A maze controller as evolution leaves it: 11 inputs (rangefinders, radars, bias), 2 sigmoid outputs,
// 3 sigmoid hidden nodes, 25 connection genes (2 disabled) with a recurrent loop and a self-loop.
Genome MazeGenome() {
  Genome g = Genome::empty(11, 2);
  for (std::uint32_t h : {13u, 14u, 15u}) g.nodes.push_back({h, NodeKind::hidden, Activation::sigmoid});
  double w = 0.37;
  auto next_weight = [&] { return w = w * 1.7 > 2.0 ? w * 1.7 - 3.9 : w * 1.7; };
  for (std::uint32_t i = 0; i < 11; ++i) Link(g, i, 11 + (i % 2), next_weight());  // sensors -> outputs
  for (std::uint32_t i = 0; i < 6; ++i) Link(g, 2 * i, 13 + (i % 3), next_weight());  // sensors -> hidden
  Link(g, 13, 11, next_weight());
  Link(g, 14, 12, next_weight());
  Link(g, 15, 11, next_weight());
  Link(g, 11, 13, next_weight());  // output -> hidden: a loop
  Link(g, 15, 15, next_weight());  // self-loop
  Link(g, 14, 15, next_weight());
  Link(g, 3, 13, next_weight(), false);
  Link(g, 13, 14, next_weight(), false);
  g.validate();
  return g;
}

// XOR as NEAT solves it: 2 inputs and a bias, 1 hidden node, 1 output, 7 connections.
Genome XorGenome() {
  Genome g = Genome::empty(3, 1);
  g.nodes.push_back({4, NodeKind::hidden, Activation::sigmoid});
  Link(g, 0, 3, 1.2);
  Link(g, 1, 3, -0.8);
  Link(g, 2, 3, 0.3);
  Link(g, 0, 4, 2.1);
  Link(g, 1, 4, 2.2);
  Link(g, 2, 4, -3.0);
  Link(g, 4, 3, -2.5);
  g.validate();
  return g;
}

// Inputs that change every activation, as sensors do.
std::vector<double> Inputs(std::size_t n, int step) {
  std::vector<double> x(n);
  for (std::size_t i = 0; i < n; ++i) x[i] = 0.1 * static_cast<double>((step + static_cast<int>(i) * 7) % 11);
  return x;
}

// Activates `net` on inputs a and b in turn (so nothing can be cached), one activation per iteration.
template <class Network>
void activate_alternating(benchmark::State& state, Network& net, const std::vector<double>& a,
                          const std::vector<double>& b, std::size_t outputs) {
  std::vector<double> out(outputs);
  bool flip = false;
  for (auto _ : state) {
    net.activate(flip ? a : b, out);
    flip = !flip;
    benchmark::DoNotOptimize(out.data());
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}

void BM_RecurrentActivateMaze(benchmark::State& state) {
  pond::neat::RecurrentNetwork net(MazeGenome());
  activate_alternating(state, net, Inputs(11, 1), Inputs(11, 2), 2);
}
BENCHMARK(BM_RecurrentActivateMaze);

void BM_FeedForwardActivateXor(benchmark::State& state) {
  pond::neat::FeedForwardNetwork net(XorGenome());
  activate_alternating(state, net, {0, 1, 1}, {1, 1, 1}, 1);
}
BENCHMARK(BM_FeedForwardActivateXor);

// The plain oracle on the maze genome, for scale.
void BM_ReferenceActivateMaze(benchmark::State& state) {
  pond::neat::ReferenceNetwork net(MazeGenome(), pond::neat::ReferenceNetwork::Mode::recurrent);
  activate_alternating(state, net, Inputs(11, 1), Inputs(11, 2), 2);
}
BENCHMARK(BM_ReferenceActivateMaze);

// Decoding a maze genome, done once per maze evaluation.
void BM_RecurrentDecodeMaze(benchmark::State& state) {
  const Genome g = MazeGenome();
  for (auto _ : state) {
    pond::neat::RecurrentNetwork net(g);
    benchmark::DoNotOptimize(&net);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}
BENCHMARK(BM_RecurrentDecodeMaze);

}  // namespace
