#include "pond/neat/cppn.hpp"

#include <cairo.h>
#include <gif_lib.h>
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <set>

#include "pond/core/error.hpp"
#include "pond/neat/network.hpp"
#include "png_image.hpp"
#include "pond/plot/plot.hpp"

using namespace pond;
using namespace pond::neat;

namespace {

// A CPPN bred for `generations` mutations from a random one: about as big as Picbreeder's after a
// few dozen generations.
Genome bred(const CppnOptions& options, std::uint64_t seed, int generations) {
  Rng rng(seed);
  Genome g = random_cppn(options, rng);
  InnovationRecord innovations = InnovationRecord::after(g);
  for (int i = 0; i < generations; ++i) {
    mutate_cppn(g, innovations, options, rng);
    innovations.new_generation();
  }
  return g;
}

// Ink = identity(x): a left-to-right ramp.
Genome ramp() {
  Genome g = Genome::empty(cppn_still_inputs, 1, Activation::identity);
  g.connections.push_back({0, 0, 4, 1.0, true});
  return g;
}

}  // namespace

TEST(Cppn, RendererAgreesWithTheReferenceNetworkOnBredGenomes) {
  for (std::uint64_t seed = 1; seed <= 12; ++seed) {
    const CppnOptions options{.colour = seed % 2 == 0, .animated = seed % 3 == 0, .strength = 1.5};
    const Genome g = bred(options, seed, 40);
    CppnRenderer renderer(g);
    ReferenceNetwork reference(g, ReferenceNetwork::Mode::feed_forward);
    Rng rng(seed + 100);
    std::vector<float> inputs;
    const std::size_t rows = 1500;  // more than one block of pixels
    for (std::size_t r = 0; r < rows * g.inputs; ++r) inputs.push_back(static_cast<float>(rng.uniform(-2.0, 2.0)));
    const auto got = renderer.outputs_for(inputs);
    std::vector<double> in(g.inputs), out(g.outputs);
    for (std::size_t r = 0; r < rows; ++r) {
      for (std::size_t j = 0; j < g.inputs; ++j) in[j] = inputs[r * g.inputs + j];
      reference.activate(in, out);
      for (std::size_t o = 0; o < g.outputs; ++o) {
        // Single precision and polynomial activations: close, not equal.
        ASSERT_NEAR(got[r * g.outputs + o], out[o], 1e-3 * std::max(1.0, std::fabs(out[o])))
            << "seed " << seed << ", row " << r << ", output " << o << ", " << g.hidden_nodes() << " hidden nodes";
      }
    }
  }
}

TEST(Cppn, PixelsMapCoordinatesAndInkAsDocumented) {
  CppnRenderer renderer(ramp());
  const Image image = renderer.render(8, 3);
  ASSERT_EQ(image.rgb.size(), 8u * 3 * 3);
  for (int col = 0; col < 8; ++col) {
    const double x = (2.0 * (col + 0.5)) / 8 - 1.0;
    const auto expected = static_cast<int>(std::lround((x + 1) / 2 * 255));
    for (int row = 0; row < 3; ++row) {
      const std::uint8_t* p = image.rgb.data() + 3 * (row * 8 + col);
      EXPECT_EQ(p[0], expected) << col;
      EXPECT_EQ(p[1], p[0]);
      EXPECT_EQ(p[2], p[0]);
    }
  }
  // y is +1 at the top: ink = identity(y) is bright on the first row.
  Genome g = Genome::empty(cppn_still_inputs, 1, Activation::identity);
  g.connections.push_back({0, 1, 4, 1.0, true});
  const Image vertical = CppnRenderer(g).render(2, 4);
  EXPECT_GT(vertical.rgb[0], vertical.rgb[3 * 2 * 3]);
}

