// Your own task: any type with a Solution, descriptor_dim() and a const evaluate() is a pond task.
// Here: find 2-D points on a ring, described by their angle and radius, scored by closeness to the ring.

#include <cmath>
#include <cstring>
#include <iostream>
#include <numbers>

#include "pond/core/grid_archive.hpp"
#include "pond/core/scheduler.hpp"
#include "pond/core/vector_emitters.hpp"

struct Ring {
  using Solution = pond::Vector;
  static constexpr std::size_t descriptor_dim() { return 2; }
  // Objective: higher is better. Descriptor: (angle in [-pi, pi], radius).
  double evaluate(const pond::Vector& p, std::span<double> descriptor) const {
    const double radius = std::hypot(p[0], p[1]);
    descriptor[0] = std::atan2(p[1], p[0]);
    descriptor[1] = radius;
    return -std::abs(radius - 1.0);
  }
};
static_assert(pond::Task<Ring>);

int main(int argc, char** argv) {
  const bool small = argc > 1 && std::strcmp(argv[1], "--small") == 0;
  pond::GridArchive<pond::Vector> archive(
      {.dims = {36, 10}, .lower = {-std::numbers::pi, 0.0}, .upper = {std::numbers::pi, 2.0}, .qd_offset = -2.0});
  pond::Scheduler<pond::Vector> scheduler(
      archive, pond::GaussianEmitter::many(4, {.x0 = {0.0, 0.0}, .sigma = 0.1, .batch = 25}), /*seed=*/7);
  pond::SerialEvaluator evaluator;
  const auto summary = scheduler.run(Ring{}, evaluator, {.evaluations = small ? 20'000u : 200'000u});
  std::cout << "cells filled: " << summary.metrics.elites << " of " << summary.metrics.cells
            << ", best objective " << summary.best_objective << '\n';
  return summary.metrics.coverage > 0.5 ? 0 : 1;
}
