// Tests of the NEAT networks: hand-built genomes with hand-computed outputs for both semantics, and
// random genomes on which the fast forms must match the plain ReferenceNetwork bit for bit.

#include <gtest/gtest.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <numeric>
#include <random>
#include <set>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "pond/core/error.hpp"
#include "pond/neat/genome.hpp"
#include "pond/neat/network.hpp"
#include "pond/neat/network_lanes.hpp"
#include "pond/core/simd_kernel.hpp"

namespace pond::neat {
namespace {

using Mode = ReferenceNetwork::Mode;

// NEAT's steepened sigmoid written out independently of apply_activation, with the library's exp:
// pond's own exp is within an ulp or two of it, so results are compared with EXPECT_DOUBLE_EQ.
double Sigmoid(double x) { return 1.0 / (1.0 + std::exp(-4.924273 * x)); }

// Appends a connection gene with the next innovation number.
void Link(Genome& g, std::uint32_t from, std::uint32_t to, double weight, bool enabled = true) {
  const std::uint64_t innovation = g.connections.empty() ? 1 : g.connections.back().innovation + 1;
  g.connections.push_back({innovation, from, to, weight, enabled});
}

// Appends a hidden node with id `id`.
void Hidden(Genome& g, std::uint32_t id, Activation a) { g.nodes.push_back({id, NodeKind::hidden, a}); }

// One activation of a network with the given inputs; returns the outputs.
template <class Network>
std::vector<double> Activate(Network& net, std::vector<double> inputs, std::size_t outputs) {
  std::vector<double> out(outputs, -1.0);
  net.activate(inputs, out);
  return out;
}

// ------------------------------------------------------------------------------------------------
// Hand-built genomes

// 2 inputs -> 1 sigmoid output, weights 0.5 and -1.5: out = sigmoid(0.5 * 1 - 1.5 * 2) = sigmoid(-2.5).
Genome TwoInputs() {
  Genome g = Genome::empty(2, 1);
  Link(g, 0, 2, 0.5);
  Link(g, 1, 2, -1.5);
  g.validate();
  return g;
}

TEST(NeatNetworkHand, TwoInputsOneSigmoidOutput) {
  const Genome g = TwoInputs();
  const double expected = Sigmoid(-2.5);
  EXPECT_NEAR(expected, 4.5e-6, 1e-7);  // guards the hand computation itself
  FeedForwardNetwork ff(g);
  RecurrentNetwork rn(g);
  ReferenceNetwork ref_ff(g, Mode::feed_forward), ref_rn(g, Mode::recurrent);
  EXPECT_DOUBLE_EQ(Activate(ff, {1, 2}, 1)[0], expected);
  EXPECT_DOUBLE_EQ(Activate(rn, {1, 2}, 1)[0], expected);  // input -> output: one activation
  EXPECT_DOUBLE_EQ(Activate(ref_ff, {1, 2}, 1)[0], expected);
  EXPECT_DOUBLE_EQ(Activate(ref_rn, {1, 2}, 1)[0], expected);
  EXPECT_EQ(Activate(ff, {0, 0}, 1)[0], 0.5);
  EXPECT_EQ(ff.inputs(), 2u);
  EXPECT_EQ(ff.outputs(), 1u);
  EXPECT_EQ(rn.inputs(), 2u);
  EXPECT_EQ(rn.outputs(), 1u);
}

// in0 -> hidden 2 (identity, weight 3) -> out 1 (sigmoid, weight 0.5).
Genome HiddenChain() {
  Genome g = Genome::empty(1, 1);
  Hidden(g, 2, Activation::identity);
  Link(g, 0, 2, 3.0);
  Link(g, 2, 1, 0.5);
  g.validate();
  return g;
}

TEST(NeatNetworkHand, RecurrentSignalAdvancesOneHopPerActivation) {
  const Genome g = HiddenChain();
  RecurrentNetwork rn(g);
  ReferenceNetwork ref(g, Mode::recurrent);
  // Activation 1: hidden becomes 6 but the output still sees the old hidden value 0.
  EXPECT_EQ(Activate(rn, {2}, 1)[0], 0.5);
  EXPECT_EQ(Activate(ref, {2}, 1)[0], 0.5);
  // Activation 2: output = sigmoid(0.5 * 6).
  EXPECT_DOUBLE_EQ(Activate(rn, {2}, 1)[0], Sigmoid(3.0));
  EXPECT_DOUBLE_EQ(Activate(ref, {2}, 1)[0], Sigmoid(3.0));
  // A new input shows at the output one activation late.
  EXPECT_DOUBLE_EQ(Activate(rn, {-1}, 1)[0], Sigmoid(3.0));
  EXPECT_DOUBLE_EQ(Activate(rn, {-1}, 1)[0], Sigmoid(-1.5));
}

TEST(NeatNetworkHand, FeedForwardIsFinalAfterOneActivation) {
  const Genome g = HiddenChain();
  FeedForwardNetwork ff(g);
  EXPECT_DOUBLE_EQ(Activate(ff, {2}, 1)[0], Sigmoid(3.0));
  EXPECT_DOUBLE_EQ(Activate(ff, {-1}, 1)[0], Sigmoid(-1.5));  // no state carried over
  ReferenceNetwork ref(g, Mode::feed_forward);
  EXPECT_DOUBLE_EQ(Activate(ref, {2}, 1)[0], Sigmoid(3.0));
}

// in0 -> out (identity) with weight 1 and a self-loop of weight 1 on the output: a running sum.
Genome SelfLoop() {
  Genome g = Genome::empty(1, 1, Activation::identity);
  Link(g, 0, 1, 1.0);
  Link(g, 1, 1, 1.0);
  g.validate();
  return g;
}

TEST(NeatNetworkHand, SelfLoopAccumulatesAndResetClears) {
  const Genome g = SelfLoop();
  RecurrentNetwork rn(g);
  ReferenceNetwork ref(g, Mode::recurrent);
  for (double expected : {1.0, 2.0, 3.0, 4.0}) {
    EXPECT_EQ(Activate(rn, {1}, 1)[0], expected);
    EXPECT_EQ(Activate(ref, {1}, 1)[0], expected);
  }
  EXPECT_EQ(Activate(rn, {0.5}, 1)[0], 4.5);
  rn.reset();
  ref.reset();
  EXPECT_EQ(Activate(rn, {1}, 1)[0], 1.0);
  EXPECT_EQ(Activate(ref, {1}, 1)[0], 1.0);
  EXPECT_EQ(Activate(rn, {1}, 1)[0], 2.0);
}

TEST(NeatNetworkHand, TwoNodeCycleOscillates) {
  // Hidden 2 and output 1 (both identity) feed each other with weight -1; input 0 kicks hidden once.
  Genome g = Genome::empty(1, 1, Activation::identity);
  Hidden(g, 2, Activation::identity);
  Link(g, 0, 2, 1.0);
  Link(g, 2, 1, -1.0);
  Link(g, 1, 2, -1.0);
  g.validate();
  RecurrentNetwork rn(g);
  // hidden, output: (1, 0) -> (0, -1) -> (1, 0) -> (0, -1) with input 1 then 0, 0, 0.
  EXPECT_EQ(Activate(rn, {1}, 1)[0], 0.0);
  EXPECT_EQ(Activate(rn, {0}, 1)[0], -1.0);
  EXPECT_EQ(Activate(rn, {0}, 1)[0], 0.0);
  EXPECT_EQ(Activate(rn, {0}, 1)[0], -1.0);
}

TEST(NeatNetworkHand, DisabledConnectionsAreIgnored) {
  Genome g = Genome::empty(2, 1, Activation::identity);
  Link(g, 0, 2, 1.0);
  Link(g, 1, 2, 100.0, /*enabled=*/false);
  Link(g, 2, 2, 7.0, /*enabled=*/false);  // a disabled self-loop is no cycle either
  g.validate();
  EXPECT_FALSE(has_cycle(g));
  FeedForwardNetwork ff(g);
  RecurrentNetwork rn(g);
  ReferenceNetwork ref(g, Mode::feed_forward);
  EXPECT_EQ(Activate(ff, {3, 5}, 1)[0], 3.0);
  EXPECT_EQ(Activate(rn, {3, 5}, 1)[0], 3.0);
  EXPECT_EQ(Activate(rn, {3, 5}, 1)[0], 3.0);
  EXPECT_EQ(Activate(ref, {3, 5}, 1)[0], 3.0);
}

TEST(NeatNetworkHand, NodeWithoutInputsTakesActivationOfZero) {
  Genome g = Genome::empty(1, 3, Activation::sigmoid);
  g.nodes[2].activation = Activation::gaussian;
  g.nodes[3].activation = Activation::cosine;
  g.validate();
  FeedForwardNetwork ff(g);
  RecurrentNetwork rn(g);
  EXPECT_EQ(Activate(ff, {9}, 3), (std::vector<double>{0.5, 1.0, 1.0}));
  EXPECT_EQ(Activate(rn, {9}, 3), (std::vector<double>{0.5, 1.0, 1.0}));
}

TEST(NeatNetworkHand, UnreachableHiddenNodeStillFeedsOutput) {
  // Hidden 2 has no inputs, so it is cos(0) = 1; it feeds the identity output with weight 2.
  Genome g = Genome::empty(1, 1, Activation::identity);
  Hidden(g, 2, Activation::cosine);
  Link(g, 2, 1, 2.0);
  g.validate();
  FeedForwardNetwork ff(g);
  EXPECT_EQ(Activate(ff, {5}, 1)[0], 2.0);
  RecurrentNetwork rn(g);
  EXPECT_EQ(Activate(rn, {5}, 1)[0], 0.0);  // the hidden node was still 0 before this activation
  EXPECT_EQ(Activate(rn, {5}, 1)[0], 2.0);
}

TEST(NeatNetworkHand, FeedForwardOrderFollowsLinksNotIds) {
  // in0 -> hidden 4 -> hidden 3 -> out 1: hidden 3 must be evaluated after hidden 4.
  Genome g = Genome::empty(1, 1, Activation::identity);
  Hidden(g, 3, Activation::identity);
  Hidden(g, 4, Activation::abs);
  Link(g, 0, 4, -2.0);
  Link(g, 4, 3, 3.0);
  Link(g, 3, 1, 0.5);
  g.validate();
  FeedForwardNetwork ff(g);
  EXPECT_EQ(Activate(ff, {1.5}, 1)[0], 4.5);  // |-3| * 3 * 0.5
}

TEST(NeatNetworkHand, InputsAreSummedInSourceOrder) {
  // By source, (1e16 - 1e16) + 1 = 1. In innovation order, (1 + 1e16) - 1e16 rounds to 0.
  Genome g = Genome::empty(3, 1, Activation::identity);
  Link(g, 2, 3, 1.0);
  Link(g, 0, 3, 1e16);
  Link(g, 1, 3, -1e16);
  g.validate();
  FeedForwardNetwork ff(g);
  RecurrentNetwork rn(g);
  ReferenceNetwork ref(g, Mode::recurrent);
  ReferenceNetwork ref_ff(g, Mode::feed_forward);
  EXPECT_EQ(Activate(ff, {1, 1, 1}, 1)[0], 1.0);
  EXPECT_EQ(Activate(rn, {1, 1, 1}, 1)[0], 1.0);
  EXPECT_EQ(Activate(ref, {1, 1, 1}, 1)[0], 1.0);
  EXPECT_EQ(Activate(ref_ff, {1, 1, 1}, 1)[0], 1.0);
}

TEST(NeatNetworkHand, EveryActivationMatchesApplyActivation) {
  for (std::size_t a = 0; a < activation_count; ++a) {
    const auto act = static_cast<Activation>(a);
    Genome g = Genome::empty(1, 1, act);
    Link(g, 0, 1, 0.75);
    FeedForwardNetwork ff(g);
    RecurrentNetwork rn(g);
    for (double x : {-2.0, -0.3, 0.0, 0.6, 1.7}) {
      EXPECT_EQ(Activate(ff, {x}, 1)[0], apply_activation(act, 0.75 * x)) << to_string(act);
      EXPECT_EQ(Activate(rn, {x}, 1)[0], apply_activation(act, 0.75 * x)) << to_string(act);
    }
  }
}

// ------------------------------------------------------------------------------------------------
// Errors

TEST(NeatNetworkErrors, FeedForwardRejectsCycles) {
  Genome g = Genome::empty(1, 1);
  Hidden(g, 2, Activation::tanh);
  Hidden(g, 3, Activation::tanh);
  Link(g, 0, 2, 1.0);
  Link(g, 2, 3, 1.0);
  Link(g, 3, 2, 1.0);
  Link(g, 3, 1, 1.0);
  g.validate();
  try {
    FeedForwardNetwork ff(g);
    FAIL() << "no exception";
  } catch (const Error& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("cycle"), std::string::npos) << what;
    EXPECT_TRUE(what.find("node 2") != std::string::npos || what.find("node 3") != std::string::npos) << what;
  }
  EXPECT_THROW(ReferenceNetwork(g, Mode::feed_forward), Error);
  EXPECT_NO_THROW(RecurrentNetwork{g});
  EXPECT_NO_THROW(ReferenceNetwork(g, Mode::recurrent));
}

TEST(NeatNetworkErrors, FeedForwardRejectsSelfLoop) {
  const Genome g = SelfLoop();
  try {
    FeedForwardNetwork ff(g);
    FAIL() << "no exception";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("cycle (through node 1)"), std::string::npos) << e.what();
  }
  EXPECT_THROW(ReferenceNetwork(g, Mode::feed_forward), Error);
}

