// Genomes as JSON text and as PNG pictures, with the server's limits.

#include "serve/genome_text.hpp"

#include <fmt/format.h>

#include <cmath>
#include <stdexcept>

#include "pond/core/error.hpp"
#include "pond/neat/cppn.hpp"
#include "pond/neat/genome_io.hpp"
#include "pond/plot/plot.hpp"
#include "serve/api_support.hpp"

namespace pond::serve {

std::string genome_text(const neat::Genome& genome) { return neat::genome_to_json(genome).dump(); }

neat::Genome stored_genome(const std::string& text, const std::string& source) {
  const auto document = nlohmann::json::parse(text, nullptr, false);
  if (document.is_discarded()) throw std::runtime_error(source + ": stored genome is not JSON");
  return neat::genome_from_json(document, source);
}

neat::Genome posted_genome(const nlohmann::json& document) {
  if (!document.is_object()) throw ApiError(400, "genome: expected a genome document (an object)");
  // Counted before parsing, so an oversize genome costs nothing more.
  const auto count = [&](const char* name) {
    const auto it = document.find(name);
    return it != document.end() && it->is_array() ? it->size() : 0;
  };
  if (count("nodes") > max_genome_nodes || count("connections") > max_genome_connections) {
    throw ApiError(413, fmt::format("genome: at most {} nodes and {} connections", max_genome_nodes,
                                    max_genome_connections));
  }
  neat::Genome genome;
  try {
    genome = neat::genome_from_json(document, "genome");  // its messages start with "genome: "
  } catch (const Error& error) {
    throw ApiError(400, error.what());
  }
  try {
    neat::CppnRenderer check(genome);  // CPPN inputs and outputs, no cycle
  } catch (const Error& error) {
    throw ApiError(400, std::string("genome: ") + error.what());
  }
  return genome;
}

namespace {
// Refuses a picture whose work (see max_render_work) is too much, naming the largest size that fits.
void check_work(const neat::Genome& genome, int size, int frames) {
  const double genes = static_cast<double>(genome.nodes.size() + genome.connections.size());
  const double work = genes * size * size * frames;
  if (work > max_render_work) {
    const int most = static_cast<int>(std::sqrt(max_render_work / (genes * frames)));
    throw ApiError(400, fmt::format("size: at most {} for this genome ({} nodes and connections{})", most,
                                    genome.nodes.size() + genome.connections.size(),
                                    frames > 1 ? fmt::format(", {} frames", frames) : ""));
  }
}
}  // namespace

std::string render_png(const neat::Genome& genome, int size) {
  check_work(genome, size, 1);
  try {
    neat::CppnRenderer renderer(genome);
    const auto image = renderer.render(size, size);
    return plot::rgb_png(image.width, image.height, image.rgb);
  } catch (const Error& error) {
    throw ApiError(400, std::string("genome: ") + error.what());
  }
}

std::string render_gif(const neat::Genome& genome, int size) {
  if (genome.inputs != neat::cppn_animated_inputs) throw ApiError(400, "genome: not an animation (it has no t input)");
  check_work(genome, size, animation_frames);
  try {
    const auto images = neat::render_animation(genome, size, size, animation_frames);
    std::vector<plot::RgbFrame> frames;
    for (const auto& image : images) frames.push_back({image.width, image.height, image.rgb});
    return plot::rgb_gif(frames);
  } catch (const Error& error) {
    throw ApiError(400, std::string("genome: ") + error.what());
  }
}

}  // namespace pond::serve
