#pragma once
/// @file
/// Genomes as the store keeps them (JSON text) and as pictures (PNG), with the size limits the
/// server puts on any genome it is sent.

#include <cstddef>
#include <nlohmann/json.hpp>
#include <string>

#include "pond/neat/genome.hpp"

namespace pond::serve {

/// Largest genome the server accepts or breeds: nodes.
inline constexpr std::size_t max_genome_nodes = 2000;
/// Largest genome the server accepts or breeds: connections.
inline constexpr std::size_t max_genome_connections = 20000;

/// The genome document as compact JSON text.
std::string genome_text(const neat::Genome& genome);

/// A genome stored by the server. Throws std::runtime_error naming `source` when it is damaged.
neat::Genome stored_genome(const std::string& text, const std::string& source);

/// A genome sent by a client: a genome document within the size limits with CPPN inputs and
/// outputs and no cycle. Throws ApiError 400 (or 413 when too large) naming what is wrong.
neat::Genome posted_genome(const nlohmann::json& document);

/// A square PNG of `genome` `size` pixels wide. Throws ApiError 400 when the genome cannot be painted.
std::string render_png(const neat::Genome& genome, int size);

}  // namespace pond::serve