TEST(NeatNetworkErrors, WrongSizesThrowInvalidArgument) {
  const Genome g = TwoInputs();
  FeedForwardNetwork ff(g);
  RecurrentNetwork rn(g);
  ReferenceNetwork ref(g, Mode::recurrent);
  std::vector<double> one(1), two(2), three(3), none;
  EXPECT_THROW(ff.activate(one, one), std::invalid_argument);
  EXPECT_THROW(ff.activate(three, one), std::invalid_argument);
  EXPECT_THROW(ff.activate(two, two), std::invalid_argument);
  EXPECT_THROW(ff.activate(two, none), std::invalid_argument);
  EXPECT_THROW(rn.activate(one, one), std::invalid_argument);
  EXPECT_THROW(rn.activate(two, two), std::invalid_argument);
  EXPECT_THROW(ref.activate(three, one), std::invalid_argument);
  EXPECT_THROW(ref.activate(two, none), std::invalid_argument);
  EXPECT_NO_THROW(ff.activate(two, one));
  EXPECT_NO_THROW(rn.activate(two, one));
}

TEST(NeatNetworkErrors, BrokenGenomesThrowPondError) {
  Genome missing = Genome::empty(1, 1);
  Link(missing, 0, 9, 1.0);  // node 9 does not exist
  EXPECT_THROW(FeedForwardNetwork{missing}, Error);
  EXPECT_THROW(RecurrentNetwork{missing}, Error);
  EXPECT_THROW(ReferenceNetwork(missing, Mode::recurrent), Error);
  EXPECT_THROW(has_cycle(missing), Error);

  Genome into_input = Genome::empty(2, 1);
  Link(into_input, 0, 1, 1.0);  // node 1 is an input
  try {
    RecurrentNetwork rn(into_input);
    FAIL() << "no exception";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("targets input node 1"), std::string::npos) << e.what();
  }
  EXPECT_THROW(FeedForwardNetwork{into_input}, Error);

  Genome unsorted = Genome::empty(1, 1);
  Hidden(unsorted, 5, Activation::sigmoid);
  Hidden(unsorted, 3, Activation::sigmoid);
  EXPECT_THROW(RecurrentNetwork{unsorted}, Error);
}

