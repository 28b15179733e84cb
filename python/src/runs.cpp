// pond.run and pond.resume: what `pond run` and `pond resume` do, from Python, for the built-in tasks
// and for Python tasks; the run directory is the same, so the CLI reads what Python wrote and back.

#include <atomic>
#include <signal.h>

#include <csignal>
#include <iostream>

#include "pond/run/driver.hpp"
#include "pond/run/experiment.hpp"
#include "pond/run/progress.hpp"
#include "pond/run/run_directory.hpp"
#include "task_handles.hpp"

namespace pond::python {
namespace {

/// What pond.run and pond.resume return.
struct RunResult {
  py::object path;  ///< the run directory, a pathlib.Path
  py::dict summary;  ///< evaluations, metrics, best objective, first solution, ...
};

std::atomic<bool> stop_requested{false};
extern "C" void on_interrupt(int) { stop_requested.store(true); }

// While a run is driven from the main thread, Ctrl-C asks it to checkpoint and stop (then pond.run
// raises KeyboardInterrupt); Python's own handler is put back afterwards.
class InterruptGuard {
 public:
  InterruptGuard() {
    const auto threading = py::module_::import("threading");
    main_thread_ = threading.attr("current_thread")().is(threading.attr("main_thread")());
    stop_requested.store(false);
    if (main_thread_) {
      // sigaction, not signal(): Python's own handler is put back exactly, flags included.
      struct sigaction mine {};
      mine.sa_handler = on_interrupt;
      sigemptyset(&mine.sa_mask);
      sigaction(SIGINT, &mine, &previous_);
    }
  }
  ~InterruptGuard() {
    if (main_thread_) sigaction(SIGINT, &previous_, nullptr);
  }
  InterruptGuard(const InterruptGuard&) = delete;
  InterruptGuard& operator=(const InterruptGuard&) = delete;

