#pragma once
/// @file
/// CPPN pictures (Stanley 2007; Picbreeder, Secretan et al. 2011): a NEAT genome whose nodes mix
/// activation functions paints every pixel from its coordinates. Inputs are x and y (−1 at the left
/// and bottom edges, 1 at the right and top), d (the distance from the centre, √(x² + y²)) and a bias
/// of 1, plus t for animations; outputs are one ink value (greyscale) or hue, saturation and
/// brightness (colour). Each output is clamped to [−1, 1] and mapped linearly onto [0, 1].
///
/// `CppnRenderer` evaluates the network across many pixels at once: node by node over blocks of
/// pixels, in single precision with pond's own polynomial sine, exponential and tanh, so the loops
/// vectorise and no call is made per pixel.

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "pond/core/rng.hpp"
#include "pond/neat/genome.hpp"
#include "pond/neat/innovation.hpp"

namespace pond::neat {

/// The inputs of a CPPN: x, y, d, bias, and t for animations.
inline constexpr std::uint32_t cppn_still_inputs = 4;
/// Inputs of an animated CPPN (t last).
inline constexpr std::uint32_t cppn_animated_inputs = 5;

/// How CPPN pictures are bred (Picbreeder's mutations, with a user-set strength).
struct CppnOptions {
  bool colour = true;            ///< three outputs (hue, saturation, brightness) or one (ink)
  bool animated = false;         ///< a fifth input t
  double strength = 1.0;         ///< mutation strength in (0, 4]: scales weight steps and structural rates
  double weight_limit = 3.0;     ///< weights stay within ±weight_limit
  double weight_step = 0.5;      ///< standard deviation of a weight perturbation at strength 1
  double weight_rate = 0.5;      ///< chance each weight is perturbed, at strength 1
  double add_node_rate = 0.15;   ///< chance of splitting a connection, at strength 1
  double add_link_rate = 0.25;   ///< chance of a new connection, at strength 1
  double activation_rate = 0.1;  ///< chance of each hidden node changing its activation, at strength 1
  /// Throws pond::Error naming the field when an option is out of range.
  void validate() const;
  /// The genome's input count for these options.
  std::uint32_t inputs() const noexcept { return animated ? cppn_animated_inputs : cppn_still_inputs; }
  /// The genome's output count for these options.
  std::uint32_t outputs() const noexcept { return colour ? 3u : 1u; }
};

/// A fresh CPPN: every input linked to every output with weights uniform in ±weight_limit, outputs with
/// random activations (so even the first pictures differ).
Genome random_cppn(const CppnOptions& options, Rng& rng);

/// One Picbreeder mutation of `genome`: weights perturbed (clamped to ±weight_limit), and with rates
/// scaled by the strength, a new node (with a random activation) splitting a connection, a new
/// feed-forward connection, hidden nodes changing activation. At least one change is always made.
void mutate_cppn(Genome& genome, InnovationRecord& innovations, const CppnOptions& options, Rng& rng);

/// An 8-bit RGB picture, rows from the top.
struct Image {
  int width = 0;                  ///< pixels across
  int height = 0;                 ///< pixels down
  std::vector<std::uint8_t> rgb;  ///< 3 bytes per pixel, row-major from the top-left
};

/// A CPPN compiled for rendering (see the file comment). Reusable; not thread-safe (it owns its
/// scratch buffers): use one per thread.
class CppnRenderer {
 public:
  /// Compiles `genome`. Throws pond::Error when its enabled connections have a cycle, or when it has
  /// neither 4 nor 5 inputs, or neither 1 nor 3 outputs.
  explicit CppnRenderer(const Genome& genome);
  /// Renders a `width` × `height` picture at time `t` (ignored by a still CPPN). Throws
  /// std::invalid_argument for sizes outside 1..16384.
  Image render(int width, int height, double t = 0.0);
  /// The raw outputs of the network for explicit input rows (each `inputs()` numbers): the values
  /// before the colour mapping, for tests and other uses.
  std::vector<float> outputs_for(std::span<const float> inputs);
  /// Number of inputs (4 or 5).
  std::uint32_t inputs() const noexcept { return inputs_; }
  /// Number of outputs (1 or 3).
  std::uint32_t outputs() const noexcept { return outputs_; }

 private:
  void run_block(std::size_t count);
  std::uint32_t inputs_ = 0, outputs_ = 0;
  std::size_t slots_ = 0;                 // value rows: inputs, then every computed node
  std::vector<std::uint32_t> order_;      // computed nodes' slots, sources first
  std::vector<Activation> activation_;    // per entry of order_
  std::vector<std::uint32_t> first_in_;   // per entry of order_, + 1: range into sources_/weights_
  std::vector<std::uint32_t> sources_;    // source slot per incoming connection
  std::vector<float> weights_;            // weight per incoming connection
  std::vector<std::uint32_t> output_slot_;  // slot of each output
  std::vector<float> values_;             // slots_ × block pixels
};

/// Renders `frames` pictures of an animated CPPN, t = sin(2π k / frames) for frame k, so the loop
/// closes seamlessly. Throws as CppnRenderer does, or std::invalid_argument for no frames.
std::vector<Image> render_animation(const Genome& genome, int width, int height, int frames);

/// HSB (each in [0, 1]; hue wraps) to 8-bit RGB.
void hsb_to_rgb(float hue, float saturation, float brightness, std::uint8_t* rgb) noexcept;

}  // namespace pond::neat