// ------------------------------------------------------------------------------------------------
// Cycle queries

TEST(NeatNetworkCycles, HasCycle) {
  EXPECT_FALSE(has_cycle(Genome::empty(3, 2)));
  EXPECT_FALSE(has_cycle(HiddenChain()));
  EXPECT_TRUE(has_cycle(SelfLoop()));

  Genome g = Genome::empty(1, 1);
  Hidden(g, 2, Activation::sigmoid);
  Hidden(g, 3, Activation::sigmoid);
  Link(g, 0, 2, 1.0);
  Link(g, 2, 3, 1.0);
  Link(g, 3, 1, 1.0);
  Link(g, 1, 2, 1.0, /*enabled=*/false);  // would close 2 -> 3 -> 1 -> 2
  g.validate();
  EXPECT_FALSE(has_cycle(g));
  g.connections.back().enabled = true;
  EXPECT_TRUE(has_cycle(g));
}

TEST(NeatNetworkCycles, WouldCreateCycle) {
  // 0 -> 2 -> 3 -> 1, plus a disabled 1 -> 4 -> ... nothing enabled out of 1.
  Genome g = Genome::empty(1, 1);
  Hidden(g, 2, Activation::sigmoid);
  Hidden(g, 3, Activation::sigmoid);
  Hidden(g, 4, Activation::sigmoid);
  Link(g, 0, 2, 1.0);
  Link(g, 2, 3, 1.0);
  Link(g, 3, 1, 1.0);
  Link(g, 1, 4, 1.0, /*enabled=*/false);
  g.validate();
  EXPECT_TRUE(would_create_cycle(g, 2, 2));
  EXPECT_TRUE(would_create_cycle(g, 99, 99));
  EXPECT_TRUE(would_create_cycle(g, 1, 2));   // 2 -> 3 -> 1
  EXPECT_TRUE(would_create_cycle(g, 3, 2));   // 2 -> 3
  EXPECT_TRUE(would_create_cycle(g, 1, 0));   // 0 reaches 1 (an input target is still a cycle)
  EXPECT_FALSE(would_create_cycle(g, 2, 1));  // forward shortcut
  EXPECT_FALSE(would_create_cycle(g, 0, 3));
  EXPECT_FALSE(would_create_cycle(g, 4, 2));  // 2 reaches 4 only through the disabled link
  EXPECT_FALSE(would_create_cycle(g, 4, 1));
  EXPECT_FALSE(would_create_cycle(g, 2, 99));  // a missing node has no links
}

