// Tests of the real-vector benchmark tasks: linear projection sphere / Rastrigin and the planar arm,
// against values computed by hand from the definitions in DESIGN.md.

#include <gtest/gtest.h>

#include <array>
#include <bit>
#include <cstdint>
#include <limits>
#include <cmath>
#include <numbers>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <vector>

#include "pond/core/rng.hpp"
#include "pond/core/simd_kernel.hpp"
#include "pond/tasks/arm.hpp"
#include "pond/tasks/projection.hpp"

namespace pond::tasks {
namespace {

constexpr double kPi = std::numbers::pi;

// Runs `make` and checks that it throws std::invalid_argument whose message contains every piece.
template <class Make>
void ExpectInvalid(Make make, std::initializer_list<std::string> pieces) {
  try {
    make();
    ADD_FAILURE() << "expected std::invalid_argument";
  } catch (const std::invalid_argument& error) {
    const std::string message = error.what();
    for (const std::string& piece : pieces) {
      EXPECT_NE(message.find(piece), std::string::npos) << "message: " << message << "\nmissing: " << piece;
    }
  }
}

// ---------------------------------------------------------------------------------------------------
// Interface

static_assert(std::is_same_v<Sphere::Solution, std::vector<double>>);
static_assert(Sphere::descriptor_dim() == 2 && Rastrigin::descriptor_dim() == 2);
static_assert(Arm::descriptor_dim() == 2);
static_assert(Sphere::deterministic && Sphere::thread_safe);
static_assert(Rastrigin::deterministic && Rastrigin::thread_safe);
static_assert(Arm::deterministic && Arm::thread_safe);
static_assert(std::is_nothrow_invocable_v<decltype(&Arm::solution_dim), const Arm&>);
static_assert(!std::is_convertible_v<Sphere::Options, Sphere>, "the constructor is explicit");
static_assert(!std::is_convertible_v<Arm::Options, Arm>, "the constructor is explicit");

TEST(Projection, DefaultsMatchThePapers) {
  const Sphere sphere;
  EXPECT_EQ(sphere.solution_dim(), 100u);
  EXPECT_EQ(sphere.options().dim, 100u);
  EXPECT_DOUBLE_EQ(sphere.options().shift, 0.4 * 5.12);
  EXPECT_EQ(sphere.descriptor_lower(), (std::vector<double>{-256.0, -256.0}));
  EXPECT_EQ(sphere.descriptor_upper(), (std::vector<double>{256.0, 256.0}));
  const Rastrigin rastrigin;
  EXPECT_EQ(rastrigin.solution_dim(), 100u);
  EXPECT_EQ(rastrigin.descriptor_lower(), (std::vector<double>{-256.0, -256.0}));
  EXPECT_EQ(rastrigin.descriptor_upper(), (std::vector<double>{256.0, 256.0}));
}

// ---------------------------------------------------------------------------------------------------
// Sphere

TEST(Sphere, OptimumGives100AndWorstPointGives0) {
  const Sphere sphere;
  std::array<double, 2> descriptor{};
  EXPECT_EQ(sphere.evaluate(std::vector<double>(100, 2.048), descriptor), 100.0);
  EXPECT_NEAR(descriptor[0], 50 * 2.048, 1e-9);
  EXPECT_NEAR(descriptor[1], 50 * 2.048, 1e-9);

  EXPECT_EQ(sphere.evaluate(std::vector<double>(100, -5.12), descriptor), 0.0);
  EXPECT_NEAR(descriptor[0], -256.0, 1e-9);
  EXPECT_NEAR(descriptor[1], -256.0, 1e-9);
}

TEST(Sphere, WorstValueIsTheSumAtMinus512) {
  const Sphere sphere;
  EXPECT_NEAR(sphere.worst_raw(), 100 * (5.12 + 2.048) * (5.12 + 2.048), 1e-9);
}

TEST(Sphere, OriginGives100Times45Over49) {
  // r(0) = n s^2, W = n (5.12 + s)^2 with s = 0.4 * 5.12: f = 100 (1 - (0.4/1.4)^2) = 100 * 45/49.
  const Sphere sphere;
  std::array<double, 2> descriptor{};
  EXPECT_NEAR(sphere.evaluate(std::vector<double>(100, 0.0), descriptor), 100.0 * 45.0 / 49.0, 1e-12);
  EXPECT_EQ(descriptor[0], 0.0);
  EXPECT_EQ(descriptor[1], 0.0);
}

TEST(Sphere, ObjectiveIsUnboundedBelow) {
  const Sphere sphere({.dim = 4, .shift = 0.0});
  std::array<double, 2> descriptor{};
  // W = 4 * 5.12^2; r = 4 * 100^2 -> f = 100 (1 - 100^2 / 5.12^2).
  const double expected = 100.0 * (1.0 - 10000.0 / (5.12 * 5.12));
  EXPECT_NEAR(sphere.evaluate({100, 100, -100, -100}, descriptor), expected, 1e-9 * std::abs(expected));
  EXPECT_LT(expected, -30000.0);
}

TEST(Sphere, SingleCoordinateMovesObjectiveByItsShare) {
  // dim 2, shift 0: W = 2 * 5.12^2; x = (1, 0) -> r = 1 -> f = 100 (1 - 1 / (2 * 5.12^2)).
  const Sphere sphere({.dim = 2, .shift = 0.0});
  std::array<double, 2> descriptor{};
  EXPECT_NEAR(sphere.evaluate({1.0, 0.0}, descriptor), 100.0 * (1.0 - 1.0 / (2 * 5.12 * 5.12)), 1e-12);
  EXPECT_EQ(descriptor[0], 1.0);
  EXPECT_EQ(descriptor[1], 0.0);
}

TEST(Sphere, ClipFoldsCoordinatesBeyond512) {
  const Sphere sphere({.dim = 4});
  std::array<double, 2> descriptor{};
  // First half: clip(10) + clip(-10) = 0.512 - 0.512 = 0.
  // Second half: clip(5.12) + clip(-6) = 5.12 - 5.12 / 6 (5.12 itself is kept).
  sphere.evaluate({10.0, -10.0, 5.12, -6.0}, descriptor);
  EXPECT_NEAR(descriptor[0], 0.0, 1e-15);
  EXPECT_NEAR(descriptor[1], 5.12 - 5.12 / 6.0, 1e-12);

  // -5.12 is kept, just beyond folds back to near +-1.
  sphere.evaluate({-5.12, 5.13, 512.0, -1e9}, descriptor);
  EXPECT_NEAR(descriptor[0], -5.12 + 5.12 / 5.13, 1e-12);
  EXPECT_NEAR(descriptor[1], 0.01 - 5.12e-9, 1e-15);
}

TEST(Sphere, ClipIsExactlyTheQuotientAndHandlesInfinity) {
  const Sphere sphere({.dim = 2});
  std::array<double, 2> descriptor{};
  sphere.evaluate({7.0, -9.0}, descriptor);
  EXPECT_EQ(descriptor[0], 5.12 / 7.0);
  EXPECT_EQ(descriptor[1], 5.12 / -9.0);
  sphere.evaluate({INFINITY, -INFINITY}, descriptor);  // 5.12 / +-inf = +-0
  EXPECT_EQ(descriptor[0], 0.0);
  EXPECT_EQ(descriptor[1], 0.0);
  EXPECT_TRUE(std::isnan(sphere.evaluate({std::nan(""), 1.0}, descriptor)));
  EXPECT_TRUE(std::isnan(descriptor[0]));
  EXPECT_EQ(descriptor[1], 1.0);
}

TEST(Sphere, DescriptorStaysWithinTheBounds) {
  const Sphere sphere({.dim = 6});
  std::array<double, 2> descriptor{};
  sphere.evaluate({5.12, 5.12, 5.12, 5.120001, 1e6, -5.12}, descriptor);
  EXPECT_NEAR(descriptor[0], 3 * 5.12, 1e-12);
  EXPECT_LT(descriptor[1], 3 * 5.12);
  EXPECT_EQ(sphere.descriptor_upper()[0], 3 * 5.12);
}

TEST(Sphere, OddDimensionPutsFloorHalfFirst) {
  const Sphere sphere({.dim = 5});
  std::array<double, 2> descriptor{};
  sphere.evaluate({1, 2, 3, 4, 5}, descriptor);
  EXPECT_EQ(descriptor[0], 3.0);   // x_0 + x_1
  EXPECT_EQ(descriptor[1], 12.0);  // x_2 + x_3 + x_4
  EXPECT_EQ(sphere.descriptor_lower(), (std::vector<double>{-2 * 5.12, -3 * 5.12}));
  EXPECT_EQ(sphere.descriptor_upper(), (std::vector<double>{2 * 5.12, 3 * 5.12}));
}

TEST(Sphere, DescriptorHalvesAreTheSumsOfEachHalf) {
  // Many coordinates (exercises the unrolled loop and its tail).
  const std::size_t n = 13;
  const Sphere sphere({.dim = n});
  std::vector<double> x(n);
  double first = 0.0;
  double second = 0.0;
  for (std::size_t i = 0; i < n; ++i) {
    x[i] = 0.25 * static_cast<double>(i) - 1.0;  // exactly representable, all within [-5.12, 5.12]
    (i < n / 2 ? first : second) += x[i];
  }
  std::array<double, 2> descriptor{};
  sphere.evaluate(x, descriptor);
  EXPECT_EQ(descriptor[0], first);
  EXPECT_EQ(descriptor[1], second);
}

TEST(Sphere, ShiftMovesTheOptimum) {
  const Sphere sphere({.dim = 7, .shift = -1.5});
  std::array<double, 2> descriptor{};
  EXPECT_EQ(sphere.evaluate(std::vector<double>(7, -1.5), descriptor), 100.0);
  EXPECT_EQ(sphere.evaluate(std::vector<double>(7, -5.12), descriptor), 0.0);
  EXPECT_LT(sphere.evaluate(std::vector<double>(7, 2.048), descriptor), 100.0);
}

TEST(Sphere, SameInputSameOutput) {
  const Sphere sphere;
  std::vector<double> x(100);
  for (std::size_t i = 0; i < x.size(); ++i) x[i] = std::sin(static_cast<double>(i)) * 7.0;
  std::array<double, 2> a{};
  std::array<double, 2> b{};
  const double fa = sphere.evaluate(x, a);
  const double fb = sphere.evaluate(x, b);
  EXPECT_EQ(fa, fb);
  EXPECT_EQ(a, b);
}

// Appends an evaluation's objective and descriptor to `bits`, as raw bits.
void AppendBits(std::vector<std::uint64_t>& bits, double objective, const std::array<double, 2>& descriptor) {
  for (double v : {objective, descriptor[0], descriptor[1]}) bits.push_back(std::bit_cast<std::uint64_t>(v));
}

// Expects `bits_of()` to give the same bits with every SIMD kernel as with the portable one.
template <class BitsOf>
void ExpectEveryKernelAgrees(BitsOf bits_of) {
  using detail::SimdKernel;
  const SimdKernel before = detail::set_simd_kernel(SimdKernel::portable);
  const auto expected = bits_of();
  for (SimdKernel kernel : {SimdKernel::sse2, SimdKernel::avx2}) {
    detail::set_simd_kernel(kernel);  // falls back to the best this CPU has
    SCOPED_TRACE("kernel " + std::to_string(static_cast<int>(detail::simd_kernel())));
    EXPECT_EQ(bits_of(), expected);
  }
  detail::set_simd_kernel(before);
}

// The objective and descriptor of `task` on many random points (dimensions 2 to 131, coordinates
// inside and beyond the clip bound, infinities and NaN among them), as raw bits.
template <class Task>
std::vector<std::uint64_t> EvaluationBits(double shift) {
  std::vector<std::uint64_t> bits;
  Rng rng(11);
  for (std::size_t dim = 2; dim <= 131; dim += 3) {
    const Task task({.dim = dim, .shift = shift});
    std::vector<double> x(dim);
    std::array<double, 2> descriptor{};
    for (int rep = 0; rep < 60; ++rep) {
      const double scale = rep % 3 == 0 ? 2.0 : rep % 3 == 1 ? 6.0 : 30.0;
      for (double& v : x) v = rng.normal() * scale;
      const double specials[] = {std::numeric_limits<double>::infinity(), -std::numeric_limits<double>::infinity(),
                                 std::numeric_limits<double>::quiet_NaN(), 5.12, -5.12, -0.0};
      if (rep % 4 == 1) x[static_cast<std::size_t>(rep) % dim] = specials[static_cast<std::size_t>(rep / 4) % 6];
      const double objective = task.evaluate(x, descriptor);
      AppendBits(bits, objective, descriptor);
    }
  }
  return bits;
}

TEST(Projection, EveryKernelGivesIdenticalResults) {
  ExpectEveryKernelAgrees([] { return EvaluationBits<Sphere>(0.0); });
  ExpectEveryKernelAgrees([] { return EvaluationBits<Sphere>(1.5); });
  ExpectEveryKernelAgrees([] { return EvaluationBits<Rastrigin>(0.0); });
}

TEST(Projection, DescriptorSumsInTheDocumentedOrder) {
  // Each half is summed in groups of four, lane k of every group into partial k, then
  // ((p0 + p2) + (p1 + p3)) + the tail: the order every kernel keeps. Over many random points some
  // sums round differently in any other order.
  auto clip = [](double v) { return std::abs(v) <= 5.12 ? v : 5.12 / v; };
  auto half = [&](const std::vector<double>& x, std::size_t begin, std::size_t end) {
    double p[4] = {0.0, 0.0, 0.0, 0.0};
    std::size_t i = begin;
    for (; i + 4 <= end; i += 4) {
      for (std::size_t k = 0; k < 4; ++k) p[k] += clip(x[i + k]);
    }
    double tail = 0.0;
    for (; i < end; ++i) tail += clip(x[i]);
    return ((p[0] + p[2]) + (p[1] + p[3])) + tail;
  };
  Rng rng(5);
  int differs_from_sequential = 0;
  for (std::size_t dim = 2; dim <= 131; dim += 3) {
    const Sphere sphere({.dim = dim});
    std::vector<double> x(dim);
    std::array<double, 2> descriptor{};
    for (int rep = 0; rep < 40; ++rep) {
      for (double& v : x) v = rng.normal() * (rep % 2 == 0 ? 3.0 : 12.0);
      sphere.evaluate(x, descriptor);
      ASSERT_EQ(descriptor[0], half(x, 0, dim / 2)) << "dim " << dim << ", point " << rep;
      ASSERT_EQ(descriptor[1], half(x, dim / 2, dim)) << "dim " << dim << ", point " << rep;
      double sequential = 0.0;
      for (std::size_t i = 0; i < dim / 2; ++i) sequential += clip(x[i]);
      differs_from_sequential += sequential != descriptor[0];
    }
  }
  EXPECT_GT(differs_from_sequential, 100) << "the points should tell the summation orders apart";
}

TEST(Sphere, InvalidOptionsThrow) {
  ExpectInvalid([] { Sphere({.dim = 0}); }, {"sphere", "dim", "got 0"});
  ExpectInvalid([] { Sphere({.dim = 1}); }, {"sphere", "dim", "got 1"});
  ExpectInvalid([] { Sphere({.dim = 10, .shift = std::nan("")}); }, {"sphere", "shift", "finite"});
  ExpectInvalid([] { Sphere({.dim = 10, .shift = INFINITY}); }, {"sphere", "shift"});
  ExpectInvalid([] { Sphere({.dim = 10, .shift = -5.12}); }, {"sphere", "shift", "W"});
  ExpectInvalid([] { Sphere({.dim = 10, .shift = 1e300}); }, {"sphere", "shift"});
}

TEST(Sphere, WrongSizesThrow) {
  const Sphere sphere({.dim = 10});
  std::array<double, 2> descriptor{};
  ExpectInvalid([&] { sphere.evaluate(std::vector<double>(9), descriptor); },
                {"sphere", "solution", "has 9", "expected 10"});
  ExpectInvalid([&] { sphere.evaluate(std::vector<double>(11), descriptor); }, {"has 11", "expected 10"});
  std::array<double, 3> three{};
  ExpectInvalid([&] { sphere.evaluate(std::vector<double>(10), three); },
                {"sphere", "descriptor", "has 3", "expected 2"});
}

// ---------------------------------------------------------------------------------------------------
// Rastrigin

TEST(Rastrigin, OptimumGives100AndWorstPointGives0) {
  const Rastrigin rastrigin;
  std::array<double, 2> descriptor{};
  EXPECT_EQ(rastrigin.evaluate(std::vector<double>(100, 2.048), descriptor), 100.0);
  EXPECT_NEAR(descriptor[0], 102.4, 1e-9);
  EXPECT_NEAR(descriptor[1], 102.4, 1e-9);
  EXPECT_EQ(rastrigin.evaluate(std::vector<double>(100, -5.12), descriptor), 0.0);
  EXPECT_NEAR(descriptor[0], -256.0, 1e-9);
}

TEST(Rastrigin, WorstValueMatchesTheFormula) {
  // W = 10 n + n [(-5.12 - s)^2 - 10 cos(2 pi (-5.12 - s))] with n = 100, s = 2.048.
  const Rastrigin rastrigin;
  const double z = -5.12 - 2.048;
  const double expected = 10.0 * 100 + 100 * (z * z - 10.0 * std::cos(2 * kPi * z));
  EXPECT_NEAR(rastrigin.worst_raw(), expected, 1e-9);
}

TEST(Rastrigin, IntegerOffsetsFromTheShiftCostOnlyTheSquare) {
  // cos(2 pi k) = 1, so each coordinate at s + k adds k^2 to r.
  const Rastrigin rastrigin({.dim = 4, .shift = 0.0});
  std::array<double, 2> descriptor{};
  const double w = rastrigin.worst_raw();
  EXPECT_NEAR(rastrigin.evaluate({1.0, -1.0, 2.0, 0.0}, descriptor), 100.0 * (w - 6.0) / w, 1e-9);
  EXPECT_EQ(descriptor[0], 0.0);
  EXPECT_EQ(descriptor[1], 2.0);
}

TEST(Rastrigin, HalfOffsetsAddTheFullBump) {
  // At z = 0.5: z^2 - 10 cos(pi) + 10 = 0.25 + 20 = 20.25 per coordinate.
  const Rastrigin rastrigin({.dim = 3, .shift = 1.0});
  std::array<double, 2> descriptor{};
  const double w = rastrigin.worst_raw();
  EXPECT_NEAR(rastrigin.evaluate({1.5, 1.5, 0.5}, descriptor), 100.0 * (w - 3 * 20.25) / w, 1e-9);
  EXPECT_EQ(descriptor[0], 1.5);
  EXPECT_EQ(descriptor[1], 2.0);
}

TEST(Rastrigin, LocalOptimaAreWorseThanTheGlobalOne) {
  const Rastrigin rastrigin({.dim = 10});
  std::array<double, 2> descriptor{};
  const double best = rastrigin.evaluate(std::vector<double>(10, 2.048), descriptor);
  const double local = rastrigin.evaluate(std::vector<double>(10, 3.048), descriptor);
  EXPECT_EQ(best, 100.0);
  EXPECT_LT(local, best);
}

TEST(Rastrigin, InvalidOptionsAndSizesThrow) {
  ExpectInvalid([] { Rastrigin({.dim = 0}); }, {"rastrigin", "dim", "got 0"});
  ExpectInvalid([] { Rastrigin({.dim = 4, .shift = -5.12}); }, {"rastrigin", "shift"});
  const Rastrigin rastrigin({.dim = 4});
  std::array<double, 2> descriptor{};
  ExpectInvalid([&] { rastrigin.evaluate(std::vector<double>(3), descriptor); },
                {"rastrigin", "has 3", "expected 4"});
}

// ---------------------------------------------------------------------------------------------------
// Arm

// Objective and end effector of arms of 1 to 140 joints (even ones of unequal lengths) on random
// angles, some beyond the sine polynomial's range (1e5), as raw bits.
std::vector<std::uint64_t> ArmBits() {
  std::vector<std::uint64_t> bits;
  Rng rng(3);
  for (std::size_t joints = 1; joints <= 140; joints += 3) {
    std::vector<double> lengths;
    if (joints % 2 == 0) {
      for (std::size_t i = 0; i < joints; ++i) lengths.push_back(0.1 + 2.0 * rng.uniform());
    }
    const Arm arm({.joints = joints, .link_lengths = lengths});
    std::vector<double> theta(joints);
    std::array<double, 2> descriptor{};
    for (int rep = 0; rep < 40; ++rep) {
      const double scale = rep % 4 == 0 ? 0.1 : rep % 4 == 1 ? 3.0 : rep % 4 == 2 ? 100.0 : 5000.0;
      for (double& v : theta) v = rng.normal() * scale;
      if (rep % 9 == 5) theta[static_cast<std::size_t>(rep) % joints] = rep % 2 == 0 ? 2e5 : -3e5;
      const double objective = arm.evaluate(theta, descriptor);
      AppendBits(bits, objective, descriptor);
    }
  }
  return bits;
}

TEST(Arm, EveryKernelGivesIdenticalResults) { ExpectEveryKernelAgrees(ArmBits); }

TEST(Arm, DefaultsMatchThePapers) {
  const Arm arm;
  EXPECT_EQ(arm.solution_dim(), 100u);
  EXPECT_EQ(arm.reach(), 100.0);
  EXPECT_EQ(arm.descriptor_lower(), (std::vector<double>{-100.0, -100.0}));
  EXPECT_EQ(arm.descriptor_upper(), (std::vector<double>{100.0, 100.0}));
  EXPECT_EQ(arm.link_lengths().size(), 100u);
  EXPECT_TRUE(arm.options().link_lengths.empty());
}

TEST(Arm, StraightArmReachesNAlongX) {
  const Arm arm;
  std::array<double, 2> descriptor{};
  EXPECT_EQ(arm.evaluate(std::vector<double>(100, 0.0), descriptor), 100.0);
  EXPECT_EQ(descriptor[0], 100.0);
  EXPECT_EQ(descriptor[1], 0.0);
}

TEST(Arm, FirstJointAtRightAnglePointsTheArmUp) {
  // theta = (pi/2, 0, 0, 0): every link points along +y; end effector (0, 4).
  // Var = (pi/2)^2 (n - 1) / n^2 = 3 pi^2 / 64.
  const Arm arm({.joints = 4});
  std::array<double, 2> descriptor{};
  const double objective = arm.evaluate({kPi / 2, 0.0, 0.0, 0.0}, descriptor);
  EXPECT_NEAR(descriptor[0], 0.0, 1e-12);
  EXPECT_NEAR(descriptor[1], 4.0, 1e-12);
  EXPECT_NEAR(objective, 100.0 * (1.0 - 3.0 * kPi * kPi / 64.0), 1e-12);
}

TEST(Arm, AnglesAccumulateAlongTheArm) {
  // theta = (0, pi/2, 0): cumulative angles 0, pi/2, pi/2 -> (1, 2).
  // theta = (0, pi/2, pi/2): 0, pi/2, pi -> (1 - 1, 1) = (0, 1).
  const Arm arm({.joints = 3});
  std::array<double, 2> descriptor{};
  arm.evaluate({0.0, kPi / 2, 0.0}, descriptor);
  EXPECT_NEAR(descriptor[0], 1.0, 1e-12);
  EXPECT_NEAR(descriptor[1], 2.0, 1e-12);
  arm.evaluate({0.0, kPi / 2, kPi / 2}, descriptor);
  EXPECT_NEAR(descriptor[0], 0.0, 1e-12);
  EXPECT_NEAR(descriptor[1], 1.0, 1e-12);
  // Folding back onto itself: 0, pi -> (0, 0) with two links.
  const Arm two({.joints = 2});
  two.evaluate({0.0, kPi}, descriptor);
  EXPECT_NEAR(descriptor[0], 0.0, 1e-12);
  EXPECT_NEAR(descriptor[1], 0.0, 1e-12);
}

TEST(Arm, ObjectiveUsesPopulationVariance) {
  // theta = (1, -1, 1, -1): mean 0, Var = 1 (divide by n, not n - 1) -> objective 0.
  const Arm arm({.joints = 4});
  std::array<double, 2> descriptor{};
  EXPECT_EQ(arm.evaluate({1.0, -1.0, 1.0, -1.0}, descriptor), 0.0);
  // theta = (0, 0, 0, 2): mean 0.5, Var = (3 * 0.25 + 2.25) / 4 = 0.75 -> 25.
  EXPECT_EQ(arm.evaluate({0.0, 0.0, 0.0, 2.0}, descriptor), 25.0);
  // Equal angles: Var = 0 whatever the angle.
  EXPECT_EQ(arm.evaluate({0.5, 0.5, 0.5, 0.5}, descriptor), 100.0);
  // Large spread: objective below zero (unbounded below).
  EXPECT_EQ(arm.evaluate({3.0, -3.0, 3.0, -3.0}, descriptor), -800.0);
}

TEST(Arm, EqualAnglesTraceARegularPolygon) {
  // Seven joints of 2 pi / 7 each: the links are the sides of a regular heptagon, so the end effector
  // comes back to the base.
  const std::size_t n = 7;
  const Arm arm({.joints = n});
  std::array<double, 2> descriptor{};
  EXPECT_EQ(arm.evaluate(std::vector<double>(n, 2 * kPi / n), descriptor), 100.0);
  EXPECT_NEAR(descriptor[0], 0.0, 1e-12);
  EXPECT_NEAR(descriptor[1], 0.0, 1e-12);
}

TEST(Arm, LinkLengthsScaleEachLink) {
  const Arm arm({.joints = 3, .link_lengths = {1.0, 2.0, 3.0}});
  EXPECT_EQ(arm.reach(), 6.0);
  EXPECT_EQ(arm.descriptor_lower(), (std::vector<double>{-6.0, -6.0}));
  EXPECT_EQ(arm.descriptor_upper(), (std::vector<double>{6.0, 6.0}));
  std::array<double, 2> descriptor{};
  arm.evaluate({0.0, 0.0, 0.0}, descriptor);
  EXPECT_EQ(descriptor[0], 6.0);
  EXPECT_EQ(descriptor[1], 0.0);
  // 0, pi/2, pi/2: (1, 2 + 3).
  arm.evaluate({0.0, kPi / 2, 0.0}, descriptor);
  EXPECT_NEAR(descriptor[0], 1.0, 1e-12);
  EXPECT_NEAR(descriptor[1], 5.0, 1e-12);
  EXPECT_EQ(arm.options().link_lengths, (std::vector<double>{1.0, 2.0, 3.0}));
}

TEST(Arm, OddJointCountsWork) {
  const Arm arm({.joints = 5});
  std::array<double, 2> descriptor{};
  EXPECT_EQ(arm.evaluate(std::vector<double>(5, 0.0), descriptor), 100.0);
  EXPECT_EQ(descriptor[0], 5.0);
  EXPECT_EQ(arm.descriptor_upper(), (std::vector<double>{5.0, 5.0}));
}

TEST(Arm, InvalidOptionsThrow) {
  ExpectInvalid([] { Arm({.joints = 0}); }, {"arm", "joints", "got 0"});
  ExpectInvalid([] { Arm({.joints = 3, .link_lengths = {1.0, 1.0}}); },
                {"arm", "link_lengths", "has 2", "3"});
  ExpectInvalid([] { Arm({.joints = 2, .link_lengths = {1.0, -1.0}}); },
                {"arm", "link_lengths[1]", "got -1"});
  ExpectInvalid([] { Arm({.joints = 2, .link_lengths = {0.0, 1.0}}); }, {"arm", "link_lengths[0]", "> 0"});
  ExpectInvalid([] { Arm({.joints = 1, .link_lengths = {std::nan("")}}); }, {"arm", "link_lengths[0]"});
  ExpectInvalid([] { Arm({.joints = 2, .link_lengths = {1e308, 1e308}}); }, {"arm", "link_lengths"});
}

TEST(Arm, WrongSizesThrow) {
  const Arm arm({.joints = 3});
  std::array<double, 2> descriptor{};
  ExpectInvalid([&] { arm.evaluate(std::vector<double>(4), descriptor); },
                {"arm", "solution", "has 4", "expected 3"});
  std::array<double, 1> one{};
  ExpectInvalid([&] { arm.evaluate(std::vector<double>(3), one); },
                {"arm", "descriptor", "has 1", "expected 2"});
}

}  // namespace
}  // namespace pond::tasks