TEST(Cppn, HsbToRgbGivesTheKnownColours) {
  std::uint8_t c[3];
  hsb_to_rgb(0.0f, 1.0f, 1.0f, c);
  EXPECT_EQ((std::vector<int>{c[0], c[1], c[2]}), (std::vector<int>{255, 0, 0}));
  hsb_to_rgb(1.0f / 3.0f, 1.0f, 1.0f, c);
  EXPECT_EQ((std::vector<int>{c[0], c[1], c[2]}), (std::vector<int>{0, 255, 0}));
  hsb_to_rgb(2.0f / 3.0f, 1.0f, 0.5f, c);
  EXPECT_EQ((std::vector<int>{c[0], c[1], c[2]}), (std::vector<int>{0, 0, 128}));
  hsb_to_rgb(0.3f, 0.0f, 0.5f, c);  // no saturation: grey
  EXPECT_EQ((std::vector<int>{c[0], c[1], c[2]}), (std::vector<int>{128, 128, 128}));
  hsb_to_rgb(1.0f, 1.0f, 1.0f, c);  // hue wraps
  EXPECT_EQ(c[0], 255);
}

TEST(Cppn, MutationKeepsGenomesValidFeedForwardAndWithinTheWeightLimit) {
  const CppnOptions options{.colour = true, .strength = 2.0};
  Rng rng(5);
  Genome g = random_cppn(options, rng);
  InnovationRecord innovations = InnovationRecord::after(g);
  std::set<Activation> seen;
  for (int i = 0; i < 300; ++i) {
    const Genome before = g;
    mutate_cppn(g, innovations, options, rng);
    EXPECT_NE(g, before) << "mutation " << i << " changed nothing";
    g.validate();
    for (const auto& c : g.connections) EXPECT_LE(std::fabs(c.weight), 3.0);
    for (const auto& n : g.nodes) {
      if (n.kind == NodeKind::hidden) seen.insert(n.activation);
    }
  }
  EXPECT_NO_THROW(CppnRenderer{g});  // still feed-forward
  EXPECT_GT(g.hidden_nodes(), 10u);
  EXPECT_EQ(seen.size(), activation_count);  // every activation function turns up
  EXPECT_THROW(mutate_cppn(g, innovations, CppnOptions{.strength = 0.0}, rng), Error);
}

TEST(Cppn, StrengthScalesTheChange) {
  auto mean_change = [](double strength) {
    const CppnOptions options{.strength = strength};
    double total = 0.0;
    for (std::uint64_t seed = 0; seed < 40; ++seed) {
      Rng rng(seed);
      Genome g = random_cppn(options, rng);
      const Genome before = g;
      InnovationRecord innovations = InnovationRecord::after(g);
      mutate_cppn(g, innovations, options, rng);
      for (std::size_t c = 0; c < before.connections.size(); ++c) total += std::fabs(g.connections[c].weight - before.connections[c].weight);
    }
    return total;
  };
  EXPECT_GT(mean_change(2.0), 2.0 * mean_change(0.5));
}

TEST(Cppn, AnimationsMoveWithTAndLoop) {
  Genome g = Genome::empty(cppn_animated_inputs, 1, Activation::identity);
  g.connections.push_back({0, 4, 5, 1.0, true});  // ink = t
  const auto frames = render_animation(g, 4, 4, 8);
  ASSERT_EQ(frames.size(), 8u);
  EXPECT_EQ(frames[0].rgb[0], 128);       // t = sin(0) = 0
  EXPECT_EQ(frames[2].rgb[0], 255);       // t = sin(pi / 2) = 1
  EXPECT_EQ(frames[6].rgb[0], 0);         // t = -1
  EXPECT_EQ(frames[1].rgb, frames[3].rgb);  // symmetric around the peak: the loop closes smoothly
  EXPECT_THROW(render_animation(g, 4, 4, 0), std::invalid_argument);
}