 private:
  bool main_thread_ = false;
  struct sigaction previous_ {};
};

// The task object's half of a run: the config fields it implies and the UserTask make_experiment needs.
struct TaskBinding {
  UserTask user;
  bool given = false;
};

double mean_width(const std::vector<double>& lower, const std::vector<double>& upper) {
  double sum = 0.0;
  for (std::size_t i = 0; i < lower.size(); ++i) sum += upper[i] - lower[i];
  return sum / static_cast<double>(lower.size());
}

// Fills the config fields a Python task implies (task, dim, a grid and novelty threshold fitted to its
// descriptor box) unless the config sets them, and checks those it sets.
TaskBinding bind_task(const py::handle& task, nlohmann::json& config) {
  TaskBinding b;
  if (task.is_none()) return b;
  b.given = true;
  const auto set_default = [&](const char* field, const nlohmann::json& value) {
    if (!config.contains(field)) config[field] = value;
  };
  const auto expect_task = [&](const std::string& name) {
    if (config.contains("task") && config["task"] != name) {
      throw py::value_error("the config names the task " + config["task"].dump() + " but a Python task was given (its config name is '" +
                            name + "'); leave 'task' out");
    }
    config["task"] = name;
  };
  if (py::isinstance<VectorTaskHandle>(task)) {
    const auto& h = task.cast<const VectorTaskHandle&>();
    if (!h.python) throw py::value_error("built-in tasks are named in the config ({'task': '" + h.task.name() + "'}); pass task= only for a PythonTask");
    expect_task("user");
    if (config.contains("dim") && config["dim"] != h.solution_dim) {
      throw py::value_error("the config's dim " + config["dim"].dump() + " differs from the task's solution_dim " + std::to_string(h.solution_dim));
    }
    config["dim"] = h.solution_dim;
    set_default("resolution", std::vector<std::size_t>(h.lower.size(), h.lower.size() <= 2 ? 100 : 20));
    set_default("threshold", 0.01 * mean_width(h.lower, h.upper));
    b.user = UserTask{.vectors = h.task, .descriptor_lower = h.lower, .descriptor_upper = h.upper, .solution_bound = h.solution_bound};
    return b;
  }
  if (py::isinstance<GenomeTaskHandle>(task)) {
    const auto& h = task.cast<const GenomeTaskHandle&>();
    if (!h.python) throw py::value_error("built-in tasks are named in the config ({'task': '" + h.task.name() + "'}); pass task= only for a PythonNeatTask");
    expect_task("user-neat");
    set_default("resolution", std::vector<std::size_t>(h.lower.size(), h.lower.size() <= 2 ? 50 : 10));
    set_default("threshold", 0.01 * mean_width(h.lower, h.upper));
    if (!config.contains("neat")) config["neat"] = nlohmann::json::object();
    auto& neat = config["neat"];
    if (!neat.is_object()) throw py::value_error("the config's 'neat' must be a dict of NEAT options");
    if (!neat.contains("allow_recurrent")) neat["allow_recurrent"] = h.recurrent;
    if (neat["allow_recurrent"] == true && !h.recurrent) {
      throw py::value_error("the config allows recurrent connections but the task takes feed-forward networks: "
                            "make it PythonNeatTask(..., recurrent=True)");
    }
    b.user = UserTask{.genomes = h.task, .descriptor_lower = h.lower, .descriptor_upper = h.upper, .inputs = h.inputs, .outputs = h.outputs};
    return b;
  }
  throw py::value_error("task must be a pond.tasks.PythonTask or PythonNeatTask, got " + py::repr(py::type::handle_of(task)).cast<std::string>());
}

// Runs or resumes `run` with its experiment, printing progress on a terminal, and returns the result.
RunResult drive(RunDirectory& run, Experiment& experiment, bool resume, std::optional<bool> progress, bool plots) {
  const bool terminal = Progress::stderr_is_terminal();
  DriveOptions options;
  options.resume = resume;
  options.progress = progress.value_or(terminal) ? &std::cerr : nullptr;
  options.terminal = terminal;
  options.plots = plots;
  options.stop_requested = &stop_requested;
  DriveResult r;
  {
    InterruptGuard guard;
    py::gil_scoped_release release;
    r = drive_run(run, experiment, options);
  }
  if (r.interrupted) {
    PyErr_SetString(PyExc_KeyboardInterrupt, ("interrupted at " + std::to_string(r.summary.evaluations) +
                                              " evaluations; checkpoint written: continue with pond.resume('" +
                                              run.path().string() + "')").c_str());
    throw py::error_already_set();
  }
  RunResult out;
  out.path = py::module_::import("pathlib").attr("Path")(run.path().string());
  py::dict& s = out.summary;
  s["task"] = run.config().task;
  s["algo"] = run.config().algo;
  s["seed"] = run.config().seed;
  for (const auto& [key, value] : summary_dict(r.summary)) s[key] = value;
  // A run's summary names no best id: a resumed run that had nothing left to do has no scheduler summary.
  PyDict_DelItemString(s.ptr(), "best_id");
  s["resumed_from"] = r.resumed_from;
  s["archive_size"] = r.archive_size;
  s["files"] = r.files;
  return out;
}

RunResult run(const py::dict& config, const py::object& out, const py::object& task, std::optional<bool> progress, bool plots) {
  nlohmann::json given = to_json(config);
  const TaskBinding binding = bind_task(task, given);
  if (!given.contains("task")) throw py::value_error("the config must name a task, e.g. {'task': 'maze'} (or pass task=PythonTask(...))");
  const RunConfig c = resolve_config(given, "config");
  // Build everything before creating the folder, so a config that cannot run leaves nothing behind.
  const auto experiment = make_experiment(c, binding.given ? &binding.user : nullptr);
  const std::string dir = out.is_none() ? "runs/" + c.task + "-" + c.algo + "-s" + std::to_string(c.seed)
                                        : py::str(out).cast<std::string>();
  RunDirectory directory = RunDirectory::create(dir, c);
  return drive(directory, *experiment, false, progress, plots);
}

RunResult resume(const py::object& path, const py::object& task, std::optional<std::uint64_t> evals,
                 std::optional<std::size_t> threads, std::optional<bool> progress, bool plots) {
  RunDirectory directory = RunDirectory::open(py::str(path).cast<std::string>());
  if (evals) {
    if (*evals == 0) throw py::value_error("evals must be positive");
    directory.set_evaluation_budget(*evals);
  }
  if (threads) directory.set_threads(*threads);
  nlohmann::json config = directory.config().to_json();
  const TaskBinding binding = bind_task(task, config);
  const auto experiment = make_experiment(directory.config(), binding.given ? &binding.user : nullptr);
  return drive(directory, *experiment, true, progress, plots);
}

}  // namespace

void bind_runs(py::module_& m) {
  py::class_<RunResult>(m, "RunResult", "What pond.run and pond.resume return: the run directory and a summary dict.")
      .def_readonly("path", &RunResult::path, "The run directory (pathlib.Path).")
      .def_readonly("summary", &RunResult::summary,
                    "evaluations, iterations, seconds, metrics (dict), archive_size, best_objective,\n"
                    "first_solution (0: none), termination, resumed_from, files.")
      .def("__repr__", [](const RunResult& r) {
        return "RunResult(path=" + py::repr(r.path).cast<std::string>() + ", summary=" + py::repr(r.summary).cast<std::string>() + ")";
      });

  m.def("run", &run, py::arg("config"), py::arg("out") = py::none(), py::kw_only(), py::arg("task") = py::none(),
        py::arg("progress") = py::none(), py::arg("plots") = true, R"doc(
Does what `pond run` does: resolves `config` (a dict with the fields of a run.json, e.g.
{'task': 'maze', 'map': 'hard', 'algo': 'novelty', 'seed': 1}; the rest take the published settings),
creates the run directory `out` (default runs/TASK-ALGO-sSEED), runs until the budget (or the first
solution, for NEAT tasks) with checkpoints, and writes the archive files and pictures.

task: a pond.tasks.PythonTask (config task 'user') or PythonNeatTask ('user-neat') to run a Python
function; the config's grid and novelty threshold then default to the task's descriptor box.
progress: a live progress line on stderr (default: only when stderr is a terminal).
Ctrl-C checkpoints the run and raises KeyboardInterrupt; pond.resume continues it.
Raises pond.Error naming the field on a bad config, before anything is written.)doc");
  m.def("resume", &resume, py::arg("path"), py::kw_only(), py::arg("task") = py::none(), py::arg("evals") = py::none(),
        py::arg("threads") = py::none(), py::arg("progress") = py::none(), py::arg("plots") = true, R"doc(
Does what `pond resume` does: continues the run in `path` from its last checkpoint (the same result as
an uninterrupted run), or extends a finished one to `evals` evaluations. A run of a Python task needs
the same task again.)doc");
}

}  // namespace pond::python
