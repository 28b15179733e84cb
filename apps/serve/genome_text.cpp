// Genomes as JSON text and as PNG pictures, with the server's limits.

#include "serve/genome_text.hpp"

#include <fmt/format.h>

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

std::string render_png(const neat::Genome& genome, int size) {
  try {
    neat::CppnRenderer renderer(genome);
    const auto image = renderer.render(size, size);
    return plot::rgb_png(image.width, image.height, image.rgb);
  } catch (const Error& error) {
    throw ApiError(400, std::string("genome: ") + error.what());
  }
}

}  // namespace pond::serve
