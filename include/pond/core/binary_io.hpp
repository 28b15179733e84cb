#pragma once
/// @file
/// A compact, versioned, little-endian binary encoding for archives and checkpoints.
///
/// `BinaryWriter` appends to a byte string; `BinaryReader` reads it back and throws `FormatError`
/// naming the source and the byte offset when data is truncated or malformed. A file starts with
/// a 4-byte magic and a version (see `write_header` / `read_header`) and ends with a checksum.

#include <cstdint>
#include <cstring>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "pond/core/error.hpp"

namespace pond {

/// Appends values to a growing byte string.
class BinaryWriter {
 public:
  /// Appends the bytes of a trivially copyable value.
  template <class T>
    requires std::is_trivially_copyable_v<T>
  void write(const T& value) {
    const auto* p = reinterpret_cast<const char*>(&value);
    bytes_.append(p, sizeof(T));
  }
  /// Appends a length (u64) and the elements of a span of trivially copyable values.
  template <class T>
    requires std::is_trivially_copyable_v<T>
  void write_span(std::span<const T> values) {
    write<std::uint64_t>(values.size());
    bytes_.append(reinterpret_cast<const char*>(values.data()), values.size_bytes());
  }
  /// Appends a length (u64) and the characters of a string.
  void write_string(std::string_view s) {
    write<std::uint64_t>(s.size());
    bytes_.append(s.data(), s.size());
  }
  /// Appends `magic` (4 characters) and a format version.
  void write_header(std::string_view magic, std::uint32_t version);
  /// Appends a checksum of everything written so far; `BinaryReader::verify_checksum` checks it.
  void write_checksum();
  /// The bytes written so far.
  const std::string& bytes() const noexcept { return bytes_; }
  /// Moves the bytes out.
  std::string take() noexcept { return std::move(bytes_); }

 private:
  std::string bytes_;
};

/// Reads values written by `BinaryWriter`, checking every length against the remaining bytes.
class BinaryReader {
 public:
  /// Reads from `bytes`; `source` (a file name) is used in error messages. The bytes must outlive the reader.
  BinaryReader(std::string_view bytes, std::string source);

  /// Reads one trivially copyable value; `what` names it in the error if the data ends early.
  template <class T>
    requires std::is_trivially_copyable_v<T>
  T read(std::string_view what) {
    need(sizeof(T), what);
    T value;
    std::memcpy(&value, bytes_.data() + pos_, sizeof(T));
    pos_ += sizeof(T);
    return value;
  }
  /// Reads a span written by `write_span`; at most `max_count` elements are accepted.
  template <class T>
    requires std::is_trivially_copyable_v<T>
  std::vector<T> read_vector(std::string_view what, std::uint64_t max_count = UINT64_MAX) {
    const auto n = read<std::uint64_t>(what);
    if (n > max_count) fail(std::string(what) + ": count " + std::to_string(n) + " exceeds " + std::to_string(max_count));
    if (n > (bytes_.size() - pos_) / sizeof(T)) fail(std::string(what) + ": truncated");
    std::vector<T> values(n);
    if (n > 0) std::memcpy(values.data(), bytes_.data() + pos_, n * sizeof(T));  // an empty vector's data() may be null
    pos_ += n * sizeof(T);
    return values;
  }
  /// Reads into an existing vector (reusing its capacity).
  void read_doubles_into(std::string_view what, std::vector<double>& out);
  /// Reads a string written by `write_string`.
  std::string read_string(std::string_view what);
  /// Reads and checks the magic and returns the version; throws if the magic differs or the
  /// version is newer than `max_version`.
  std::uint32_t read_header(std::string_view magic, std::uint32_t max_version);
  /// Checks the trailing checksum over everything before it and that nothing follows it.
  void verify_checksum();
  /// Throws FormatError("SOURCE: MESSAGE (at byte N)").
  [[noreturn]] void fail(const std::string& message) const;
  /// Bytes not read yet.
  std::size_t remaining() const noexcept { return bytes_.size() - pos_; }
  /// The source name given at construction.
  const std::string& source() const noexcept { return source_; }

 private:
  void need(std::size_t n, std::string_view what) const;
  std::string_view bytes_;
  std::string source_;
  std::size_t pos_ = 0;
};

/// 64-bit FNV-1a hash of bytes: the checksum of pond's binary files.
std::uint64_t fnv1a64(std::string_view bytes) noexcept;

/// Checks the checksum that `BinaryWriter::write_checksum` put at the end of `bytes` and returns the
/// bytes before it. Throws FormatError naming `source` when the file is truncated or corrupt.
std::string_view checked_body(std::string_view bytes, const std::string& source);

}  // namespace pond