// ------------------------------------------------------------------------------------------------
// Random genomes against the reference

// A random valid genome: 1-5 inputs, 1-3 outputs, 0-6 hidden nodes with gaps in their ids, random
// activations among all of them, random links (about a fifth disabled). With `acyclic`, enabled links
// only go up a random node ranking, so they form no cycle; disabled links may go anywhere.
Genome RandomGenome(std::mt19937_64& rng, bool acyclic, bool sigmoid_only = false) {
  auto below = [&](std::uint64_t n) { return static_cast<std::uint32_t>(rng() % n); };
  auto uniform = [&](double lo, double hi) { return std::uniform_real_distribution<double>(lo, hi)(rng); };
  const std::uint32_t inputs = 1 + below(5), outputs = 1 + below(3), hidden = below(7);
  Genome g = Genome::empty(inputs, outputs, static_cast<Activation>(below(activation_count)));
  for (std::uint32_t o = 0; o < outputs; ++o) g.nodes[inputs + o].activation = static_cast<Activation>(below(activation_count));
  std::uint32_t id = inputs + outputs;
  for (std::uint32_t h = 0; h < hidden; ++h) {
    id += below(3);
    Hidden(g, id++, static_cast<Activation>(below(activation_count)));
  }
  if (sigmoid_only) {
    for (std::size_t i = inputs; i < g.nodes.size(); ++i) g.nodes[i].activation = Activation::sigmoid;
  }
  const std::size_t n = g.nodes.size();
  std::vector<std::size_t> rank(n);
  std::iota(rank.begin(), rank.end(), 0);
  std::shuffle(rank.begin() + inputs, rank.end(), rng);  // inputs rank lowest
  std::set<std::pair<std::uint32_t, std::uint32_t>> used;
  const std::uint32_t attempts = below(static_cast<std::uint64_t>(3 * n) + 1);
  for (std::uint32_t k = 0; k < attempts; ++k) {
    const std::size_t from = below(n), to = inputs + below(n - inputs);
    const bool enabled = below(5) != 0;
    if (acyclic && enabled && rank[from] >= rank[to]) continue;
    if (!used.insert({g.nodes[from].id, g.nodes[to].id}).second) continue;
    g.connections.push_back({2 * k + 1 + below(2), g.nodes[from].id, g.nodes[to].id, uniform(-3, 3), enabled});
  }
  g.validate();
  return g;
}

