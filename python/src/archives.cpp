// pond.GridArchive, pond.CvtArchive, pond.NoveltyArchive (real vectors), pond.GenomeArchive (NEAT
// genomes), and load_archive.

#include <algorithm>
#include <cmath>

#include "archive_handles.hpp"
#include "pond/core/cell_archive.hpp"
#include "pond/core/cvt_archive.hpp"
#include "pond/core/file_io.hpp"
#include "pond/core/grid_archive.hpp"
#include "pond/core/novelty_archive.hpp"
#include "pond/neat/genome_io.hpp"
#include "pond/run/archive_io.hpp"

namespace pond::python {

void VectorArchive::expect_solution_dim(std::size_t dim, const std::string& what) {
  if (dim == 0) throw py::value_error(what + ": solutions need at least one coordinate");
  if (solution_dim == 0) {
    solution_dim = dim;
  } else if (dim != solution_dim) {
    throw py::value_error(what + ": solutions have " + std::to_string(dim) + " coordinates but the archive holds solutions of " +
                          std::to_string(solution_dim));
  }
}

ArchivesInUse::~ArchivesInUse() {
  --archive_.in_use;
  if (result_ != nullptr) --result_->in_use;
}

py::object wrap_archive(std::unique_ptr<Archive<Vector>> archive) {
  std::unique_ptr<VectorArchive> handle;
  const std::string_view kind = archive->kind();
  if (kind == "grid") {
    handle = std::make_unique<GridArchiveHandle>();
  } else if (kind == "cvt") {
    handle = std::make_unique<CvtArchiveHandle>();
  } else {
    handle = std::make_unique<NoveltyArchiveHandle>();
  }
  if (!archive->empty()) {
    handle->solution_dim = archive->elites().solution(0).size();
    const auto ids = archive->elites().ids();
    handle->next_id = *std::max_element(ids.begin(), ids.end()) + 1;
  }
  handle->impl = std::move(archive);
  return py::cast(std::move(handle));
}

py::object load_archive_file(const std::string& path) {
  const std::string bytes = read_file(path);
  const std::string type = archive_solution_type(bytes, path);
  if (type == SolutionCodec<neat::Genome>::name) {
    auto handle = std::make_unique<GenomeArchive>();
    handle->impl = read_archive_bytes<neat::Genome>(bytes, path);
    return py::cast(std::move(handle));
  }
  return wrap_archive(read_archive_bytes<Vector>(bytes, path));
}

namespace {

// The archive's elites as numpy arrays, by slot. `solutions` is added by the caller (its form depends
// on the solution type).
template <class S>
py::dict elite_columns(const Archive<S>& archive) {
  const EliteStore<S>& store = archive.elites();
  const std::size_t n = store.size();
  const auto n_rows = static_cast<py::ssize_t>(n);
  py::dict data;
  data["objective"] = to_array(store.objectives());
  DoubleArray descriptors({n_rows, static_cast<py::ssize_t>(archive.descriptor_dim())});
  std::copy(store.descriptors().begin(), store.descriptors().end(), descriptors.mutable_data());
  data["descriptor"] = descriptors;
  data["id"] = to_array(store.ids());
  py::array_t<std::int64_t> cells(n_rows);
  auto c = cells.mutable_unchecked<1>();
  for (std::size_t slot = 0; slot < n; ++slot) c(static_cast<py::ssize_t>(slot)) = static_cast<std::int64_t>(archive.cell_of_slot(slot));
  data["parents"] = parents_array(store.all_parents());
  data["birth"] = to_array(store.births());
  data["cell"] = cells;
  return data;
}

// The names every archive class has, whatever its solution type.
template <class Handle, class Class>
void bind_common(Class& cls) {
  cls.def("__len__", [](const Handle& h) { return h.impl->size(); }, "Number of elites.")
      .def_property_readonly("kind", [](const Handle& h) { return std::string(h.impl->kind()); },
                             "'grid', 'cvt' or 'novelty': the archive's kind.")
      .def_property_readonly("cells", [](const Handle& h) { return h.impl->cells(); },
                             "Number of cells (0 for a novelty archive).")
      .def_property_readonly("descriptor_dim", [](const Handle& h) { return h.impl->descriptor_dim(); },
                             "Length of a descriptor.")
      .def_property_readonly("qd_offset", [](const Handle& h) { return h.impl->qd_offset(); },
                             "Subtracted from each objective in the QD score.")
      .def("metrics", [](const Handle& h) {
             check_idle(h, "metrics");
             return metrics_dict(h.impl->metrics());
           },
           "The archive's metrics as a dict: elites, cells, coverage, qd_score, norm_qd_score, best_objective,\n"
           "novelty_threshold (NaN where a value does not apply).")
      .def("config", [](const Handle& h) { return from_json(h.impl->config()); },
           "The options the archive was made with, as a dict (with 'kind').")
      .def("to_json", [](const Handle& h) {
             check_idle(h, "to_json");
             return from_json(h.impl->to_json());
           },
           "A readable snapshot as a dict: config, metrics and every elite with its lineage.")
      .def(
          "save",
          [](const Handle& h, const std::string& path) {
            check_idle(h, "save");
            write_file_atomic(path, write_archive_bytes(*h.impl));
          },
          py::arg("path"),
          "Writes the archive in pond's binary format (as archive.bin of a run); load_archive reads it back.\n"
          "The file is replaced atomically: a failure leaves any previous file intact.")
      .def("clear", [](Handle& h) {
             check_idle(h, "clear");
             h.impl->clear();
           }, "Removes every elite and resets adaptive state.");
}

// Adds a batch directly (without a scheduler): the ids continue after the largest held so far.
py::array_t<std::uint8_t> add_batch(VectorArchive& h, const py::handle& solutions, const py::handle& objectives,
                                   const py::handle& descriptors) {
  check_idle(h, "add");
  const DoubleArray x = as_doubles(solutions, "add: solutions", {any_length, any_length});
  const auto n = x.shape(0);
  const DoubleArray f = as_doubles(objectives, "add: objectives", {n});
  const DoubleArray d =
      as_doubles(descriptors, "add: descriptors", {n, static_cast<std::ptrdiff_t>(h.impl->descriptor_dim())});
  h.expect_solution_dim(static_cast<std::size_t>(x.shape(1)), "add");
  const std::size_t count = static_cast<std::size_t>(n), dim = h.impl->descriptor_dim();
  // Copies: the caller's arrays could change (another thread) once the GIL is released below.
  const std::vector<double> objective_values(f.data(), f.data() + count);
  const std::vector<double> descriptor_values(d.data(), d.data() + count * dim);
  for (std::size_t i = 0; i < count; ++i) {
    if (!std::isfinite(objective_values[i])) throw py::value_error("add: objective " + std::to_string(i) + " is not finite");
    for (std::size_t k = 0; k < dim; ++k) {
      if (!std::isfinite(descriptor_values[i * dim + k])) {
        throw py::value_error("add: descriptor of solution " + std::to_string(i) + " is not finite");
      }
    }
  }
  std::vector<Vector> rows(count);
  const std::size_t cols = static_cast<std::size_t>(x.shape(1));
  for (std::size_t i = 0; i < count; ++i) rows[i].assign(x.data() + i * cols, x.data() + (i + 1) * cols);
  std::vector<Parents> parents(count);
  std::vector<AddStatus> status(count);
  {
    py::gil_scoped_release release;
    h.impl->add(AddContext{h.next_id, h.next_id}, rows, parents, objective_values, descriptor_values, status, {});
  }
  h.next_id += count;
  py::array_t<std::uint8_t> out(n);
  std::transform(status.begin(), status.end(), out.mutable_data(), [](AddStatus s) { return static_cast<std::uint8_t>(s); });
  return out;
}

py::array_t<std::int64_t> index_of(const VectorArchive& h, const py::handle& descriptors) {
  const auto* cells = dynamic_cast<const CellArchive<Vector>*>(h.impl.get());
  const std::size_t dim = h.impl->descriptor_dim();
  const DoubleArray d = as_doubles(descriptors, "index_of: descriptors", {any_length, static_cast<std::ptrdiff_t>(dim)});
  py::array_t<std::int64_t> out(d.shape(0));
  for (py::ssize_t i = 0; i < d.shape(0); ++i) {
    out.mutable_data()[i] = static_cast<std::int64_t>(cells->cell_of(std::span<const double>(d.data() + i * dim, dim)));
  }
  return out;
}

std::size_t checked_count(py::ssize_t value, const char* what) {
  if (value <= 0) throw py::value_error(std::string(what) + " must be positive, got " + std::to_string(value));
  return static_cast<std::size_t>(value);
}

template <class Handle, class Archive>
std::unique_ptr<Handle> make_handle(std::unique_ptr<Archive> archive, std::optional<py::ssize_t> solution_dim) {
  auto h = std::make_unique<Handle>();
  h->impl = std::move(archive);
  if (solution_dim) h->solution_dim = checked_count(*solution_dim, "solution_dim");
  return h;
}

}  // namespace

void bind_archives(py::module_& m) {
  py::class_<VectorArchive> base(m, "Archive", R"doc(
Base class of the archives of real-vector solutions (GridArchive, CvtArchive, NoveltyArchive).

Every elite keeps its solution, objective, descriptor, id (its position among all evaluated
candidates), parent ids and the evaluation count at its birth; ``data()`` returns them as numpy arrays.)doc");
  bind_common<VectorArchive>(base);
  base.def_property_readonly("solution_dim", [](const VectorArchive& h) { return h.solution_dim; },
                             "Length of a solution (0 while unknown: no solution_dim given and nothing added yet).")
      .def(
          "data",
          [](const VectorArchive& h) {
            check_idle(h, "data");
            py::dict data = elite_columns(*h.impl);
            data["solution"] = rows_to_array(h.impl->elites().solutions(), h.solution_dim);
            return data;
          },
          R"doc(The elites as a dict of numpy arrays, one row per elite:

- ``solution``: (n, solution_dim) float64
- ``objective``: (n,) float64
- ``descriptor``: (n, descriptor_dim) float64
- ``id``: (n,) uint64, the candidate's position among all evaluated candidates
- ``parents``: (n, 2) int64, the parents' ids (-1: none)
- ``birth``: (n,) uint64, the evaluation count at its birth, itself included (id + 1 in a scheduler's run)
- ``cell``: (n,) int64, its cell (its index for a novelty archive))doc")
      .def("add", &add_batch, py::arg("solutions"), py::arg("objectives"), py::arg("descriptors"),
           R"doc(Offers evaluated solutions directly, without a scheduler.

solutions: (n, solution_dim); objectives: (n,); descriptors: (n, descriptor_dim).
Returns the status of each as uint8: 0 not added, 1 improved an occupied cell, 2 new cell
(or entered the novelty archive). Ids continue after the largest id the archive holds.)doc");

  py::class_<GridArchiveHandle, VectorArchive>(m, "GridArchive", R"doc(
MAP-Elites grid: each cell of a regular grid over the descriptor box keeps its best solution.

GridArchive(*, solution_dim=None, dims, ranges, qd_offset=0.0), e.g. dims=[20, 20], ranges=[(-1, 1), (-1, 1)]

A descriptor outside the box goes to the nearest edge cell.)doc")
      .def(py::init([](std::optional<py::ssize_t> solution_dim, const std::vector<py::ssize_t>& dims,
                       const py::handle& ranges, double qd_offset) {
             auto [lower, upper] = split_ranges(ranges, "ranges");
             if (dims.size() != lower.size()) {
               throw py::value_error("dims has " + std::to_string(dims.size()) + " entries but ranges has " +
                                     std::to_string(lower.size()));
             }
             std::vector<std::size_t> cells;
             for (py::ssize_t d : dims) cells.push_back(checked_count(d, "each entry of dims"));
             return make_handle<GridArchiveHandle>(
                 std::make_unique<GridArchive<Vector>>(GridOptions{.dims = cells, .lower = lower, .upper = upper, .qd_offset = qd_offset}),
                 solution_dim);
           }),
           py::kw_only(), py::arg("solution_dim") = py::none(), py::arg("dims"), py::arg("ranges"),
           py::arg("qd_offset") = 0.0)
      .def("index_of", &index_of, py::arg("descriptors"), "The cell of each descriptor (n, descriptor_dim) -> (n,) int64.");

  py::class_<CvtArchiveHandle, VectorArchive>(m, "CvtArchive", R"doc(
CVT-MAP-Elites archive: the cells are the Voronoi cells of centroids placed by k-means over uniform
samples of the descriptor box (from ``seed``); a descriptor's cell is its nearest centroid.

CvtArchive(*, solution_dim=None, cells, ranges, samples=100000, seed=0, custom_centroids=None,
           qd_offset=0.0), e.g. cells=10000, ranges=[(-1, 1), (-1, 1)])doc")
      .def(py::init([](std::optional<py::ssize_t> solution_dim, py::ssize_t cells, const py::handle& ranges,
                       py::ssize_t samples, std::uint64_t seed, const py::object& custom_centroids, double qd_offset) {
             auto [lower, upper] = split_ranges(ranges, "ranges");
             CvtOptions o{.cells = checked_count(cells, "cells"), .lower = lower, .upper = upper,
                          .samples = checked_count(samples, "samples"), .seed = seed, .qd_offset = qd_offset};
             if (!custom_centroids.is_none()) {
               const DoubleArray c = as_doubles(custom_centroids, "custom_centroids",
                                                {static_cast<std::ptrdiff_t>(o.cells), static_cast<std::ptrdiff_t>(lower.size())});
               o.centroids.assign(c.data(), c.data() + c.size());
             }
             py::gil_scoped_release release;  // k-means may take a while
             return make_handle<CvtArchiveHandle>(std::make_unique<CvtArchive<Vector>>(std::move(o)), solution_dim);
           }),
           py::kw_only(), py::arg("solution_dim") = py::none(), py::arg("cells"), py::arg("ranges"),
           py::arg("samples") = 100'000, py::arg("seed") = 0, py::arg("custom_centroids") = py::none(),
           py::arg("qd_offset") = 0.0)
      .def_property_readonly(
          "centroids",
          [](const CvtArchiveHandle& h) {
            const auto& a = dynamic_cast<const CvtArchive<Vector>&>(*h.impl);
            DoubleArray out({static_cast<py::ssize_t>(a.cells()), static_cast<py::ssize_t>(a.descriptor_dim())});
            std::copy(a.centroids().begin(), a.centroids().end(), out.mutable_data());
            return out;
          },
          "The centroids, (cells, descriptor_dim).")
      .def("index_of", &index_of, py::arg("descriptors"), "The cell of each descriptor (n, descriptor_dim) -> (n,) int64.");

  py::class_<NoveltyArchiveHandle, VectorArchive>(m, "NoveltyArchive", R"doc(
Novelty search's archive (Lehman and Stanley 2011). A candidate's novelty is the mean distance to its
k nearest neighbours among the archive and the rest of its batch; it enters when that exceeds the
threshold. The threshold adapts: x lower_factor after stall_evaluations evaluations without an entry,
x raise_factor when more than raise_after enter within window_evaluations evaluations.

NoveltyArchive(*, solution_dim=None, descriptor_dim=2, k=15, threshold=6.0, metric='euclidean', ...))doc")
      .def(py::init([](std::optional<py::ssize_t> solution_dim, py::ssize_t descriptor_dim, py::ssize_t k, double threshold,
                       const std::string& metric, double min_threshold, std::uint64_t stall_evaluations,
                       double lower_factor, std::uint64_t window_evaluations, py::ssize_t raise_after,
                       double raise_factor, double qd_offset) {
             NoveltyOptions o{.descriptor_dim = checked_count(descriptor_dim, "descriptor_dim"),
                              .k = checked_count(k, "k"),
                              .initial_threshold = threshold,
                              .min_threshold = min_threshold,
                              .stall_evaluations = stall_evaluations,
                              .lower_factor = lower_factor,
                              .window_evaluations = window_evaluations,
                              .raise_after = static_cast<std::size_t>(std::max<py::ssize_t>(raise_after, 0)),
                              .raise_factor = raise_factor,
                              .metric = metric_from_string(metric),
                              .qd_offset = qd_offset};
             return make_handle<NoveltyArchiveHandle>(std::make_unique<NoveltyArchive<Vector>>(o), solution_dim);
           }),
           py::kw_only(), py::arg("solution_dim") = py::none(), py::arg("descriptor_dim") = 2, py::arg("k") = 15,
           py::arg("threshold") = 6.0, py::arg("metric") = "euclidean", py::arg("min_threshold") = 0.0,
           py::arg("stall_evaluations") = 2500, py::arg("lower_factor") = 0.95, py::arg("window_evaluations") = 250,
           py::arg("raise_after") = 4, py::arg("raise_factor") = 1.2, py::arg("qd_offset") = 0.0)
      .def_property_readonly("threshold", [](const NoveltyArchiveHandle& h) { return h.impl->novelty_threshold(); },
                             "The current novelty threshold.")
      .def(
          "novelty",
          [](NoveltyArchiveHandle& h, const py::handle& descriptors) {
            check_idle(h, "novelty");
            auto& archive = dynamic_cast<NoveltyArchive<Vector>&>(*h.impl);
            const std::size_t dim = archive.descriptor_dim();
            const DoubleArray d = as_doubles(descriptors, "novelty: descriptors", {any_length, static_cast<std::ptrdiff_t>(dim)});
            py::array_t<double> out(d.shape(0));
            for (py::ssize_t i = 0; i < d.shape(0); ++i) {
              out.mutable_data()[i] = archive.novelty(std::span<const double>(d.data() + i * dim, dim));
            }
            return out;
          },
          py::arg("descriptors"),
          "Novelty of each descriptor against the archive alone (mean distance to its k nearest elites;\n"
          "inf when the archive is empty): (n, descriptor_dim) -> (n,).");

  py::class_<GenomeArchive> genomes(m, "GenomeArchive", R"doc(
An archive of NEAT genomes, as NEAT runs write them (load it with load_archive or load_run).
``data()`` gives the same arrays as the vector archives, with ``solution`` a list of Genome.)doc");
  bind_common<GenomeArchive>(genomes);
  genomes.def(
      "data",
      [](const GenomeArchive& h) {
        py::dict data = elite_columns(*h.impl);
        py::list solutions;
        for (const neat::Genome& g : h.impl->elites().solutions()) solutions.append(py::cast(g));
        data["solution"] = solutions;
        return data;
      },
      "The elites as a dict: 'solution' (list of Genome) and the same numpy arrays as Archive.data().");

  m.def("load_archive", &load_archive_file, py::arg("path"), R"doc(
Reads an archive file written by pond (a run's archive.bin, or Archive.save). Returns a GridArchive,
CvtArchive or NoveltyArchive for real vectors, a GenomeArchive for NEAT genomes. Raises pond.FormatError
naming the file when it is truncated, corrupt or not an archive.)doc");
}

}  // namespace pond::python
