#include "pond/run/experiment.hpp"

#include <numbers>

#include "pond/core/cvt_archive.hpp"
#include "pond/core/grid_archive.hpp"
#include "pond/core/novelty_archive.hpp"
#include "pond/core/vector_emitters.hpp"
#include "pond/tasks/arm.hpp"
#include "pond/tasks/projection.hpp"

namespace pond {

struct TaskParts {
  AnyTask<Vector> task;
  std::size_t solution_dim;
  std::vector<double> lower, upper;   // descriptor box
  double random_bound;                // the random baseline samples in [-bound, bound]^n
};

namespace {

template <class T>
TaskParts parts_of(T task, const std::string& name, double random_bound) {
  TaskParts p{AnyTask<Vector>(task, name), task.solution_dim(), task.descriptor_lower(), task.descriptor_upper(),
              random_bound};
  return p;
}

TaskParts make_task(const RunConfig& c) {
  if (c.task == "sphere") return parts_of(tasks::Sphere({.dim = c.dim}), c.task, 5.12);
  if (c.task == "rastrigin") return parts_of(tasks::Rastrigin({.dim = c.dim}), c.task, 5.12);
  if (c.task == "arm") return parts_of(tasks::Arm({.joints = c.joints}), c.task, std::numbers::pi);
  throw Error("unknown task '" + c.task + "'");
}

// Splits `batch` candidates over `count` emitters as evenly as possible.
std::size_t share(std::size_t batch, std::size_t count, std::size_t i) {
  return batch / count + (i < batch % count ? 1 : 0);
}

}  // namespace

Experiment::Experiment(const RunConfig& config) : Experiment(config, make_task(config)) {}

Experiment::Experiment(const RunConfig& config, const TaskParts& parts)
    : config_(config), task_(parts.task), lower_(parts.lower), upper_(parts.upper) {
  const GridOptions grid{.dims = config_.resolution, .lower = lower_, .upper = upper_};
  const std::string& algo = config_.algo;
  if (algo == "cvt-map-elites") {
    archive_ = std::make_unique<CvtArchive<Vector>>(CvtOptions{.cells = config_.cells,
                                                                .lower = lower_,
                                                                .upper = upper_,
                                                                .samples = config_.cvt_samples,
                                                                .seed = mix_seed(config_.seed, {stream_tag::archive})});
  } else if (algo == "novelty") {
    archive_ = std::make_unique<NoveltyArchive<Vector>>(NoveltyOptions{
        .descriptor_dim = lower_.size(), .k = config_.k, .initial_threshold = config_.threshold,
        .window_evaluations = config_.batch});
    result_archive_ = std::make_unique<GridArchive<Vector>>(grid);
  } else {
    archive_ = std::make_unique<GridArchive<Vector>>(grid);
  }

  std::vector<std::unique_ptr<Emitter<Vector>>> emitters;
  const Vector x0(parts.solution_dim, 0.0);
  for (std::size_t i = 0; i < config_.emitters; ++i) {
    const std::size_t batch = share(config_.batch, config_.emitters, i);
    if (algo == "line-map-elites") {
      emitters.push_back(std::make_unique<IsoLineEmitter>(
          IsoLineOptions{.x0 = x0, .sigma_iso = config_.sigma_iso, .sigma_line = config_.sigma_line, .batch = batch}));
    } else if (algo == "random") {
      emitters.push_back(std::make_unique<RandomEmitter>(RandomOptions{
          .lower = Vector(parts.solution_dim, -parts.random_bound), .upper = Vector(parts.solution_dim, parts.random_bound),
          .batch = batch}));
    } else {
      emitters.push_back(std::make_unique<GaussianEmitter>(GaussianOptions{.x0 = x0, .sigma = config_.sigma, .batch = batch}));
    }
  }
  scheduler_ = std::make_unique<Scheduler<Vector>>(*archive_, std::move(emitters), config_.seed, result_archive_.get());
}

Experiment::~Experiment() = default;

std::unique_ptr<Archive<Vector>> make_archive(const nlohmann::json& config, const std::string& source) {
  try {
    const std::string kind = config.at("kind").get<std::string>();
    if (kind == "grid") {
      return std::make_unique<GridArchive<Vector>>(GridOptions{.dims = config.at("dims").get<std::vector<std::size_t>>(),
                                                                .lower = config.at("lower").get<std::vector<double>>(),
                                                                .upper = config.at("upper").get<std::vector<double>>(),
                                                                .qd_offset = config.at("qd_offset").get<double>()});
    }
    if (kind == "cvt") {
      return std::make_unique<CvtArchive<Vector>>(CvtOptions{.cells = config.at("cells").get<std::size_t>(),
                                                              .lower = config.at("lower").get<std::vector<double>>(),
                                                              .upper = config.at("upper").get<std::vector<double>>(),
                                                              .samples = config.at("samples").get<std::size_t>(),
                                                              .iterations = config.at("iterations").get<std::size_t>(),
                                                              .seed = config.at("seed").get<std::uint64_t>(),
                                                              .qd_offset = config.at("qd_offset").get<double>()});
    }
    if (kind == "novelty") {
      return std::make_unique<NoveltyArchive<Vector>>(
          NoveltyOptions{.descriptor_dim = config.at("descriptor_dim").get<std::size_t>(),
                         .k = config.at("k").get<std::size_t>(),
                         .initial_threshold = config.at("initial_threshold").get<double>(),
                         .min_threshold = config.at("min_threshold").get<double>(),
                         .stall_evaluations = config.at("stall_evaluations").get<std::uint64_t>(),
                         .lower_factor = config.at("lower_factor").get<double>(),
                         .window_evaluations = config.at("window_evaluations").get<std::uint64_t>(),
                         .raise_after = config.at("raise_after").get<std::size_t>(),
                         .raise_factor = config.at("raise_factor").get<double>(),
                         .metric = metric_from_string(config.at("metric").get<std::string>()),
                         .qd_offset = config.at("qd_offset").get<double>()});
    }
    throw Error(source + ": unknown archive kind '" + kind + "'");
  } catch (const nlohmann::json::exception& e) {
    throw FormatError(source + ": invalid archive config: " + e.what());
  } catch (const std::invalid_argument& e) {
    throw FormatError(source + ": invalid archive config: " + e.what());
  }
}

std::string write_archive_bytes(const Archive<Vector>& archive) {
  BinaryWriter out;
  out.write_header("PNDA", 1);
  out.write_string(archive.config().dump());
  archive.save(out);
  out.write_checksum();
  return out.take();
}

std::unique_ptr<Archive<Vector>> read_archive_bytes(std::string_view bytes, const std::string& source) {
  BinaryReader in(checked_body(bytes, source), source);
  in.read_header("PNDA", 1);
  nlohmann::json config;
  try {
    config = nlohmann::json::parse(in.read_string("archive config"));
  } catch (const nlohmann::json::parse_error&) {
    in.fail("archive config is not valid JSON");
  }
  auto archive = make_archive(config, source);
  archive->load(in);
  if (in.remaining() != 0) in.fail("unexpected data after the archive");
  return archive;
}

}  // namespace pond
