// pond.tasks: the built-in tasks, callable on a batch (evaluated in C++ with the GIL released, on as
// many threads as asked), and PythonTask / PythonNeatTask, which make a Python function a task.

#include <cmath>
#include <numbers>

#include "pond/core/evaluator.hpp"
#include "pond/neat/network.hpp"
#include "pond/tasks/arm.hpp"
#include "pond/tasks/maze_maps.hpp"
#include "pond/tasks/maze_task.hpp"
#include "pond/tasks/pole_task.hpp"
#include "pond/tasks/projection.hpp"
#include "pond/tasks/xor.hpp"
#include "task_handles.hpp"

namespace pond::python {
namespace {

struct SphereHandle final : VectorTaskHandle {
  using VectorTaskHandle::VectorTaskHandle;
};
struct RastriginHandle final : VectorTaskHandle {
  using VectorTaskHandle::VectorTaskHandle;
};
struct ArmHandle final : VectorTaskHandle {
  using VectorTaskHandle::VectorTaskHandle;
};
struct PythonTaskHandle final : VectorTaskHandle {
  using VectorTaskHandle::VectorTaskHandle;
  py::object function;  ///< kept for `function`; the task holds it too
};
struct MazeHandle final : GenomeTaskHandle {
  using GenomeTaskHandle::GenomeTaskHandle;
  std::shared_ptr<const tasks::MazeTask> maze;  ///< for trajectories
};
struct XorHandle final : GenomeTaskHandle {
  using GenomeTaskHandle::GenomeTaskHandle;
};
struct PoleHandle final : GenomeTaskHandle {
  using GenomeTaskHandle::GenomeTaskHandle;
};
struct PythonNeatTaskHandle final : GenomeTaskHandle {
  using GenomeTaskHandle::GenomeTaskHandle;
  py::object function;
};

template <class Handle, class T>
std::unique_ptr<Handle> vector_handle(T task, const std::string& name, double solution_bound) {
  auto h = std::make_unique<Handle>(AnyTask<Vector>(task, name));
  h->solution_dim = task.solution_dim();
  h->lower = task.descriptor_lower();
  h->upper = task.descriptor_upper();
  h->solution_bound = solution_bound;
  h->evaluate_row = [task](std::span<const double> x, std::span<double> descriptor) { return task.evaluate(x, descriptor); };
  return h;
}

// Checks what a Python task function returned for a batch of n: (objectives (n,), descriptors (n, dim)),
// finite; writes them into [begin, begin + n) of the outputs.
void take_results(const py::object& result, std::size_t n, std::size_t dim, std::size_t begin,
                  std::span<double> objectives, std::span<double> descriptors) {
  if (!py::isinstance<py::tuple>(result) || py::len(result) != 2) {
    throw py::value_error("task function must return a tuple (objectives, descriptors), got " +
                          py::repr(py::type::handle_of(result)).cast<std::string>());
  }
  const auto pair = py::reinterpret_borrow<py::tuple>(result);
  const DoubleArray f = as_doubles(pair[0], "task function: objectives", {static_cast<std::ptrdiff_t>(n)});
  const DoubleArray d = as_doubles(pair[1], "task function: descriptors",
                                   {static_cast<std::ptrdiff_t>(n), static_cast<std::ptrdiff_t>(dim)});
  for (std::size_t i = 0; i < n; ++i) {
    if (!std::isfinite(f.data()[i])) {
      throw py::value_error("task function: objective of candidate " + std::to_string(i) + " of the batch is " +
                            py::repr(py::float_(f.data()[i])).cast<std::string>());
    }
    for (std::size_t k = 0; k < dim; ++k) {
      if (!std::isfinite(d.data()[i * dim + k])) {
        throw py::value_error("task function: descriptor of candidate " + std::to_string(i) + " of the batch is not finite");
      }
    }
  }
  std::copy(f.data(), f.data() + n, objectives.begin() + static_cast<std::ptrdiff_t>(begin));
  std::copy(d.data(), d.data() + n * dim, descriptors.begin() + static_cast<std::ptrdiff_t>(begin * dim));
}

// Holds a Python object for C++ copies of a task: the last owner to let go takes the GIL to release it.
std::shared_ptr<py::object> hold(py::object object) {
  return std::shared_ptr<py::object>(new py::object(std::move(object)), [](py::object* p) {
    py::gil_scoped_acquire gil;
    delete p;
  });
}

// A Python function as a task: called once per range (the whole batch, since it is not thread-safe)
// with the GIL taken; its exceptions travel back to the Python caller unchanged.
class PythonVectorTask {
 public:
  using Solution = Vector;
  PythonVectorTask(py::object function, std::size_t solution_dim, std::size_t descriptor_dim)
      : function_(hold(std::move(function))), solution_dim_(solution_dim), descriptor_dim_(descriptor_dim) {}
  std::size_t descriptor_dim() const noexcept { return descriptor_dim_; }
  static constexpr bool thread_safe = false;
  double evaluate(const Vector& x, std::span<double> descriptor) const {
    double objective = 0.0;
    evaluate_range(std::span<const Vector>(&x, 1), 0, 1, std::span<double>(&objective, 1), descriptor);
    return objective;
  }
  void evaluate_range(std::span<const Vector> solutions, std::size_t begin, std::size_t end, std::span<double> objectives,
                      std::span<double> descriptors) const {
    py::gil_scoped_acquire gil;
    for (std::size_t i = begin; i < end; ++i) {
      if (solutions[i].size() != solution_dim_) {
        throw py::value_error("task: a solution has " + std::to_string(solutions[i].size()) + " coordinates, the task expects " +
                              std::to_string(solution_dim_));
      }
    }
    const DoubleArray batch = rows_to_array(solutions.subspan(begin, end - begin), solution_dim_);
    take_results((*function_)(batch), end - begin, descriptor_dim_, begin, objectives, descriptors);
  }

