#pragma once
/// @file
/// Genomes as the store keeps them (JSON text) and as pictures (PNG), with the size limits the
/// server puts on any genome it is sent.

#include <cstddef>
#include <nlohmann/json.hpp>
#include <string>

#include "pond/neat/genome.hpp"

namespace pond::serve {

/// Largest genome the server accepts or breeds: nodes (Picbreeder's famous pictures have a few dozen).
inline constexpr std::size_t max_genome_nodes = 300;
/// Largest genome the server accepts or breeds: connections.
inline constexpr std::size_t max_genome_connections = 1500;
/// The most work one picture may cost: pixels (all frames) × (nodes + connections), about half a
/// second of one core. A 1024-pixel still of a genome of ~380 genes, or a 256-pixel animation of
/// ~250 genes, fits.
inline constexpr double max_render_work = 4.0e8;

/// The genome document as compact JSON text.
std::string genome_text(const neat::Genome& genome);

/// A genome stored by the server. Throws std::runtime_error naming `source` when it is damaged.
neat::Genome stored_genome(const std::string& text, const std::string& source);

/// A genome sent by a client: a genome document within the size limits with CPPN inputs and
/// outputs and no cycle. Throws ApiError 400 (or 413 when too large) naming what is wrong.
neat::Genome posted_genome(const nlohmann::json& document);

/// A square PNG of `genome` `size` pixels wide (an animated genome at t = 0). Throws ApiError 400 when
/// the genome cannot be painted or the picture would cost more than max_render_work.
std::string render_png(const neat::Genome& genome, int size);

/// Frames of the looping GIF of an animated genome.
inline constexpr int animation_frames = 24;

/// A square looping GIF of an animated genome (`animation_frames` frames), `size` pixels wide.
/// Throws ApiError 400 when the genome has no t input or cannot be painted.
std::string render_gif(const neat::Genome& genome, int size);

}  // namespace pond::serve