TEST(Cppn, BadGenomesAndSizesAreRejected) {
  EXPECT_THROW(CppnRenderer(Genome::empty(3, 1)), Error);
  EXPECT_THROW(CppnRenderer(Genome::empty(4, 2)), Error);
  Genome cycle = Genome::empty(cppn_still_inputs, 1);
  cycle.nodes.push_back({5, NodeKind::hidden, Activation::sine});
  cycle.nodes.push_back({6, NodeKind::hidden, Activation::sine});
  cycle.connections = {{0, 5, 6, 1.0, true}, {1, 6, 5, 1.0, true}, {2, 6, 4, 1.0, true}};
  EXPECT_THROW(CppnRenderer{cycle}, Error);
  CppnRenderer renderer(ramp());
  EXPECT_THROW(renderer.render(0, 10), std::invalid_argument);
  EXPECT_THROW(renderer.render(10, 20000), std::invalid_argument);
}

TEST(CppnImages, PngHoldsThePixels) {
  const Image image = CppnRenderer(bred({.colour = true}, 3, 20)).render(17, 9);
  const pond::testing::Image png(plot::rgb_png(image.width, image.height, image.rgb));
  EXPECT_EQ(png.width(), 17);
  EXPECT_EQ(png.height(), 9);
  for (int y = 0; y < 9; ++y) {
    for (int x = 0; x < 17; ++x) {
      const auto pixel = png.at(x, y);
      const std::uint8_t* p = image.rgb.data() + 3 * (y * 17 + x);
      EXPECT_EQ(pixel.r, p[0]);
      EXPECT_EQ(pixel.g, p[1]);
      EXPECT_EQ(pixel.b, p[2]);
    }
  }
  EXPECT_THROW(plot::rgb_png(17, 9, std::span<const std::uint8_t>(image.rgb).first(10)), std::invalid_argument);
}

TEST(CppnImages, AnimatedGifDecodesToTheFramesAndLoops) {
  const auto frames = render_animation(bred({.colour = true, .animated = true}, 4, 30), 24, 16, 5);
  std::vector<plot::RgbFrame> views;
  for (const auto& f : frames) views.push_back({f.width, f.height, f.rgb});
  const std::string gif = plot::rgb_gif(views, 10);
  ASSERT_EQ(gif.substr(0, 6), "GIF89a");
  struct Reader {
    const std::string* bytes;
    std::size_t pos;
  } reader{&gif, 0};
  auto read = [](GifFileType* file, GifByteType* data, int length) {
    auto* r = static_cast<Reader*>(file->UserData);
    const auto n = std::min<std::size_t>(static_cast<std::size_t>(length), r->bytes->size() - r->pos);
    std::memcpy(data, r->bytes->data() + r->pos, n);
    r->pos += n;
    return static_cast<int>(n);
  };
  int error = 0;
  GifFileType* file = DGifOpen(&reader, read, &error);
  ASSERT_NE(file, nullptr);
  ASSERT_EQ(DGifSlurp(file), GIF_OK);
  EXPECT_EQ(file->SWidth, 24);
  EXPECT_EQ(file->SHeight, 16);
  ASSERT_EQ(file->ImageCount, 5);
  bool loops = false;
  for (int i = 0; i < file->SavedImages[0].ExtensionBlockCount; ++i) {
    const auto& block = file->SavedImages[0].ExtensionBlocks[i];
    if (block.ByteCount == 11 && std::memcmp(block.Bytes, "NETSCAPE2.0", 11) == 0) loops = true;
  }
  EXPECT_TRUE(loops);
  // The quantized colours stay close to the rendered ones.
  const SavedImage& first = file->SavedImages[0];
  double error_sum = 0.0;
  for (int p = 0; p < 24 * 16; ++p) {
    const GifColorType c = first.ImageDesc.ColorMap->Colors[first.RasterBits[p]];
    error_sum += std::abs(c.Red - frames[0].rgb[3 * p]) + std::abs(c.Green - frames[0].rgb[3 * p + 1]) +
                 std::abs(c.Blue - frames[0].rgb[3 * p + 2]);
  }
  EXPECT_LT(error_sum / (24 * 16 * 3), 6.0);
  DGifCloseFile(file, &error);
  EXPECT_THROW(plot::rgb_gif({}, 10), std::invalid_argument);
}
