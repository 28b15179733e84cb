#pragma once
// Small tasks shared by the tests of the scheduler and what is built on it.

#include <cmath>
#include <span>

#include "pond/core/types.hpp"

namespace pond::testing {

// A small test task: objective = -|x|^2, descriptor = first two coordinates squashed into [0, 1].
struct Bowl {
  using Solution = Vector;
  static constexpr std::size_t descriptor_dim() { return 2; }
  double evaluate(const Vector& x, std::span<double> d) const {
    double s = 0;
    for (double v : x) s += v * v;
    d[0] = 0.5 + 0.5 * std::tanh(x[0]);
    d[1] = 0.5 + 0.5 * std::tanh(x[1]);
    return -s;
  }
};

}  // namespace pond::testing
