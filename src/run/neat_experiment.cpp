// The registry's NEAT half: maze, XOR and double pole balancing on a NEAT population that selects on
// novelty, fitness or at random.

#include <fmt/format.h>

#include "basic_experiment.hpp"
#include "pond/core/file_io.hpp"
#include "pond/core/grid_archive.hpp"
#include "pond/core/novelty_archive.hpp"
#include "pond/neat/genome_io.hpp"
#include "pond/neat/mutation.hpp"
#include "pond/neat/neat_emitter.hpp"
#include "pond/plot/plot.hpp"
#include "pond/run/run_directory.hpp"
#include "pond/tasks/maze_maps.hpp"
#include "pond/tasks/maze_task.hpp"
#include "pond/tasks/pole_task.hpp"
#include "pond/tasks/xor.hpp"

namespace pond {
namespace {

using neat::Genome;

// A NEAT experiment: also saves the first solution's genome (solution.json).
class NeatExperiment : public BasicExperiment<Genome> {
 public:
  using BasicExperiment<Genome>::BasicExperiment;

  std::vector<std::string> write_results(const RunDirectory& run) const override {
    std::vector<std::string> written;
    if (const auto& solution = scheduler().first_solved()) {
      neat::save_genome(*solution, run.file("solution.json"));
      written.push_back("solution.json");
    }
    return written;
  }

 protected:
  const neat::NeatEmitter& emitter() const { return dynamic_cast<const neat::NeatEmitter&>(*scheduler().emitters().front()); }
};

// The maze: also draws maze.png, the map with where the robots ended and the solver's path.
class MazeExperiment final : public NeatExperiment {
 public:
  MazeExperiment(RunConfig config, tasks::MazeTask task, std::unique_ptr<Archive<Genome>> archive,
                 std::unique_ptr<Archive<Genome>> result_archive, std::vector<std::unique_ptr<Emitter<Genome>>> emitters)
      : NeatExperiment(std::move(config), AnyTask<Genome>(task, "maze"), std::move(archive), std::move(result_archive),
                       std::move(emitters)),
        maze_(std::move(task)) {}

  std::vector<std::string> write_results(const RunDirectory& run) const override {
    std::vector<std::string> written = NeatExperiment::write_results(run);
    write_file_atomic(run.file("maze.png"), plot::maze_png(drawing()));
    written.push_back("maze.png");
    return written;
  }

  std::string fish_png(const Demand& demand, const FishReport& report) const override {
    plot::MazeDrawing d = map_drawing();
    if (demand.target().size() == 2) {
      d.goal_x = demand.target()[0];
      d.goal_y = demand.target()[1];
      d.goal_radius = demand.tolerance();
      d.goal_label = "demanded point";
    }
    for (const auto& s : report.stones) d.points.insert(d.points.end(), s.descriptor.begin(), s.descriptor.end());
    d.points_label = fmt::format("end points of the stones fished ({})", report.stones.size());
    maze_.simulate(neat::genome_from_json(report.answer.solution, "answer"), &d.path);
    d.path_label = report.from_stone ? "the best stone's path" : "the answer's path";
    d.title = fmt::format("{} maze, {}: {}", config().map, demand.description(), fish_outcome(report));
    return plot::maze_png(d);
  }

  std::string lineage_png(EliteId id) const override {
    plot::MazeDrawing d = map_drawing();
    d.chain = chain_descriptors(genealogy(), id);
    d.chain_label = fmt::format("stepping stones to {} ({})", id, d.chain.size() / 2);
    const auto descriptors = archive().elites().descriptors();
    d.points.assign(descriptors.begin(), descriptors.end());
    d.points_label = fmt::format("archived end points ({})", archive().size());
    if (const auto solution = solution_of(id)) {
      maze_.simulate(*solution, &d.path);
      d.path_label = fmt::format("path of {}", id);
    }
    d.title = fmt::format("{} maze: the lineage of candidate {}", config().map, id);
    return plot::maze_png(d);
  }

  /// The picture's content: archived end points for novelty search, the last generation's otherwise.
  plot::MazeDrawing drawing() const {
    plot::MazeDrawing d = map_drawing();
    const RunConfig& c = config();
    if (c.algo == "novelty") {
      const auto descriptors = archive().elites().descriptors();
      d.points.assign(descriptors.begin(), descriptors.end());
      d.points_label = fmt::format("archived end points ({})", archive().size());
    } else {
      d.points = emitter().last_descriptors();
      d.points_label = fmt::format("end points of the last generation ({})", d.points.size() / 2);
    }
    if (const auto& solution = scheduler().first_solved()) {
      maze_.simulate(*solution, &d.path);
      d.path_label = fmt::format("solution, found after {} evaluations", scheduler().first_solution());
    }
    const std::string method = c.algo == "novelty" ? "novelty search" : c.algo == "fitness" ? "fitness-based NEAT" : "random selection";
    d.title = fmt::format("{} maze, {}, seed {}: {}", c.map, method, c.seed,
                          scheduler().first_solution() ? "solved" : "not solved");
    return d;
  }

