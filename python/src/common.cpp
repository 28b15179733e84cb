#include "common.hpp"

#include "pond/core/error.hpp"

#include <cmath>
#include <map>
#include <mutex>

namespace pond::python {

std::string shape_text(const py::array& array) {
  std::string text = "(";
  for (py::ssize_t d = 0; d < array.ndim(); ++d) {
    text += (d ? ", " : "") + std::to_string(array.shape(d));
  }
  return text + (array.ndim() == 1 ? ",)" : ")");
}

namespace {

std::string wanted_shape(const std::vector<std::ptrdiff_t>& shape) {
  std::string text = "(";
  for (std::size_t d = 0; d < shape.size(); ++d) {
    text += (d ? ", " : "") + (shape[d] == any_length ? std::string(d == 0 ? "n" : "m") : std::to_string(shape[d]));
  }
  return text + (shape.size() == 1 ? ",)" : ")");
}

}  // namespace

DoubleArray as_doubles(const py::handle& input, const std::string& what, std::vector<std::ptrdiff_t> shape) {
  py::array array;
  if (py::isinstance<py::array>(input)) {
    array = py::reinterpret_borrow<py::array>(input);
  } else {
    try {
      array = py::module_::import("numpy").attr("asarray")(input);
    } catch (py::error_already_set& e) {
      throw py::value_error(what + " must be an array of numbers (" + e.what() + ")");
    }
  }
  const char kind = array.dtype().kind();
  if (kind != 'f' && kind != 'i' && kind != 'u') {
    throw py::value_error(what + " must be an array of numbers, got dtype " + py::str(array.dtype()).cast<std::string>());
  }
  bool fits = array.ndim() == static_cast<py::ssize_t>(shape.size());
  for (std::size_t d = 0; fits && d < shape.size(); ++d) {
    fits = shape[d] == any_length || array.shape(static_cast<py::ssize_t>(d)) == shape[d];
  }
  if (!fits) throw py::value_error(what + " must have shape " + wanted_shape(shape) + ", got " + shape_text(array));
  return DoubleArray::ensure(array);
}

void copy_rows(std::span<const Vector> rows, std::size_t cols, double* data) {
  for (const Vector& row : rows) {
    // Archives loaded from files hold whatever lengths the file had: never write past a row.
    if (row.size() != cols) {
      throw FormatError("solutions of different lengths (" + std::to_string(row.size()) + " and " + std::to_string(cols) +
                        ") cannot form one array");
    }
    data = std::copy(row.begin(), row.end(), data);
  }
}

DoubleArray rows_to_array(std::span<const Vector> rows, std::size_t cols) {
  DoubleArray out({static_cast<py::ssize_t>(rows.size()), static_cast<py::ssize_t>(cols)});
  copy_rows(rows, cols, out.mutable_data());
  return out;
}

std::pair<std::vector<double>, std::vector<double>> split_ranges(const py::handle& ranges, const std::string& what) {
  const DoubleArray array = as_doubles(ranges, what, {any_length, 2});
  std::pair<std::vector<double>, std::vector<double>> out;
  const auto view = array.unchecked<2>();
  for (py::ssize_t i = 0; i < view.shape(0); ++i) {
    const double low = view(i, 0), high = view(i, 1);
    if (!std::isfinite(low) || !std::isfinite(high) || !(low < high)) {
      throw py::value_error(what + "[" + std::to_string(i) + "] must be (low, high) with finite low < high, got (" +
                            py::repr(py::float_(low)).cast<std::string>() + ", " +
                            py::repr(py::float_(high)).cast<std::string>() + ")");
    }
    out.first.push_back(low);
    out.second.push_back(high);
  }
  return out;
}

py::list ranges_list(const std::vector<double>& lower, const std::vector<double>& upper) {
  py::list out;
  for (std::size_t i = 0; i < lower.size(); ++i) out.append(py::make_tuple(lower[i], upper[i]));
  return out;
}

py::array_t<std::int64_t> parents_array(std::span<const Parents> parents) {
  py::array_t<std::int64_t> out({static_cast<py::ssize_t>(parents.size()), py::ssize_t{2}});
  auto view = out.mutable_unchecked<2>();
  const auto id = [](EliteId parent) { return parent == no_parent ? std::int64_t{-1} : static_cast<std::int64_t>(parent); };
  for (std::size_t i = 0; i < parents.size(); ++i) {
    view(static_cast<py::ssize_t>(i), 0) = id(parents[i].first);
    view(static_cast<py::ssize_t>(i), 1) = id(parents[i].second);
  }
  return out;
}

py::dict summary_dict(const RunSummary& s) {
  py::dict d;
  d["evaluations"] = s.evaluations;
  d["iterations"] = s.iterations;
  d["seconds"] = s.seconds;
  d["metrics"] = metrics_dict(s.metrics);
  d["best_objective"] = s.best_objective;
  d["best_id"] = s.best_id == no_parent ? py::object(py::none()) : py::object(py::int_(s.best_id));
  d["first_solution"] = s.first_solution;
  d["termination"] = s.termination;
  return d;
}

nlohmann::json to_json(const py::handle& object) {
  const std::string text = py::module_::import("json").attr("dumps")(object, py::arg("allow_nan") = false).cast<std::string>();
  return nlohmann::json::parse(text);
}

py::object from_json(const nlohmann::json& json) { return py::module_::import("json").attr("loads")(json.dump()); }

py::dict metrics_dict(const ArchiveMetrics& m) {
  py::dict d;
  d["elites"] = m.elites;
  d["cells"] = m.cells;
  d["coverage"] = m.coverage;
  d["qd_score"] = m.qd_score;
  d["norm_qd_score"] = m.norm_qd_score;
  d["best_objective"] = m.best_objective;
  d["novelty_threshold"] = m.novelty_threshold;
  return d;
}

Evaluator& shared_evaluator(std::size_t threads) {
  // Thread pools are costly to start; keep one per thread count for the life of the process. The map
  // is only touched with the GIL held, but a mutex keeps that from being a hidden requirement.
  static std::mutex mutex;
  // Never destroyed: thread pools must not be torn down while the interpreter shuts down.
  static auto* evaluators = new std::map<std::size_t, std::unique_ptr<Evaluator>>();
  const std::lock_guard lock(mutex);
  auto& slot = (*evaluators)[threads];
  if (!slot) slot = make_evaluator(threads);
  return *slot;
}

}  // namespace pond::python