std::vector<double> RandomInputs(std::mt19937_64& rng, std::size_t count) {
  std::uniform_real_distribution<double> u(-2.0, 2.0);
  std::vector<double> x(count);
  for (double& v : x) v = u(rng);
  return x;
}

TEST(NeatNetworkRandom, GeneratorCoversCyclesAndAcyclicGenomes) {
  std::mt19937_64 rng(7);
  int cyclic = 0, acyclic_cyclic = 0;
  for (int i = 0; i < 300; ++i) {
    cyclic += has_cycle(RandomGenome(rng, false));
    acyclic_cyclic += has_cycle(RandomGenome(rng, true));
  }
  EXPECT_GT(cyclic, 50);
  EXPECT_EQ(acyclic_cyclic, 0);
}

TEST(NeatNetworkRandom, FeedForwardMatchesReferenceExactly) {
  std::mt19937_64 rng(1);
  for (int trial = 0; trial < 500; ++trial) {
    const Genome g = RandomGenome(rng, true);
    FeedForwardNetwork fast(g);
    ReferenceNetwork ref(g, Mode::feed_forward);
    for (int step = 0; step < 5; ++step) {
      const std::vector<double> in = RandomInputs(rng, g.inputs);
      std::vector<double> a(g.outputs), b(g.outputs);
      fast.activate(in, a);
      ref.activate(in, b);
      ASSERT_EQ(a, b) << "trial " << trial << " step " << step;
    }
  }
}

