#include "pond/neat/cppn.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <numbers>
#include <stdexcept>
#include <string>

#include "pond/core/error.hpp"
#include "pond/neat/mutation.hpp"

namespace pond::neat {

void CppnOptions::validate() const {
  auto bad = [](const std::string& what) { throw Error("CPPN options: " + what); };
  if (!(strength > 0.0 && strength <= 4.0)) bad("strength must be in (0, 4], got " + std::to_string(strength));
  if (!(weight_limit > 0.0 && std::isfinite(weight_limit))) bad("weight_limit must be finite and > 0");
  if (!(weight_step > 0.0 && std::isfinite(weight_step))) bad("weight_step must be finite and > 0");
  for (const auto& [name, rate] : {std::pair{"weight_rate", weight_rate}, {"add_node_rate", add_node_rate},
                                   {"add_link_rate", add_link_rate}, {"activation_rate", activation_rate}}) {
    if (!(rate >= 0.0 && rate <= 1.0)) bad(std::string(name) + " must be in [0, 1]");
  }
}

namespace {

// The activations a CPPN node may take (all of them).
Activation random_activation(Rng& rng) { return static_cast<Activation>(rng.below(activation_count)); }

NeatOptions structural_options(const CppnOptions& o) {
  NeatOptions n;
  n.allow_recurrent = false;  // pictures are painted by feed-forward networks
  n.weight_init = o.weight_limit;
  return n;
}

}  // namespace

Genome random_cppn(const CppnOptions& options, Rng& rng) {
  options.validate();
  Genome g = fully_connected_genome(options.inputs(), options.outputs(), options.weight_limit, rng);
  for (auto& n : g.nodes) {
    if (n.kind == NodeKind::output) n.activation = random_activation(rng);
  }
  return g;
}

void mutate_cppn(Genome& genome, InnovationRecord& innovations, const CppnOptions& options, Rng& rng) {
  options.validate();
  const double s = options.strength;
  const double limit = options.weight_limit;
  bool changed = false;
  for (auto& c : genome.connections) {
    if (rng.bernoulli(std::min(1.0, options.weight_rate * s))) {
      c.weight = std::clamp(c.weight + rng.normal() * options.weight_step * s, -limit, limit);
      changed = true;
    }
  }
  if (rng.bernoulli(std::min(1.0, options.add_node_rate * s)) && mutate_add_node(genome, innovations, rng)) {
    // The new node is the one hidden node with the highest id so far: give it a random activation.
    auto newest = std::max_element(genome.nodes.begin(), genome.nodes.end(), [](const NodeGene& a, const NodeGene& b) {
      return (a.kind == NodeKind::hidden ? a.id : 0) < (b.kind == NodeKind::hidden ? b.id : 0);
    });
    newest->activation = random_activation(rng);
    changed = true;
  }
  if (rng.bernoulli(std::min(1.0, options.add_link_rate * s))) {
    changed = mutate_add_connection(genome, innovations, structural_options(options), rng) || changed;
  }
  for (auto& n : genome.nodes) {
    if (n.kind == NodeKind::hidden && rng.bernoulli(std::min(1.0, options.activation_rate * s))) {
      const Activation before = n.activation;
      while (n.activation == before) n.activation = random_activation(rng);
      changed = true;
    }
  }
  if (!changed && !genome.connections.empty()) {  // a child always differs from its parent
    auto& c = genome.connections[rng.below(genome.connections.size())];
    c.weight = std::clamp(c.weight + (rng.bernoulli(0.5) ? 1.0 : -1.0) * options.weight_step * s, -limit, limit);
    if (c.weight == limit || c.weight == -limit) c.weight *= 0.5;  // a clamped step might not have moved it
  }
}

namespace {

// Single-precision approximations with plain arithmetic only, so the loops over pixels vectorise.
// Errors are below 1e-6 absolute on the ranges pictures use; they are not meant for anything else.

// Selects written as plain ternaries on values (not std::clamp, which returns references), so the
// compiler turns them into vector min/max instead of branches.
inline float clamp_value(float x, float lo, float hi) {
  x = x < lo ? lo : x;
  return x > hi ? hi : x;
}

inline float fast_exp(float x) {
  x = clamp_value(x, -87.0f, 87.0f);
  const float y = x * 1.44269504088896341f;                   // x / ln 2
  const float n = (y + 12582912.0f) - 12582912.0f;            // round to nearest (|y| < 2^22)
  const float f = y - n;                                      // in [-0.5, 0.5]
  // 2^f, degree-6 Taylor polynomial of exp(f ln 2).
  float p = 1.5403530393381606e-4f;
  p = p * f + 1.3333558146428443e-3f;
  p = p * f + 9.6181291076284772e-3f;
  p = p * f + 5.5504108664821580e-2f;
  p = p * f + 2.4022650695910071e-1f;
  p = p * f + 6.9314718055994531e-1f;
  p = p * f + 1.0f;
  const std::int32_t bits = (static_cast<std::int32_t>(n) + 127) << 23;
  float scale;
  std::memcpy(&scale, &bits, sizeof scale);
  return p * scale;
}

inline float fast_sin(float x) {
  // Reduce to [-pi, pi], then reflect into [-pi/2, pi/2].
  constexpr float two_pi = 6.28318530717958648f, inv_two_pi = 0.159154943091895336f;
  constexpr float pi = 3.14159265358979324f, half_pi = 1.57079632679489662f;
  x = clamp_value(x, -1.0e5f, 1.0e5f);
  const float k = (x * inv_two_pi + 12582912.0f) - 12582912.0f;
  float r = x - k * two_pi;
  r = r > half_pi ? pi - r : r;
  r = r < -half_pi ? -pi - r : r;
  const float r2 = r * r;
  // Taylor series to degree 11: |error| < 6e-7 on [-pi/2, pi/2].
  float p = -2.5052108385441720e-8f;
  p = p * r2 + 2.7557319223985888e-6f;
  p = p * r2 - 1.9841269841269841e-4f;
  p = p * r2 + 8.3333333333333333e-3f;
  p = p * r2 - 1.6666666666666667e-1f;
  return r + r * r2 * p;
}

// One activation over a row of values, in place (the switch is outside the loop).
void activate_row(Activation a, float* v, std::size_t n) {
  switch (a) {
    case Activation::sigmoid:
      for (std::size_t i = 0; i < n; ++i) v[i] = 1.0f / (1.0f + fast_exp(-4.924273f * v[i]));
      break;
    case Activation::tanh:
      for (std::size_t i = 0; i < n; ++i) v[i] = 1.0f - 2.0f / (1.0f + fast_exp(2.0f * v[i]));
      break;
    case Activation::sine:
      for (std::size_t i = 0; i < n; ++i) v[i] = fast_sin(v[i]);
      break;
    case Activation::cosine:
      for (std::size_t i = 0; i < n; ++i) v[i] = fast_sin(v[i] + 1.57079632679489662f);
      break;
    case Activation::gaussian:
      for (std::size_t i = 0; i < n; ++i) v[i] = fast_exp(-2.5f * v[i] * v[i]);
      break;
    case Activation::abs:
      for (std::size_t i = 0; i < n; ++i) v[i] = std::fabs(v[i]);
      break;
    case Activation::identity:
      break;
  }
}

constexpr std::size_t block_pixels = 256;

inline float to_unit(float v) { return 0.5f * (clamp_value(v, -1.0f, 1.0f) + 1.0f); }

}  // namespace

namespace {
// [0, 1] to 0..255, rounding half up: the same as lround there, without a library call per channel.
std::uint8_t to_byte(float unit) noexcept { return static_cast<std::uint8_t>(std::clamp(unit, 0.0f, 1.0f) * 255.0f + 0.5f); }
}  // namespace

void hsb_to_rgb(float hue, float saturation, float brightness, std::uint8_t* rgb) noexcept {
  hue = hue - std::floor(hue);
  const float h = hue * 6.0f;
  const int sector = std::min(static_cast<int>(h), 5);
  const float f = h - static_cast<float>(sector);
  const float v = brightness, p = v * (1 - saturation), q = v * (1 - saturation * f), t = v * (1 - saturation * (1 - f));
  float r = v, g = t, b = p;
  switch (sector) {
    case 1: r = q, g = v, b = p; break;
    case 2: r = p, g = v, b = t; break;
    case 3: r = p, g = q, b = v; break;
    case 4: r = t, g = p, b = v; break;
    case 5: r = v, g = p, b = q; break;
    default: break;
  }
  rgb[0] = to_byte(r);
  rgb[1] = to_byte(g);
  rgb[2] = to_byte(b);
}

CppnRenderer::CppnRenderer(const Genome& genome) : inputs_(genome.inputs), outputs_(genome.outputs) {
  genome.validate();
  if (inputs_ != cppn_still_inputs && inputs_ != cppn_animated_inputs) {
    throw Error("CPPN: a picture genome has 4 inputs (x, y, d, bias) or 5 (and t), this one has " + std::to_string(inputs_));
  }
  if (outputs_ != 1 && outputs_ != 3) {
    throw Error("CPPN: a picture genome has 1 output (ink) or 3 (hue, saturation, brightness), this one has " +
                std::to_string(outputs_));
  }
  // Which nodes the outputs depend on, and an order with sources first (Kahn's algorithm, from the
  // outputs backwards); a node met again while on the current path closes a cycle.
  const std::size_t n = genome.nodes.size();
  std::vector<std::vector<std::size_t>> incoming(n);  // connection indices into each node
  for (std::size_t c = 0; c < genome.connections.size(); ++c) {
    const auto& gene = genome.connections[c];
    if (gene.enabled) incoming[*genome.node_index(gene.to)].push_back(c);
  }
  std::vector<int> state(n, 0);  // 0 unseen, 1 on the path, 2 done
  std::vector<std::size_t> order;
  std::vector<std::pair<std::size_t, std::size_t>> stack;  // (node, next incoming to visit)
  for (std::size_t o = inputs_; o < inputs_ + outputs_; ++o) {
    if (state[o] != 0) continue;
    stack.push_back({o, 0});
    state[o] = 1;
    while (!stack.empty()) {
      auto& [node, next] = stack.back();
      if (next < incoming[node].size()) {
        const std::size_t src = *genome.node_index(genome.connections[incoming[node][next++]].from);
        if (state[src] == 1) throw Error("CPPN: the enabled connections make a cycle through node " + std::to_string(genome.nodes[src].id));
        if (state[src] == 0 && genome.nodes[src].kind != NodeKind::input) {
          state[src] = 1;
          stack.push_back({src, 0});
        }
      } else {
        state[node] = 2;
        order.push_back(node);
        stack.pop_back();
      }
    }
  }
  // Slots: inputs first (0..inputs-1), then the computed nodes in order.
  std::vector<std::uint32_t> slot_of(n, 0);
  for (std::size_t i = 0; i < inputs_; ++i) slot_of[i] = static_cast<std::uint32_t>(i);
  for (std::size_t k = 0; k < order.size(); ++k) slot_of[order[k]] = static_cast<std::uint32_t>(inputs_ + k);
  slots_ = inputs_ + order.size();
  first_in_.push_back(0);
  for (std::size_t node : order) {
    order_.push_back(slot_of[node]);
    activation_.push_back(genome.nodes[node].activation);
    for (std::size_t c : incoming[node]) {
      sources_.push_back(slot_of[*genome.node_index(genome.connections[c].from)]);
      weights_.push_back(static_cast<float>(genome.connections[c].weight));
    }
    first_in_.push_back(static_cast<std::uint32_t>(sources_.size()));
  }
  for (std::size_t o = inputs_; o < inputs_ + outputs_; ++o) output_slot_.push_back(slot_of[o]);
  values_.assign(slots_ * block_pixels, 0.0f);
}

void CppnRenderer::run_block(std::size_t count) {
  float* v = values_.data();
  for (std::size_t k = 0; k < order_.size(); ++k) {
    float* out = v + order_[k] * block_pixels;
    std::fill_n(out, count, 0.0f);
    for (std::uint32_t c = first_in_[k]; c < first_in_[k + 1]; ++c) {
      const float w = weights_[c];
      const float* src = v + sources_[c] * block_pixels;
      for (std::size_t i = 0; i < count; ++i) out[i] += w * src[i];
    }
    activate_row(activation_[k], out, count);
  }
}

std::vector<float> CppnRenderer::outputs_for(std::span<const float> inputs) {
  if (inputs.size() % inputs_ != 0) throw std::invalid_argument("CppnRenderer::outputs_for: inputs are not whole rows");
  const std::size_t rows = inputs.size() / inputs_;
  std::vector<float> out(rows * outputs_);
  for (std::size_t begin = 0; begin < rows; begin += block_pixels) {
    const std::size_t count = std::min(block_pixels, rows - begin);
    for (std::size_t i = 0; i < count; ++i) {
      for (std::size_t j = 0; j < inputs_; ++j) values_[j * block_pixels + i] = inputs[(begin + i) * inputs_ + j];
    }
    run_block(count);
    for (std::size_t i = 0; i < count; ++i) {
      for (std::size_t o = 0; o < outputs_; ++o) out[(begin + i) * outputs_ + o] = values_[output_slot_[o] * block_pixels + i];
    }
  }
  return out;
}

Image CppnRenderer::render(int width, int height, double t) {
  if (width < 1 || height < 1 || width > 16384 || height > 16384) {
    throw std::invalid_argument("CPPN render: size " + std::to_string(width) + " x " + std::to_string(height) +
                                " is outside 1..16384");
  }
  Image image{width, height, std::vector<std::uint8_t>(static_cast<std::size_t>(width) * static_cast<std::size_t>(height) * 3)};
  const std::size_t total = static_cast<std::size_t>(width) * static_cast<std::size_t>(height);
  float* v = values_.data();
  for (std::size_t begin = 0; begin < total; begin += block_pixels) {
    const std::size_t count = std::min(block_pixels, total - begin);
    for (std::size_t i = 0; i < count; ++i) {
      const std::size_t p = begin + i;
      const float x = (2.0f * (static_cast<float>(p % static_cast<std::size_t>(width)) + 0.5f)) / static_cast<float>(width) - 1.0f;
      const float y = 1.0f - (2.0f * (static_cast<float>(p / static_cast<std::size_t>(width)) + 0.5f)) / static_cast<float>(height);
      v[i] = x;
      v[block_pixels + i] = y;
      v[2 * block_pixels + i] = std::sqrt(x * x + y * y);
      v[3 * block_pixels + i] = 1.0f;
      if (inputs_ == cppn_animated_inputs) v[4 * block_pixels + i] = static_cast<float>(t);
    }
    run_block(count);
    std::uint8_t* rgb = image.rgb.data() + begin * 3;
    if (outputs_ == 1) {
      const float* ink = v + output_slot_[0] * block_pixels;
      for (std::size_t i = 0; i < count; ++i) {
        const auto grey = to_byte(to_unit(ink[i]));
        rgb[3 * i] = rgb[3 * i + 1] = rgb[3 * i + 2] = grey;
      }
    } else {
      const float* h = v + output_slot_[0] * block_pixels;
      const float* s = v + output_slot_[1] * block_pixels;
      const float* b = v + output_slot_[2] * block_pixels;
      for (std::size_t i = 0; i < count; ++i) hsb_to_rgb(to_unit(h[i]), to_unit(s[i]), to_unit(b[i]), rgb + 3 * i);
    }
  }
  return image;
}

std::vector<Image> render_animation(const Genome& genome, int width, int height, int frames) {
  if (frames < 1) throw std::invalid_argument("CPPN animation: needs at least one frame");
  CppnRenderer renderer(genome);
  std::vector<Image> images;
  for (int k = 0; k < frames; ++k) {
    images.push_back(renderer.render(width, height, std::sin(2.0 * std::numbers::pi * k / frames)));
  }
  return images;
}

}  // namespace pond::neat
