#pragma once
// The Python archive objects. Each owns a C++ archive; the Python classes GridArchive, CvtArchive and
// NoveltyArchive are the three handle types below, and GenomeArchive holds any archive of NEAT genomes
// (those come from NEAT runs, through load_archive and load_run).

#include <memory>
#include <string>

#include "common.hpp"
#include "pond/neat/genome.hpp"

namespace pond::python {

/// An archive of real vectors, as Python sees it.
struct VectorArchive {
  virtual ~VectorArchive() = default;
  std::unique_ptr<Archive<Vector>> impl;  ///< the archive
  std::size_t solution_dim = 0;           ///< length of a solution; 0 until known (set by the first add)
  EliteId next_id = 0;                    ///< the id the next candidate added directly (not through a scheduler) gets

  /// Checks that solutions of `dim` coordinates fit, and remembers `dim` when it was not known.
  void expect_solution_dim(std::size_t dim, const std::string& what);
};

/// pond.GridArchive.
struct GridArchiveHandle final : VectorArchive {};
/// pond.CvtArchive.
struct CvtArchiveHandle final : VectorArchive {};
/// pond.NoveltyArchive.
struct NoveltyArchiveHandle final : VectorArchive {};

/// pond.GenomeArchive: an archive of NEAT genomes.
struct GenomeArchive {
  std::unique_ptr<Archive<neat::Genome>> impl;  ///< the archive
};

/// The Python object for an archive of vectors: a GridArchive, CvtArchive or NoveltyArchive by kind.
py::object wrap_archive(std::unique_ptr<Archive<Vector>> archive);

/// Reads an archive file written by pond (archive.bin); returns a vector or genome archive object.
/// Throws pond::FormatError (pond.FormatError in Python) naming the file when it is not one.
py::object load_archive_file(const std::string& path);

}  // namespace pond::python
