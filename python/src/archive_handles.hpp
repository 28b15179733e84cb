#pragma once
// The Python archive objects. Each owns a C++ archive; the Python classes GridArchive, CvtArchive and
// NoveltyArchive are the three handle types below, and GenomeArchive holds any archive of NEAT genomes
// (those come from NEAT runs, through load_archive and load_run).

#include <memory>
#include <stdexcept>
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
  int in_use = 0;                         ///< schedulers working on it without the GIL (another thread must not touch it)

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
  int in_use = 0;                               ///< never used by a Python scheduler (vectors only)
};

/// Raises RuntimeError when a scheduler is working on the archive in another thread (it changes the
/// archive with the GIL released). Call with the GIL held.
template <class Handle>
void check_idle(const Handle& h, const char* what) {
  if (h.in_use > 0) {
    throw std::runtime_error(std::string(what) + ": the archive is in use by a scheduler running in another thread; "
                             "call it when that ask, tell or run has returned");
  }
}

/// Marks archives in use while a scheduler works on them without the GIL (made and ended with the GIL).
class ArchivesInUse {
 public:
  ArchivesInUse(VectorArchive& archive, VectorArchive* result) : archive_(archive), result_(result) {
    check_idle(archive, "Scheduler");
    if (result_ != nullptr) check_idle(*result_, "Scheduler");
    ++archive_.in_use;
    if (result_ != nullptr) ++result_->in_use;
  }
  // Out of line: GCC 12 at -O3 dropped this inline destructor's effect on the path where the
  // scheduler throws (a failed ask left the archive marked in use); the test of that path guards it.
  ~ArchivesInUse();
  ArchivesInUse(const ArchivesInUse&) = delete;
  ArchivesInUse& operator=(const ArchivesInUse&) = delete;

 private:
  VectorArchive& archive_;
  VectorArchive* result_;
};

/// The Python object for an archive of vectors: a GridArchive, CvtArchive or NoveltyArchive by kind.
py::object wrap_archive(std::unique_ptr<Archive<Vector>> archive);

/// Reads an archive file written by pond (archive.bin); returns a vector or genome archive object.
/// Throws pond::FormatError (pond.FormatError in Python) naming the file when it is not one.
py::object load_archive_file(const std::string& path);

}  // namespace pond::python