 private:
  // The walls, start and goal.
  plot::MazeDrawing map_drawing() const {
    const tasks::MazeMap& map = maze_.simulator().map();
    plot::MazeDrawing d;
    for (const tasks::Segment& w : map.walls) d.walls.insert(d.walls.end(), {w.x1, w.y1, w.x2, w.y2});
    d.start_x = map.start_x;
    d.start_y = map.start_y;
    d.goal_x = map.goal_x;
    d.goal_y = map.goal_y;
    d.goal_radius = maze_.simulator().options().goal_radius;
    return d;
  }

  tasks::MazeTask maze_;
};

Genome seed_genome(const RunConfig& c, std::uint32_t inputs, std::uint32_t outputs) {
  // Weights are drawn again for every member of the first generation; these only fill the genome.
  Rng rng = Rng::stream(c.seed, {stream_tag::population});
  // The maze experiments started from one hidden node fed by every input and feeding both outputs.
  if (c.task == "maze") return neat::one_hidden_genome(inputs, outputs, c.neat.weight_init, rng);
  return neat::fully_connected_genome(inputs, outputs, c.neat.weight_init, rng);
}

struct Archives {
  std::unique_ptr<Archive<Genome>> archive, result;
};

// Novelty search keeps a NoveltyArchive and measures coverage on a grid; the others keep a grid of
// the best genome per descriptor cell (the record of where the search went).
Archives make_archives(const RunConfig& c, const std::vector<double>& lower, const std::vector<double>& upper) {
  const GridOptions grid{.dims = c.resolution, .lower = lower, .upper = upper};
  Archives a;
  if (c.algo == "novelty") {
    a.archive = std::make_unique<NoveltyArchive<Genome>>(NoveltyOptions{
        .descriptor_dim = lower.size(), .k = c.k, .initial_threshold = c.threshold, .window_evaluations = c.population});
    a.result = std::make_unique<GridArchive<Genome>>(grid);
  } else {
    a.archive = std::make_unique<GridArchive<Genome>>(grid);
  }
  return a;
}

std::vector<std::unique_ptr<Emitter<Genome>>> make_emitters(const RunConfig& c, Genome seed) {
  neat::NeatEmitterOptions o;
  o.neat = c.neat;
  o.selection = neat::selection_from_string(c.algo);
  o.seed = std::move(seed);
  std::vector<std::unique_ptr<Emitter<Genome>>> emitters;
  emitters.push_back(std::make_unique<neat::NeatEmitter>(std::move(o)));
  return emitters;
}

}  // namespace

plot::MazeDrawing maze_drawing(const Experiment& experiment) {
  const auto* maze = dynamic_cast<const MazeExperiment*>(&experiment);
  if (maze == nullptr) throw std::invalid_argument("maze_drawing: not a maze experiment");
  return maze->drawing();
}

std::unique_ptr<Experiment> make_neat_experiment(const RunConfig& c, const UserTask* user) {
  if (c.task == "user-neat") {
    if (user == nullptr || !user->genomes) throw Error(user_task_missing(c.task));
    check_user_box(c, *user, user->genomes->descriptor_dim());
    if (user->inputs == 0 || user->outputs == 0) throw Error("user task: a NEAT task needs at least one input and one output");
    Archives a = make_archives(c, user->descriptor_lower, user->descriptor_upper);
    auto emitters = make_emitters(c, seed_genome(c, user->inputs, user->outputs));
    return std::make_unique<NeatExperiment>(c, *user->genomes, std::move(a.archive), std::move(a.result), std::move(emitters));
  }
  if (c.task == "maze") {
    tasks::MazeTask task(tasks::load_maze(c.map));
    Archives a = make_archives(c, task.descriptor_lower(), task.descriptor_upper());
    auto emitters = make_emitters(c, seed_genome(c, tasks::maze_inputs, tasks::maze_outputs));
    return std::make_unique<MazeExperiment>(c, std::move(task), std::move(a.archive), std::move(a.result), std::move(emitters));
  }
  if (c.task == "xor") {
    Archives a = make_archives(c, std::vector<double>(4, 0.0), std::vector<double>(4, 1.0));
    auto emitters = make_emitters(c, seed_genome(c, tasks::XorTask::inputs, tasks::XorTask::outputs));
    return std::make_unique<NeatExperiment>(c, AnyTask<Genome>(tasks::XorTask{}, "xor"), std::move(a.archive),
                                            std::move(a.result), std::move(emitters));
  }
  if (c.task == "pole" || c.task == "pole-nv") {
    tasks::PoleTask task(tasks::PoleOptions{.with_velocities = c.task == "pole"});
    Archives a = make_archives(c, {0.0, 0.0}, {1.0, 1.0});
    auto emitters = make_emitters(c, seed_genome(c, static_cast<std::uint32_t>(task.inputs()), tasks::pole_outputs));
    return std::make_unique<NeatExperiment>(c, AnyTask<Genome>(task, c.task), std::move(a.archive), std::move(a.result),
                                            std::move(emitters));
  }
  throw Error("unknown NEAT task '" + c.task + "'");
}

}  // namespace pond