TEST(NeatNetworkRandom, RecurrentMatchesReferenceExactly) {
  std::mt19937_64 rng(2);
  for (int trial = 0; trial < 500; ++trial) {
    const Genome g = RandomGenome(rng, trial % 4 == 0);
    RecurrentNetwork fast(g);
    ReferenceNetwork ref(g, Mode::recurrent);
    for (int step = 0; step < 12; ++step) {
      if (step == 8) {  // values persist until reset, and reset restarts both alike
        fast.reset();
        ref.reset();
      }
      const std::vector<double> in = RandomInputs(rng, g.inputs);
      std::vector<double> a(g.outputs), b(g.outputs);
      fast.activate(in, a);
      ref.activate(in, b);
      ASSERT_EQ(a, b) << "trial " << trial << " step " << step;
    }
  }
}

TEST(NeatNetworkRandom, SigmoidRecurrentMatchesReferenceExactly) {
  // Every node a sigmoid: RecurrentNetwork's dense form (several nodes per vector operation), and its
  // sparse loop when an input is too large for the dense form.
  std::mt19937_64 rng(5);
  for (int trial = 0; trial < 400; ++trial) {
    const Genome g = RandomGenome(rng, trial % 4 == 0, /*sigmoid_only=*/true);
    RecurrentNetwork fast(g);
    ReferenceNetwork ref(g, Mode::recurrent);
    for (int step = 0; step < 12; ++step) {
      std::vector<double> in = RandomInputs(rng, g.inputs);
      if (step == 5) in[0] = 1e200;
      if (step == 6) in[0] = -std::numeric_limits<double>::infinity();
      if (step == 7) in[0] = std::numeric_limits<double>::quiet_NaN();
      std::vector<double> a(g.outputs), b(g.outputs);
      fast.activate(in, a);
      ref.activate(in, b);
      for (std::size_t o = 0; o < g.outputs; ++o) {
        ASSERT_EQ(std::bit_cast<std::uint64_t>(a[o]), std::bit_cast<std::uint64_t>(b[o]))
            << "trial " << trial << " step " << step << ": " << a[o] << " vs " << b[o];
      }
    }
  }
}

TEST(NeatNetworkRandom, LanesMatchRecurrentExactly) {
  // Banks of 1 to 5 networks in 1 to 8 lanes, on every kernel: all-sigmoid ones (the dense form, with
  // inputs too large for it at some steps) and mixed activations (lane by lane); every lane's outputs
  // are its own RecurrentNetwork's, bit for bit.
  std::mt19937_64 rng(8);
  const pond::detail::SimdKernel before = pond::detail::simd_kernel();
  for (int trial = 0; trial < 300; ++trial) {
    pond::detail::set_simd_kernel(static_cast<pond::detail::SimdKernel>(trial % 3));
    const std::size_t lanes = 1 + static_cast<std::size_t>(rng() % 8);
    const std::size_t count = 1 + static_cast<std::size_t>(rng() % std::min<std::size_t>(lanes, 5));
    const bool sigmoid = trial % 3 != 2;
    std::vector<Genome> genomes;
    const Genome first = RandomGenome(rng, trial % 5 == 0, sigmoid);
    genomes.push_back(first);
    while (genomes.size() < count) {
      Genome g = RandomGenome(rng, trial % 5 == 0, sigmoid);
      if (g.inputs != first.inputs || g.outputs != first.outputs) continue;
      genomes.push_back(g);
    }
    RecurrentNetworkLanes bank(genomes, lanes);
    std::vector<RecurrentNetwork> alone(genomes.begin(), genomes.end());
    const std::size_t in = first.inputs, out = first.outputs;
    for (int step = 0; step < 10; ++step) {
      std::vector<double> inputs(in * lanes), outputs(out * lanes);
      for (double& x : inputs) x = RandomInputs(rng, 1)[0];
      if (step == 4) inputs[0] = 1e200;
      if (step == 6) inputs[lanes - 1] = std::numeric_limits<double>::quiet_NaN();
      bank.activate(inputs, outputs);
      for (std::size_t l = 0; l < count; ++l) {
        std::vector<double> x(in), y(out);
        for (std::size_t k = 0; k < in; ++k) x[k] = inputs[k * lanes + l];
        alone[l].activate(x, y);
        for (std::size_t k = 0; k < out; ++k) {
          ASSERT_EQ(std::bit_cast<std::uint64_t>(outputs[k * lanes + l]), std::bit_cast<std::uint64_t>(y[k]))
              << "trial " << trial << " lane " << l << " of " << lanes << " step " << step;
        }
      }
    }
  }
  pond::detail::set_simd_kernel(before);
}