 private:
  // Shared so that copies of the task (AnyTask copies) never copy a Python reference without the GIL.
  std::shared_ptr<py::object> function_;
  std::size_t solution_dim_, descriptor_dim_;
};

// A Python function on NEAT networks: it receives a list of networks (feed-forward or recurrent).
class PythonGenomeTask {
 public:
  using Solution = neat::Genome;
  PythonGenomeTask(py::object function, std::size_t descriptor_dim, bool recurrent)
      : function_(hold(std::move(function))), descriptor_dim_(descriptor_dim), recurrent_(recurrent) {}
  std::size_t descriptor_dim() const noexcept { return descriptor_dim_; }
  static constexpr bool thread_safe = false;
  double evaluate(const neat::Genome& g, std::span<double> descriptor) const {
    double objective = 0.0;
    evaluate_range(std::span<const neat::Genome>(&g, 1), 0, 1, std::span<double>(&objective, 1), descriptor);
    return objective;
  }
  void evaluate_range(std::span<const neat::Genome> genomes, std::size_t begin, std::size_t end,
                      std::span<double> objectives, std::span<double> descriptors) const {
    py::gil_scoped_acquire gil;
    py::list networks;
    for (std::size_t i = begin; i < end; ++i) {
      if (recurrent_) {
        networks.append(py::cast(neat::RecurrentNetwork(genomes[i])));
      } else {
        networks.append(py::cast(neat::FeedForwardNetwork(genomes[i])));
      }
    }
    take_results((*function_)(networks), end - begin, descriptor_dim_, begin, objectives, descriptors);
  }

 private:
  std::shared_ptr<py::object> function_;
  std::size_t descriptor_dim_;
  bool recurrent_;
};

// A Python task with a goal: `solved(objective, descriptor)` calls the user's Python test, so runs
// can stop at the first solution (and NEAT runs write solution.json).
template <class Base>
class WithGoal : public Base {
 public:
  WithGoal(Base base, py::object solved) : Base(std::move(base)), solved_(hold(std::move(solved))) {}
  bool solved(double objective, std::span<const double> descriptor) const {
    py::gil_scoped_acquire gil;
    return (*solved_)(objective, to_array(descriptor)).template cast<bool>();
  }

