#include "pond/core/binary_io.hpp"

#include <gtest/gtest.h>

#include <filesystem>

#include "pond/core/file_io.hpp"

using namespace pond;

TEST(BinaryIo, RoundTripsValuesSpansAndStrings) {
  BinaryWriter w;
  w.write_header("TEST", 1);
  w.write<std::uint32_t>(7);
  w.write(2.5);
  const std::vector<double> v{1, 2, 3};
  w.write_span<double>(v);
  w.write_string("hello");
  w.write_checksum();
  BinaryReader r(w.bytes(), "mem");
  EXPECT_EQ(r.read_header("TEST", 1), 1u);
  EXPECT_EQ(r.read<std::uint32_t>("u32"), 7u);
  EXPECT_EQ(r.read<double>("d"), 2.5);
  EXPECT_EQ(r.read_vector<double>("v"), v);
  EXPECT_EQ(r.read_string("s"), "hello");
  EXPECT_NO_THROW(r.verify_checksum());
}

TEST(BinaryIo, TruncationNamesWhatAndWhere) {
  BinaryWriter w;
  w.write_header("TEST", 1);
  w.write<std::uint64_t>(1000);  // a count far beyond the data
  BinaryReader r(w.bytes(), "file.bin");
  r.read_header("TEST", 1);
  try {
    r.read_vector<double>("elite descriptor");
    FAIL() << "expected FormatError";
  } catch (const FormatError& e) {
    EXPECT_NE(std::string(e.what()).find("file.bin"), std::string::npos);
    EXPECT_NE(std::string(e.what()).find("elite descriptor"), std::string::npos);
  }
}

TEST(BinaryIo, WrongMagicNewerVersionAndCorruptionAreRejected) {
  BinaryWriter w;
  w.write_header("GOOD", 2);
  w.write(1.0);
  w.write_checksum();
  {
    BinaryReader r(w.bytes(), "f");
    EXPECT_THROW(r.read_header("ELSE", 2), FormatError);
  }
  {
    BinaryReader r(w.bytes(), "f");
    EXPECT_THROW(r.read_header("GOOD", 1), FormatError);
  }
  std::string corrupt = w.bytes();
  corrupt[9] ^= 0x40;
  BinaryReader r(corrupt, "f");
  r.read_header("GOOD", 2);
  r.read<double>("x");
  EXPECT_THROW(r.verify_checksum(), FormatError);
}

TEST(FileIo, AtomicWriteReplacesAndLeavesNoTemporary) {
  const auto dir = std::filesystem::temp_directory_path() / "pond_file_io_test";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  write_file_atomic(dir / "a.txt", "one");
  write_file_atomic(dir / "a.txt", "two");
  EXPECT_EQ(read_file(dir / "a.txt"), "two");
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir), std::filesystem::directory_iterator()), 1);
  EXPECT_THROW(read_file(dir / "missing.txt"), Error);
  EXPECT_THROW(write_file_atomic(dir / "no" / "such" / "dir.txt", "x"), Error);
  std::filesystem::remove_all(dir);
}

TEST(BinaryIo, EmptySpansRoundTrip) {
  // An empty vector's data() may be null: reading zero elements must not hand it to memcpy.
  BinaryWriter out;
  out.write_span<double>({});
  out.write_span<std::uint64_t>({});
  BinaryReader in(out.bytes(), "empty");
  std::vector<double> doubles;
  in.read_doubles_into("doubles", doubles);
  EXPECT_TRUE(doubles.empty());
  EXPECT_TRUE(in.read_vector<std::uint64_t>("ids").empty());
  EXPECT_EQ(in.remaining(), 0u);
}
