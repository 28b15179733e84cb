// pond.Scheduler: the batch ask/tell loop over numpy arrays, and whole runs on a task in C++.

#include <cmath>

#include "archive_handles.hpp"
#include "emitters.hpp"
#include "pond/core/scheduler.hpp"
#include "task_handles.hpp"

namespace pond::python {
namespace {

// The Python scheduler: the C++ scheduler, the archives it refers to (kept alive by pybind11's
// keep_alive) and its evaluator.
class PyScheduler {
 public:
  PyScheduler(VectorArchive& archive, const std::vector<std::shared_ptr<Emitter<Vector>>>& emitters, std::uint64_t seed,
              VectorArchive* result_archive, std::size_t threads)
      : archive_(archive), result_archive_(result_archive), emitters_(emitters), evaluator_(&shared_evaluator(threads)) {
    if (emitters.empty()) throw py::value_error("Scheduler: needs at least one emitter");
    std::vector<std::unique_ptr<Emitter<Vector>>> owned;
    for (std::size_t i = 0; i < emitters.size(); ++i) {
      if (!emitters[i]) throw py::value_error("Scheduler: emitter " + std::to_string(i) + " is None");
      archive.expect_solution_dim(emitter_solution_dim(*emitters[i]), "Scheduler: emitter " + std::to_string(i));
      owned.push_back(share_emitter(emitters[i]));
    }
    if (result_archive != nullptr) result_archive->expect_solution_dim(archive.solution_dim, "Scheduler: result_archive");
    scheduler_ = std::make_unique<Scheduler<Vector>>(*archive.impl, std::move(owned), seed,
                                                     result_archive ? result_archive->impl.get() : nullptr);
  }

  DoubleArray ask() {
    // The array is filled emitter by emitter, each piece while it is still in cache.
    const std::size_t dim = archive_.solution_dim;
    DoubleArray out({static_cast<py::ssize_t>(scheduler_->batch_size()), static_cast<py::ssize_t>(dim)});
    double* data = out.mutable_data();
    {
      const ArchivesInUse use(archive_, result_archive_);
      py::gil_scoped_release release;
      const auto batch = scheduler_->ask(*evaluator_, [&](std::size_t begin, std::size_t end) {
        copy_rows(std::span<const Vector>(scheduler_->batch()).subspan(begin, end - begin), dim, data + begin * dim);
      });
      if (batch.size() * dim != static_cast<std::size_t>(out.size())) throw std::logic_error("Scheduler.ask: batch size changed");
    }
    asked_ = true;
    return out;
  }

  py::array_t<std::uint8_t> tell(const py::handle& objectives, const py::handle& descriptors) {
    if (!asked_) throw std::logic_error("tell: no batch to tell; call ask() first (each ask is told once)");
    const auto n = static_cast<std::ptrdiff_t>(scheduler_->batch().size());
    const std::size_t dim = archive_.impl->descriptor_dim();
    const DoubleArray f = as_doubles(objectives, "tell: objectives", {n});
    const DoubleArray d = as_doubles(descriptors, "tell: descriptors", {n, static_cast<std::ptrdiff_t>(dim)});
    // Copies: the caller's arrays could change (another thread) once the GIL is released below.
    const std::vector<double> objective_values(f.data(), f.data() + n);
    const std::vector<double> descriptor_values(d.data(), d.data() + static_cast<std::size_t>(n) * dim);
    for (std::ptrdiff_t i = 0; i < n; ++i) {
      if (!std::isfinite(objective_values[static_cast<std::size_t>(i)])) {
        throw py::value_error("tell: objective of candidate " + std::to_string(i) + " is " +
                              py::repr(py::float_(objective_values[static_cast<std::size_t>(i)])).cast<std::string>() +
                              "; objectives must be finite");
      }
      for (std::size_t k = 0; k < dim; ++k) {
        if (!std::isfinite(descriptor_values[static_cast<std::size_t>(i) * dim + k])) {
          throw py::value_error("tell: descriptor " + std::to_string(k) + " of candidate " + std::to_string(i) +
                                " is not finite");
        }
      }
    }
    std::span<const AddStatus> status;
    {
      const ArchivesInUse use(archive_, result_archive_);
      py::gil_scoped_release release;
      status = scheduler_->tell(objective_values, descriptor_values);
    }
    asked_ = false;
    py::array_t<std::uint8_t> out(n);
    std::transform(status.begin(), status.end(), out.mutable_data(), [](AddStatus s) { return static_cast<std::uint8_t>(s); });
    return out;
  }

