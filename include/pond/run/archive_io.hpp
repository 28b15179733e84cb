#pragma once
/// @file
/// Archives as files: pond's binary archive format (magic "PNDA", versioned, checksummed) carries the
/// archive's config and its solution type, so reading one needs nothing else but the solution type S.

#include <memory>
#include <string>
#include <string_view>

#include "pond/core/archive.hpp"
#include "pond/neat/genome.hpp"

namespace pond {

/// Makes an empty archive from the JSON its `config()` wrote ("kind": grid, cvt or novelty).
/// Throws pond::FormatError naming `source` when the JSON is not a valid archive config.
template <class S>
std::unique_ptr<Archive<S>> make_archive(const nlohmann::json& config, const std::string& source);

/// Serialises an archive to pond's binary archive format.
template <class S>
std::string write_archive_bytes(const Archive<S>& archive);

/// Reads an archive written by `write_archive_bytes`. Throws FormatError naming `source` on bad data,
/// including an archive of another solution type.
template <class S>
std::unique_ptr<Archive<S>> read_archive_bytes(std::string_view bytes, const std::string& source);

/// The solution type an archive file holds: SolutionCodec<S>::name of its S ("vector" or
/// "neat-genome"), so a reader can pick the S to read it with. Throws FormatError naming `source`.
std::string archive_solution_type(std::string_view bytes, const std::string& source);

extern template std::unique_ptr<Archive<Vector>> make_archive<Vector>(const nlohmann::json&, const std::string&);
extern template std::unique_ptr<Archive<neat::Genome>> make_archive<neat::Genome>(const nlohmann::json&, const std::string&);
extern template std::string write_archive_bytes<Vector>(const Archive<Vector>&);
extern template std::string write_archive_bytes<neat::Genome>(const Archive<neat::Genome>&);
extern template std::unique_ptr<Archive<Vector>> read_archive_bytes<Vector>(std::string_view, const std::string&);
extern template std::unique_ptr<Archive<neat::Genome>> read_archive_bytes<neat::Genome>(std::string_view, const std::string&);

}  // namespace pond
