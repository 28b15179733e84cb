#pragma once
/// @file
/// Whole-file reads and atomic writes. pond never leaves a half-written file: it writes a temporary
/// file beside the target, flushes it to disk, then renames it over the target.

#include <filesystem>
#include <string>
#include <string_view>

namespace pond {

/// Writes `bytes` to `path` atomically (temporary file, fsync, rename, fsync of the folder).
/// Throws pond::Error naming the path and the system error on failure; the old file is kept then.
void write_file_atomic(const std::filesystem::path& path, std::string_view bytes);

/// Reads a whole file. Throws pond::Error naming the path when it cannot be read.
std::string read_file(const std::filesystem::path& path);

/// Appends `bytes` to `path` and flushes them to disk (for logs such as metrics.csv).
void append_file_synced(const std::filesystem::path& path, std::string_view bytes);

}  // namespace pond
