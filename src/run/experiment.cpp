#include "pond/run/experiment.hpp"

#include "basic_experiment.hpp"

#include <numbers>

#include "pond/core/cvt_archive.hpp"
#include "pond/core/grid_archive.hpp"
#include "pond/core/novelty_archive.hpp"
#include "pond/core/vector_emitters.hpp"
#include "pond/tasks/arm.hpp"
#include "pond/tasks/projection.hpp"

namespace pond {

namespace {

struct TaskParts {
  AnyTask<Vector> task;
  std::size_t solution_dim;
  std::vector<double> lower, upper;   // descriptor box
  double random_bound;                // the random baseline samples in [-bound, bound]^n
};

template <class T>
TaskParts parts_of(T task, const std::string& name, double random_bound) {
  TaskParts p{AnyTask<Vector>(task, name), task.solution_dim(), task.descriptor_lower(), task.descriptor_upper(),
              random_bound};
  return p;
}

TaskParts make_task(const RunConfig& c, const UserTask* user) {
  if (c.task == "user") {
    if (user == nullptr || !user->vectors) throw Error(user_task_missing(c.task));
    check_user_box(c, *user, user->vectors->descriptor_dim());
    return TaskParts{*user->vectors, c.dim, user->descriptor_lower, user->descriptor_upper, user->solution_bound};
  }
  if (c.task == "sphere") return parts_of(tasks::Sphere({.dim = c.dim}), c.task, 5.12);
  if (c.task == "rastrigin") return parts_of(tasks::Rastrigin({.dim = c.dim}), c.task, 5.12);
  if (c.task == "arm") return parts_of(tasks::Arm({.joints = c.joints}), c.task, std::numbers::pi);
  throw Error("unknown task '" + c.task + "'");
}

// Splits `batch` candidates over `count` emitters as evenly as possible.
std::size_t share(std::size_t batch, std::size_t count, std::size_t i) {
  return batch / count + (i < batch % count ? 1 : 0);
}

std::unique_ptr<Experiment> make_vector_experiment(const RunConfig& config, const UserTask* user) {
  const TaskParts parts = make_task(config, user);
  const std::vector<double>& lower = parts.lower;
  const std::vector<double>& upper = parts.upper;
  const GridOptions grid{.dims = config.resolution, .lower = lower, .upper = upper};
  const std::string& algo = config.algo;
  std::unique_ptr<Archive<Vector>> archive, result_archive;
  if (algo == "cvt-map-elites") {
    archive = std::make_unique<CvtArchive<Vector>>(CvtOptions{.cells = config.cells,
                                                              .lower = lower,
                                                              .upper = upper,
                                                              .samples = config.cvt_samples,
                                                              .seed = mix_seed(config.seed, {stream_tag::archive})});
  } else if (algo == "novelty") {
    archive = std::make_unique<NoveltyArchive<Vector>>(NoveltyOptions{
        .descriptor_dim = lower.size(), .k = config.k, .initial_threshold = config.threshold,
        .window_evaluations = config.batch});
    result_archive = std::make_unique<GridArchive<Vector>>(grid);
  } else {
    archive = std::make_unique<GridArchive<Vector>>(grid);
  }

  std::vector<std::unique_ptr<Emitter<Vector>>> emitters;
  const Vector x0(parts.solution_dim, 0.0);
  for (std::size_t i = 0; i < config.emitters; ++i) {
    const std::size_t batch = share(config.batch, config.emitters, i);
    if (algo == "line-map-elites") {
      emitters.push_back(std::make_unique<IsoLineEmitter>(
          IsoLineOptions{.x0 = x0, .sigma_iso = config.sigma_iso, .sigma_line = config.sigma_line, .batch = batch}));
    } else if (algo == "random") {
      emitters.push_back(std::make_unique<RandomEmitter>(RandomOptions{
          .lower = Vector(parts.solution_dim, -parts.random_bound), .upper = Vector(parts.solution_dim, parts.random_bound),
          .batch = batch}));
    } else {
      emitters.push_back(std::make_unique<GaussianEmitter>(GaussianOptions{.x0 = x0, .sigma = config.sigma, .batch = batch}));
    }
  }
  return std::make_unique<BasicExperiment<Vector>>(config, parts.task, std::move(archive), std::move(result_archive),
                                                   std::move(emitters));
}

}  // namespace

void check_user_box(const RunConfig& c, const UserTask& user, std::size_t descriptor_dim) {
  if (user.descriptor_lower.size() != descriptor_dim || user.descriptor_upper.size() != descriptor_dim) {
    throw Error("user task: the descriptor box needs " + std::to_string(descriptor_dim) + " lower and upper bounds (got " +
                std::to_string(user.descriptor_lower.size()) + " and " + std::to_string(user.descriptor_upper.size()) + ")");
  }
  if (c.resolution.size() != descriptor_dim) {
    throw Error("user task: 'resolution' has " + std::to_string(c.resolution.size()) + " entries but the task's descriptor has " +
                std::to_string(descriptor_dim));
  }
}

std::string user_task_missing(const std::string& task) {
  return "the task '" + task + "' is defined by the program that started the run (a Python function given to "
         "pond.run): build or resume this run from that program, passing the task again";
}

std::unique_ptr<Experiment> make_experiment(const RunConfig& config, const UserTask* user) {
  if (is_neat_task(config.task)) return make_neat_experiment(config, user);
  return make_vector_experiment(config, user);
}

}  // namespace pond