TEST(NeatNetworkErrors, LanesRejectBadBanksAndSizes) {
  const Genome a = Genome::empty(2, 1), b = Genome::empty(3, 1);
  EXPECT_THROW(RecurrentNetworkLanes(std::vector<Genome>{a, a, a}, 2), std::invalid_argument);
  EXPECT_THROW(RecurrentNetworkLanes(std::vector<Genome>{}, 2), std::invalid_argument);
  EXPECT_THROW(RecurrentNetworkLanes(std::vector<Genome>{a}, 9), std::invalid_argument);
  EXPECT_THROW(RecurrentNetworkLanes(std::vector<Genome>{a, b}, 2), std::invalid_argument);
  RecurrentNetworkLanes bank(std::vector<Genome>{a}, 2);
  std::vector<double> in(3), out(2);
  EXPECT_THROW(bank.activate(in, out), std::invalid_argument);
}

TEST(NeatNetworkRandom, CycleQueriesAgreeWithReferenceAndFeedForward) {
  std::mt19937_64 rng(3);
  for (int trial = 0; trial < 300; ++trial) {
    const Genome g = RandomGenome(rng, trial % 2 == 0);
    const bool cyclic = has_cycle(g);
    bool ff_throws = false, ref_throws = false;
    try {
      FeedForwardNetwork ff(g);
    } catch (const Error&) {
      ff_throws = true;
    }
    try {
      ReferenceNetwork ref(g, Mode::feed_forward);
    } catch (const Error&) {
      ref_throws = true;
    }
    EXPECT_EQ(ff_throws, cyclic) << "trial " << trial;
    EXPECT_EQ(ref_throws, cyclic) << "trial " << trial;
    // would_create_cycle must agree with adding the link (or enabling it) and asking has_cycle.
    if (cyclic) continue;
    for (const NodeGene& from : g.nodes) {
      for (const NodeGene& to : g.nodes) {
        if (to.kind == NodeKind::input) continue;
        Genome h = g;
        const auto it = std::find_if(h.connections.begin(), h.connections.end(),
                                     [&](const ConnectionGene& c) { return c.from == from.id && c.to == to.id; });
        if (it != h.connections.end()) {
          it->enabled = true;
        } else {
          Link(h, from.id, to.id, 1.0);
        }
        EXPECT_EQ(would_create_cycle(g, from.id, to.id), has_cycle(h))
            << "trial " << trial << ": " << from.id << " -> " << to.id;
      }
    }
  }
}

TEST(NeatNetworkRandom, CopiesActIndependently) {
  std::mt19937_64 rng(4);
  const Genome g = RandomGenome(rng, false);
  RecurrentNetwork a(g);
  const std::vector<double> in = RandomInputs(rng, g.inputs);
  std::vector<double> out_a(g.outputs), out_b(g.outputs), out_c(g.outputs);
  a.activate(in, out_a);
  RecurrentNetwork b = a;  // carries a's state
  a.activate(in, out_a);
  b.activate(in, out_b);
  EXPECT_EQ(out_a, out_b);
  RecurrentNetwork c(g);
  c.activate(in, out_c);
  c.activate(in, out_c);
  EXPECT_EQ(out_a, out_c);
}

}  // namespace
}  // namespace pond::neat