 private:
  std::shared_ptr<py::object> solved_;
};

// The task of a Python function, with a goal when `solved` is a function.
template <class S, class Base>
AnyTask<S> python_task(Base base, const py::object& solved) {
  if (solved.is_none()) return AnyTask<S>(std::move(base), "python");
  if (!PyCallable_Check(solved.ptr())) throw py::value_error("solved must be a function (objective, descriptor) -> bool, or None");
  return AnyTask<S>(WithGoal<Base>(std::move(base), solved), "python");
}

// Evaluates rows of `x` with the GIL released, on `threads` threads.
py::tuple evaluate_vectors(const VectorTaskHandle& h, const py::handle& solutions, std::size_t threads) {
  const DoubleArray x = as_doubles(solutions, "evaluate: solutions", {any_length, static_cast<std::ptrdiff_t>(h.solution_dim)});
  const std::size_t n = static_cast<std::size_t>(x.shape(0)), dim = h.solution_dim, ddim = h.task.descriptor_dim();
  py::array_t<double> objectives(static_cast<py::ssize_t>(n));
  DoubleArray descriptors({static_cast<py::ssize_t>(n), static_cast<py::ssize_t>(ddim)});
  double* f = objectives.mutable_data();
  double* d = descriptors.mutable_data();
  const double* data = x.data();
  {
    py::gil_scoped_release release;
    if (!h.evaluate_row) {
      // A Python task: hand it the batch in one call.
      std::vector<Vector> rows(n);
      for (std::size_t i = 0; i < n; ++i) rows[i].assign(data + i * dim, data + (i + 1) * dim);
      h.task.evaluate_range(rows, 0, n, std::span<double>(f, n), std::span<double>(d, n * ddim));
    } else {
      // Built-in tasks read the rows in place: they take spans, so no copy into vectors.
      Evaluator& evaluator = shared_evaluator(threads);
      evaluator.parallel_for(n, default_grain(n, evaluator.threads()), [&](std::size_t begin, std::size_t end) {
        for (std::size_t i = begin; i < end; ++i) {
          f[i] = h.evaluate_row(std::span<const double>(data + i * dim, dim), std::span<double>(d + i * ddim, ddim));
        }
      });
    }
  }
  return py::make_tuple(objectives, descriptors);
}

std::vector<neat::Genome> genome_list(const py::handle& genomes) {
  if (py::isinstance<neat::Genome>(genomes)) throw py::value_error("evaluate: pass a list of genomes, not one genome");
  std::vector<neat::Genome> out;
  for (const py::handle item : genomes) {
    if (!py::isinstance<neat::Genome>(item)) {
      throw py::value_error("evaluate: expected a sequence of pond.Genome, found " +
                            py::repr(py::type::handle_of(item)).cast<std::string>());
    }
    out.push_back(item.cast<neat::Genome>());
  }
  return out;
}

py::tuple evaluate_genomes(const GenomeTaskHandle& h, const py::handle& genomes, std::size_t threads) {
  const std::vector<neat::Genome> batch = genome_list(genomes);
  const std::size_t n = batch.size(), ddim = h.task.descriptor_dim();
  py::array_t<double> objectives(static_cast<py::ssize_t>(n));
  DoubleArray descriptors({static_cast<py::ssize_t>(n), static_cast<py::ssize_t>(ddim)});
  {
    py::gil_scoped_release release;
    evaluate_batch(shared_evaluator(threads), h.task, std::span<const neat::Genome>(batch),
                   std::span<double>(objectives.mutable_data(), n), std::span<double>(descriptors.mutable_data(), n * ddim));
  }
  return py::make_tuple(objectives, descriptors);
}

py::array_t<bool> solved_flags(const GenomeTaskHandle& h, const py::handle& objectives, const py::handle& descriptors) {
  const DoubleArray f = as_doubles(objectives, "solved: objectives", {any_length});
  const std::size_t dim = h.task.descriptor_dim();
  const DoubleArray d = as_doubles(descriptors, "solved: descriptors", {f.shape(0), static_cast<std::ptrdiff_t>(dim)});
  py::array_t<bool> out(f.shape(0));
  for (py::ssize_t i = 0; i < f.shape(0); ++i) {
    out.mutable_data()[i] = h.task.solved(f.data()[i], std::span<const double>(d.data() + i * dim, dim));
  }
  return out;
}

std::size_t positive(py::ssize_t value, const char* what) {
  if (value <= 0) throw py::value_error(std::string(what) + " must be positive, got " + std::to_string(value));
  return static_cast<std::size_t>(value);
}

}  // namespace

void bind_tasks(py::module_& parent) {
  py::module_ m = parent.def_submodule("tasks", "pond's built-in tasks, and Python functions as tasks.");

  py::class_<VectorTaskHandle>(m, "VectorTask", R"doc(
A task on real vectors. ``evaluate(solutions, threads=1)`` takes a (n, solution_dim) array and returns
(objectives (n,), descriptors (n, descriptor_dim)); built-in tasks run in C++ without the GIL.)doc")
      .def("evaluate", &evaluate_vectors, py::arg("solutions"), py::arg("threads") = 1,
           "Evaluates a batch: (n, solution_dim) -> (objectives (n,), descriptors (n, descriptor_dim)).\n"
           "threads: evaluator threads (0 = all cores); the result does not depend on it.")
      .def("__call__", &evaluate_vectors, py::arg("solutions"), py::arg("threads") = 1, "Same as evaluate.")
      .def_property_readonly("solution_dim", [](const VectorTaskHandle& h) { return h.solution_dim; }, "Coordinates of a solution.")
      .def_property_readonly("descriptor_dim", [](const VectorTaskHandle& h) { return h.task.descriptor_dim(); },
                             "Length of a descriptor.")
      .def_property_readonly("ranges", [](const VectorTaskHandle& h) { return ranges_list(h.lower, h.upper); },
                             "The descriptor box as [(low, high), ...]: the published grid's bounds (use as an archive's ranges).")
      .def_property_readonly("name", [](const VectorTaskHandle& h) { return h.task.name(); }, "The task's name.");

  py::class_<SphereHandle, VectorTaskHandle>(m, "Sphere", R"doc(
Linear-projection sphere (CMA-ME, Fontaine et al. 2020): objective 100 (W - sum (x_i - shift)^2) / W,
descriptor = clipped sums of the two halves of x. Sphere(dim=100, shift=2.048).)doc")
      .def(py::init([](py::ssize_t dim, double shift) {
             return vector_handle<SphereHandle>(tasks::Sphere({.dim = positive(dim, "dim"), .shift = shift}), "sphere", 5.12);
           }),
           py::arg("dim") = 100, py::arg("shift") = 2.048);
  py::class_<RastriginHandle, VectorTaskHandle>(m, "Rastrigin", R"doc(
Linear-projection Rastrigin (CMA-ME): as Sphere with the Rastrigin function. Rastrigin(dim=100, shift=2.048).)doc")
      .def(py::init([](py::ssize_t dim, double shift) {
             return vector_handle<RastriginHandle>(tasks::Rastrigin({.dim = positive(dim, "dim"), .shift = shift}), "rastrigin", 5.12);
           }),
           py::arg("dim") = 100, py::arg("shift") = 2.048);
  py::class_<ArmHandle, VectorTaskHandle>(m, "Arm", R"doc(
Planar arm: joint angles -> objective 100 (1 - Var(theta)), descriptor = end-effector (x, y).
Arm(joints=100, link_lengths=None) (None: every link has length 1).)doc")
      .def(py::init([](py::ssize_t joints, std::optional<std::vector<double>> link_lengths) {
             return vector_handle<ArmHandle>(
                 tasks::Arm({.joints = positive(joints, "joints"), .link_lengths = link_lengths.value_or(std::vector<double>{})}),
                 "arm", std::numbers::pi);
           }),
           py::arg("joints") = 100, py::arg("link_lengths") = py::none());
  py::class_<PythonTaskHandle, VectorTaskHandle>(m, "PythonTask", R"doc(
A Python function as a task on real vectors, for schedulers and pond.run.

PythonTask(function, *, solution_dim, ranges, solution_bound=1.0, solved=None)

function(solutions) receives a (n, solution_dim) float64 array and returns (objectives (n,),
descriptors (n, len(ranges))), finite. ranges: the descriptor box [(low, high), ...] that grids cover.
solution_bound: the random baseline samples in [-bound, bound]^solution_dim.
solved: optional goal test solved(objective, descriptor) -> bool; runs then record the first solution
and, with 'stop_when_solved', stop there.)doc")
      .def(py::init([](py::function function, py::ssize_t solution_dim, const py::handle& ranges, double solution_bound,
                       const py::object& solved) {
             auto [lower, upper] = split_ranges(ranges, "ranges");
             const std::size_t dim = positive(solution_dim, "solution_dim");
             if (!(solution_bound > 0.0) || !std::isfinite(solution_bound)) throw py::value_error("solution_bound must be positive and finite");
             auto h = std::make_unique<PythonTaskHandle>(python_task<Vector>(PythonVectorTask(function, dim, lower.size()), solved));
             h->solution_dim = dim;
             h->lower = std::move(lower);
             h->upper = std::move(upper);
             h->solution_bound = solution_bound;
             h->function = function;
             h->python = true;
             return h;
           }),
           py::arg("function"), py::kw_only(), py::arg("solution_dim"), py::arg("ranges"), py::arg("solution_bound") = 1.0,
           py::arg("solved") = py::none())
      .def_property_readonly("function", [](const PythonTaskHandle& h) { return h.function; }, "The Python function.");

  py::class_<GenomeTaskHandle>(m, "GenomeTask", R"doc(
A task on NEAT genomes. ``evaluate(genomes, threads=1)`` takes a list of pond.Genome and returns
(objectives (n,), descriptors (n, descriptor_dim)); built-in tasks run in C++ without the GIL.)doc")
      .def("evaluate", &evaluate_genomes, py::arg("genomes"), py::arg("threads") = 1,
           "Evaluates a list of genomes -> (objectives (n,), descriptors (n, descriptor_dim)).")
      .def("__call__", &evaluate_genomes, py::arg("genomes"), py::arg("threads") = 1, "Same as evaluate.")
      .def("solved", &solved_flags, py::arg("objectives"), py::arg("descriptors"),
           "Whether the task judges each result solved (always False for tasks without a goal).")
      .def_property_readonly("inputs", [](const GenomeTaskHandle& h) { return h.inputs; }, "Network inputs (a bias counts as one).")
      .def_property_readonly("outputs", [](const GenomeTaskHandle& h) { return h.outputs; }, "Network outputs.")
      .def_property_readonly("descriptor_dim", [](const GenomeTaskHandle& h) { return h.task.descriptor_dim(); },
                             "Length of a descriptor.")
      .def_property_readonly("ranges", [](const GenomeTaskHandle& h) { return ranges_list(h.lower, h.upper); },
                             "The descriptor box as [(low, high), ...].")
      .def_property_readonly("name", [](const GenomeTaskHandle& h) { return h.task.name(); }, "The task's name.");

  py::class_<MazeHandle, GenomeTaskHandle>(m, "Maze", R"doc(
The deceptive maze of Lehman and Stanley (2011): a recurrent network drives a robot for 400 steps;
objective 300 - final distance to the goal, descriptor = final (x, y), solved within 5 of the goal.
Maze(map='hard'): 'medium', 'hard' or the path of a maze file.)doc")
      .def(py::init([](const std::string& map) {
             auto maze = std::make_shared<const tasks::MazeTask>(tasks::load_maze(map));
             auto h = std::make_unique<MazeHandle>(AnyTask<neat::Genome>(*maze, "maze"));
             h->maze = std::move(maze);
             h->inputs = tasks::maze_inputs;
             h->outputs = tasks::maze_outputs;
             h->lower = h->maze->descriptor_lower();
             h->upper = h->maze->descriptor_upper();
             return h;
           }),
           py::arg("map") = "hard")
      .def(
          "trajectory",
          [](const MazeHandle& h, const neat::Genome& genome) {
            std::vector<double> path;
            h.maze->simulate(genome, &path);
            DoubleArray out({static_cast<py::ssize_t>(path.size() / 2), py::ssize_t{2}});
            std::copy(path.begin(), path.end(), out.mutable_data());
            return out;
          },
          py::arg("genome"), "The robot's path under `genome`: (steps + 1, 2) positions from the start.")
      .def_property_readonly("goal", [](const MazeHandle& h) {
            const auto& map = h.maze->simulator().map();
            return py::make_tuple(map.goal_x, map.goal_y);
          }, "The goal (x, y).")
      .def_property_readonly("start", [](const MazeHandle& h) {
            const auto& map = h.maze->simulator().map();
            return py::make_tuple(map.start_x, map.start_y);
          }, "The start (x, y).");
  py::class_<XorHandle, GenomeTaskHandle>(m, "Xor", R"doc(
XOR (NEAT 2002): 3 inputs (a, b, bias), 1 output; objective (4 - sum |error|)^2, descriptor = the 4 outputs;
solved when every output is on the right side of 0.5.)doc")
      .def(py::init([] {
        auto h = std::make_unique<XorHandle>(AnyTask<neat::Genome>(tasks::XorTask{}, "xor"));
        h->inputs = tasks::XorTask::inputs;
        h->outputs = tasks::XorTask::outputs;
        h->lower.assign(4, 0.0);
        h->upper.assign(4, 1.0);
        return h;
      }));
  py::class_<PoleHandle, GenomeTaskHandle>(m, "Pole", R"doc(
Double pole balancing (NEAT 2002), with velocities (Pole(velocities=True)) or without them (damping
fitness). Descriptor: (fraction of the time balanced, solved flag).)doc")
      .def(py::init([](bool velocities) {
             tasks::PoleTask task(tasks::PoleOptions{.with_velocities = velocities});
             auto h = std::make_unique<PoleHandle>(AnyTask<neat::Genome>(task, velocities ? "pole" : "pole-nv"));
             h->inputs = static_cast<std::uint32_t>(task.inputs());
             h->outputs = tasks::pole_outputs;
             h->lower.assign(2, 0.0);
             h->upper.assign(2, 1.0);
             return h;
           }),
           py::arg("velocities") = true);
  py::class_<PythonNeatTaskHandle, GenomeTaskHandle>(m, "PythonNeatTask", R"doc(
A Python function as a task on NEAT networks, for pond.run with NEAT.

PythonNeatTask(function, *, inputs, outputs, ranges, recurrent=False, solved=None)

function(networks) receives a list of networks (RecurrentNetwork when recurrent, else
FeedForwardNetwork), each with activate(inputs) -> outputs, and returns (objectives (n,),
descriptors (n, len(ranges))). inputs counts a bias input if you feed one.
solved: optional goal test solved(objective, descriptor) -> bool; NEAT runs then stop at the first
solution (unless the config sets 'stop_when_solved': false) and write it to solution.json.)doc")
      .def(py::init([](py::function function, py::ssize_t inputs, py::ssize_t outputs, const py::handle& ranges, bool recurrent,
                       const py::object& solved) {
             auto [lower, upper] = split_ranges(ranges, "ranges");
             auto h = std::make_unique<PythonNeatTaskHandle>(python_task<neat::Genome>(PythonGenomeTask(function, lower.size(), recurrent), solved));
             h->lower = std::move(lower);
             h->upper = std::move(upper);
             h->inputs = static_cast<std::uint32_t>(positive(inputs, "inputs"));
             h->outputs = static_cast<std::uint32_t>(positive(outputs, "outputs"));
             h->recurrent = recurrent;
             h->function = function;
             h->python = true;
             return h;
           }),
           py::arg("function"), py::kw_only(), py::arg("inputs"), py::arg("outputs"), py::arg("ranges"),
           py::arg("recurrent") = false, py::arg("solved") = py::none())
      .def_property_readonly("recurrent", [](const PythonNeatTaskHandle& h) { return h.recurrent; },
                             "Whether the function receives RecurrentNetwork (else FeedForwardNetwork).")
      .def_property_readonly("function", [](const PythonNeatTaskHandle& h) { return h.function; }, "The Python function.");
}

}  // namespace pond::python
