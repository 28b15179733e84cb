#pragma once
// What every part of the Python module shares: numpy conversions that check shapes and dtypes and say
// what was wrong, JSON between Python and nlohmann::json, and the registration function of each part.

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <cstddef>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "pond/core/archive.hpp"
#include "pond/core/evaluator.hpp"
#include "pond/core/scheduler.hpp"
#include "pond/core/types.hpp"

namespace pond::python {

namespace py = pybind11;

/// A C-contiguous float64 numpy array.
using DoubleArray = py::array_t<double, py::array::c_style | py::array::forcecast>;

/// No dimension is required to have a particular length.
inline constexpr std::ptrdiff_t any_length = -1;

/// `input` (an array or a nested sequence of numbers) as a C-contiguous float64 array with
/// `shape.size()` dimensions, each of the given length unless it is `any_length`. Copies only when the
/// input is not already such an array. Throws ValueError naming `what` on another shape or a
/// non-numeric dtype ("tell: descriptors must have shape (540, 2), got (540, 3)").
DoubleArray as_doubles(const py::handle& input, const std::string& what, std::vector<std::ptrdiff_t> shape);

/// "(540, 2)".
std::string shape_text(const py::array& array);

/// A (rows.size(), cols) float64 array holding `rows` (each of length `cols`).
DoubleArray rows_to_array(std::span<const Vector> rows, std::size_t cols);

/// Copies `rows` (each of `cols` values) one after another to `data`; FormatError as rows_to_array.
void copy_rows(std::span<const Vector> rows, std::size_t cols, double* data);

/// A 1-D numpy array copy of `values`.
template <class T>
py::array_t<T> to_array(std::span<const T> values) {
  py::array_t<T> out(static_cast<py::ssize_t>(values.size()));
  std::copy(values.begin(), values.end(), out.mutable_data());
  return out;
}

/// Ranges as pyribs writes them, [(low, high), ...], split into lower and upper bounds. Throws
/// ValueError naming `what` unless each entry is a pair of finite numbers with low < high.
std::pair<std::vector<double>, std::vector<double>> split_ranges(const py::handle& ranges, const std::string& what);

/// Bounds as pyribs writes them: [(lower[0], upper[0]), ...] (the inverse of split_ranges).
py::list ranges_list(const std::vector<double>& lower, const std::vector<double>& upper);

/// Parent pairs as an (n, 2) int64 array, -1 for "no parent".
py::array_t<std::int64_t> parents_array(std::span<const Parents> parents);

/// A run's summary as a dict: evaluations, iterations, seconds, metrics, best_objective, best_id
/// (None before any), first_solution, termination.
py::dict summary_dict(const RunSummary& summary);

/// A Python object (dict, list, str, number, bool, None) as JSON, through Python's json module.
nlohmann::json to_json(const py::handle& object);
/// JSON as Python objects.
py::object from_json(const nlohmann::json& json);

/// An archive's metrics as a dict (NaN for the values that do not apply).
py::dict metrics_dict(const ArchiveMetrics& metrics);

/// An evaluator with `threads` threads (0 = all cores), made once per thread count and kept.
Evaluator& shared_evaluator(std::size_t threads);

/// Each part of the module registers its names here (module.cpp calls them in order).
void bind_archives(py::module_& m);
void bind_emitters(py::module_& m);
void bind_scheduler(py::module_& m);
void bind_neat(py::module_& m);
void bind_tasks(py::module_& m);
void bind_runs(py::module_& m);

}  // namespace pond::python
