#pragma once
/// @file
/// Saving and loading NEAT genomes.
///
/// Two forms: a readable, versioned JSON document (for people, plots and other tools: one genome per
/// file, every node and connection spelled out) and a compact binary encoding used inside pond's
/// archives and checkpoints through `SolutionCodec<neat::Genome>`. Both readers check everything they
/// read and finish with `Genome::validate`, so a loaded genome is always one the rest of neat/ accepts.

#include <cstdint>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>

#include "pond/core/binary_io.hpp"
#include "pond/core/solution_codec.hpp"
#include "pond/neat/genome.hpp"

namespace pond::neat {

/// The value of the "format" field of a genome document.
inline constexpr const char* genome_format_name = "pond-neat-genome";

/// The version of the genome document this pond writes, and the newest it reads.
inline constexpr std::uint32_t genome_format_version = 1;

/// The genome as a JSON document:
///
///     {"format": "pond-neat-genome", "version": 1, "inputs": 3, "outputs": 1,
///      "nodes": [{"id": 0, "kind": "input", "activation": "identity"}, ...],
///      "connections": [{"innovation": 5, "from": 0, "to": 3, "weight": 0.25, "enabled": true}, ...]}
///
/// `nodes` lists every node (inputs and outputs too) in the genome's order, so the document alone
/// rebuilds the genome. Weights are written with enough digits to read back bit for bit. The genome
/// is not validated (this also serves to inspect a broken one); a non-finite weight becomes null and
/// the document then fails to load.
nlohmann::json genome_to_json(const Genome& genome);

/// Reads a document written by `genome_to_json`. Checks the format name, the version, the presence
/// and type of every field, the kind and activation names, rejects unknown fields (a misspelt field
/// is a mistake, not an extension) and then `Genome::validate`s the result. Throws pond::FormatError
/// whose message starts with `source` and names the field, e.g.
/// "genome.json: connections[3].weight: expected a number (got "0.5")".
Genome genome_from_json(const nlohmann::json& document, const std::string& source);

/// Writes `genome` to `path` as pretty-printed JSON (2-space indent, trailing newline), atomically
/// (see write_file_atomic): a crash never leaves a half-written genome. The genome is validated first
/// so that no file is written that `load_genome` would reject; throws pond::Error naming the path.
void save_genome(const Genome& genome, const std::filesystem::path& path);

/// Reads a genome saved by `save_genome`. Throws pond::Error naming the file when it cannot be read,
/// and pond::FormatError naming the file when it is not valid JSON or not a valid genome.
Genome load_genome(const std::filesystem::path& path);

/// Appends the compact binary encoding of `genome` (see SolutionCodec<neat::Genome>).
void write_genome(BinaryWriter& out, const Genome& genome);

/// Reads what `write_genome` wrote into `genome` (reusing its storage). Rejects bad kind, activation
/// and flag bytes, counts that the remaining bytes cannot hold (so a corrupt count never causes a
/// huge allocation) and genomes that fail `Genome::validate`, all through `BinaryReader::fail`, so
/// the message names the source and the byte offset. On failure `genome` holds unspecified contents.
void read_genome(BinaryReader& in, Genome& genome);

}  // namespace pond::neat

namespace pond {

/// NEAT genomes in archives and checkpoints.
///
/// Binary layout (little-endian, as BinaryWriter writes): u32 inputs, u32 outputs; u64 node count,
/// then per node u32 id, u8 kind, u8 activation; u64 connection count, then per connection
/// u64 innovation, u32 from, u32 to, f64 weight, u8 enabled. There is no per-genome version: the
/// codec name is written once per archive, so a future layout takes a new name instead.
/// JSON is the genome document of `neat::genome_to_json`.
template <>
struct SolutionCodec<neat::Genome> {
  /// The name written into files, checked when reading.
  static constexpr const char* name = "neat-genome";
  /// Appends the binary encoding of `g`.
  static void write(BinaryWriter& out, const neat::Genome& g) { neat::write_genome(out, g); }
  /// Reads a genome into `g`, validating it; errors go through `in.fail`.
  static void read(BinaryReader& in, neat::Genome& g) { neat::read_genome(in, g); }
  /// The genome document (see neat::genome_to_json).
  static nlohmann::json to_json(const neat::Genome& g) { return neat::genome_to_json(g); }
  /// Reads a genome document; `source` starts error messages (the one-argument form matches the
  /// other codecs).
  static neat::Genome from_json(const nlohmann::json& j, const std::string& source = "genome") {
    return neat::genome_from_json(j, source);
  }
};

}  // namespace pond
