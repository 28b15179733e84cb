#pragma once
/// @file
/// The exceptions pond throws for bad input. Each message says what was wrong and where.

#include <stdexcept>
#include <string>

namespace pond {

/// Bad user input: a flag, a config field, a file's content. The message names the place
/// (file, line, field) and the problem; the CLI prints it as one line.
class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// A saved file (archive, checkpoint, genome) that is truncated, corrupt or of an unknown version.
class FormatError : public Error {
 public:
  using Error::Error;
};

}  // namespace pond
