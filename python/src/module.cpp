// The extension module pond._pond; the package pond (python/pond/__init__.py) re-exports it.

#include "common.hpp"
#include "pond/core/error.hpp"
#include "pond/run/run_directory.hpp"

PYBIND11_MODULE(_pond, m) {
  namespace py = pybind11;
  using namespace pond::python;
  m.doc() = "pond's engine: archives, emitters, the ask/tell scheduler, NEAT networks, built-in tasks and runs.";
  m.attr("__version__") = pond::version();

  // pond::Error is bad input (a config field, a file): RuntimeError, and FormatError (a corrupt or
  // truncated file) a subclass of it, so callers can catch either.
  static py::exception<pond::Error> error(m, "Error", PyExc_RuntimeError);
  static py::exception<pond::FormatError> format_error(m, "FormatError", error.ptr());
  error.doc() = "Bad input to pond (a config field, a file, a value out of range); the message says what and where.";
  format_error.doc() = "A file pond wrote (archive, checkpoint, genome) that is truncated, corrupt or of an unknown version.";
  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const pond::FormatError& e) {
      PyErr_SetString(format_error.ptr(), e.what());
    } catch (const pond::Error& e) {
      PyErr_SetString(error.ptr(), e.what());
    }
  });

  bind_archives(m);
  bind_emitters(m);
  bind_neat(m);
  bind_tasks(m);
  bind_scheduler(m);
  bind_runs(m);
}