  py::dict run(const VectorTaskHandle& task, std::uint64_t evaluations, std::uint64_t iterations, bool stop_when_solved) {
    if (task.solution_dim != archive_.solution_dim) {
      throw py::value_error("Scheduler.run: the task takes solutions of " + std::to_string(task.solution_dim) +
                            " coordinates, the emitters make " + std::to_string(archive_.solution_dim));
    }
    if (evaluations == 0 && iterations == 0) throw py::value_error("Scheduler.run: give evaluations or iterations");
    if (asked_) throw std::logic_error("Scheduler.run: the last ask() was not told yet");
    RunSummary summary;
    {
      const ArchivesInUse use(archive_, result_archive_);
      py::gil_scoped_release release;
      summary = scheduler_->run(task.task, *evaluator_, RunLimits{evaluations, iterations, stop_when_solved});
    }
    return summary_dict(summary);
  }

  Scheduler<Vector>& get() { return *scheduler_; }
  const std::vector<std::shared_ptr<Emitter<Vector>>>& emitters() const { return emitters_; }
  std::size_t threads() const { return evaluator_->threads(); }

 private:
  VectorArchive& archive_;
  VectorArchive* result_archive_;
  std::vector<std::shared_ptr<Emitter<Vector>>> emitters_;
  Evaluator* evaluator_;
  std::unique_ptr<Scheduler<Vector>> scheduler_;
  bool asked_ = false;  // a batch was asked for and not told yet
};

}  // namespace

void bind_scheduler(py::module_& m) {
  py::class_<PyScheduler>(m, "Scheduler", R"doc(
Joins one archive and any number of emitters in a batch ask/tell loop:

    scheduler = pond.Scheduler(archive, emitters, seed=1)
    for _ in range(iterations):
        solutions = scheduler.ask()                  # (batch, solution_dim) float64
        objectives, descriptors = task(solutions)    # yours, or a pond.tasks task
        scheduler.tell(objectives, descriptors)      # -> add status per candidate

Scheduler(archive, emitters, seed=0, result_archive=None, threads=1)

Same seed, same candidates, whatever `threads` (which only makes candidates in parallel). A result
archive receives every evaluated candidate too and is the one metrics() reports (as pyribs'
result_archive): for example a grid that measures what a novelty search covered.)doc")
      .def(py::init<VectorArchive&, const std::vector<std::shared_ptr<Emitter<Vector>>>&, std::uint64_t, VectorArchive*, std::size_t>(),
           py::arg("archive"), py::arg("emitters"), py::arg("seed") = 0, py::arg("result_archive") = py::none(),
           py::arg("threads") = 1, py::keep_alive<1, 2>(), py::keep_alive<1, 5>())
      .def("ask", &PyScheduler::ask,
           "Asks every emitter for candidates; returns them as a (batch_size, solution_dim) float64 array.\n"
           "Raises RuntimeError when the previous batch was not told.")
      .def("tell", &PyScheduler::tell, py::arg("objectives"), py::arg("descriptors"),
           "Tells the objectives (batch,) and descriptors (batch, descriptor_dim) of the last ask. Adds the\n"
           "candidates to the archive(s), gives the emitters their feedback and returns each candidate's\n"
           "status as uint8: 0 not added, 1 improved an occupied cell, 2 new cell. Raises ValueError on a\n"
           "wrong shape or a non-finite value (nothing changes then), RuntimeError without an ask.")
      .def("run", &PyScheduler::run, py::arg("task"), py::kw_only(), py::arg("evaluations") = 0, py::arg("iterations") = 0,
           py::arg("stop_when_solved") = false,
           "Runs ask -> evaluate -> tell in C++ on a pond.tasks.VectorTask (built-in or PythonTask) until\n"
           "`evaluations` or `iterations` (totals since the scheduler was made; whichever comes first; 0 = no\n"
           "limit) is reached, or, with stop_when_solved, after the iteration in which the task first judges a\n"
           "candidate solved. Returns a summary dict.")
      .def("metrics", [](PyScheduler& s) { return metrics_dict(s.get().metrics()); },
           "Metrics of the reporting archive (the result archive if set), as a dict.")
      .def_property_readonly("evaluations", [](PyScheduler& s) { return s.get().evaluations(); }, "Evaluations told so far.")
      .def_property_readonly("iterations", [](PyScheduler& s) { return s.get().iterations(); }, "Iterations (tells) so far.")
      .def_property_readonly("seed", [](PyScheduler& s) { return s.get().seed(); }, "The seed.")
      .def_property_readonly("threads", &PyScheduler::threads, "Threads that make candidates.")
      .def_property_readonly("batch_size", [](PyScheduler& s) { return s.get().batch_size(); },
                             "Candidates per ask (the emitters' batch sizes summed).")
      .def_property_readonly("best_objective", [](PyScheduler& s) { return s.get().best_objective(); },
                             "The best objective told so far (NaN before any tell).")
      .def_property_readonly("emitters", &PyScheduler::emitters, "The emitters.")
      .def_property_readonly(
          "batch_parents",
          [](PyScheduler& s) { return parents_array(s.get().batch_parents()); },
          "The parent ids of the last batch, (batch, 2) int64 (-1: none). Candidate i's own id is\n"
          "evaluations + i until the batch is told.");
}

}  // namespace pond::python
