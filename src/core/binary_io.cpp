#include "pond/core/binary_io.hpp"

namespace pond {

std::uint64_t fnv1a64(std::string_view bytes) noexcept {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  for (unsigned char c : bytes) {
    h ^= c;
    h *= 0x100000001b3ULL;
  }
  return h;
}

std::string_view checked_body(std::string_view bytes, const std::string& source) {
  if (bytes.size() < 16) throw FormatError(source + ": file is truncated (" + std::to_string(bytes.size()) + " bytes)");
  const std::string_view body = bytes.substr(0, bytes.size() - 8);
  std::uint64_t stored = 0;
  std::memcpy(&stored, bytes.data() + body.size(), 8);
  if (stored != fnv1a64(body)) throw FormatError(source + ": checksum mismatch: the file is truncated or corrupt");
  return body;
}

void BinaryWriter::write_header(std::string_view magic, std::uint32_t version) {
  bytes_.append(magic.substr(0, 4));
  write(version);
}

void BinaryWriter::write_checksum() { write(fnv1a64(bytes_)); }

BinaryReader::BinaryReader(std::string_view bytes, std::string source)
    : bytes_(bytes), source_(std::move(source)) {}

void BinaryReader::fail(const std::string& message) const {
  throw FormatError(source_ + ": " + message + " (at byte " + std::to_string(pos_) + ")");
}

void BinaryReader::need(std::size_t n, std::string_view what) const {
  if (bytes_.size() - pos_ < n) fail("truncated while reading " + std::string(what));
}

void BinaryReader::read_doubles_into(std::string_view what, std::vector<double>& out) {
  const auto n = read<std::uint64_t>(what);
  if (n > remaining() / sizeof(double)) fail(std::string(what) + ": truncated");
  out.resize(n);
  if (n > 0) std::memcpy(out.data(), bytes_.data() + pos_, n * sizeof(double));  // an empty vector's data() may be null
  pos_ += n * sizeof(double);
}

std::string BinaryReader::read_string(std::string_view what) {
  const auto n = read<std::uint64_t>(what);
  if (n > remaining()) fail(std::string(what) + ": truncated");
  std::string s(bytes_.substr(pos_, n));
  pos_ += n;
  return s;
}

std::uint32_t BinaryReader::read_header(std::string_view magic, std::uint32_t max_version) {
  need(4, "file magic");
  if (bytes_.substr(0, 4) != magic.substr(0, 4)) {
    fail("not a pond " + std::string(magic) + " file (wrong magic)");
  }
  pos_ += 4;
  const auto version = read<std::uint32_t>("format version");
  if (version == 0 || version > max_version) {
    fail("format version " + std::to_string(version) + " is not supported (this pond reads up to " +
         std::to_string(max_version) + ")");
  }
  return version;
}

void BinaryReader::verify_checksum() {
  const std::size_t body = pos_;
  const auto stored = read<std::uint64_t>("checksum");
  if (stored != fnv1a64(bytes_.substr(0, body))) fail("checksum mismatch: the file is corrupt");
  if (pos_ != bytes_.size()) fail("unexpected data after the checksum");
}

}  // namespace pond
