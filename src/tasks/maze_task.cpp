#include "pond/tasks/maze_task.hpp"

#include <algorithm>
#include <cmath>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>

#include "pond/neat/network.hpp"
#include "pond/neat/network_lanes.hpp"

namespace pond::tasks {
namespace {

void check_shape(const neat::Genome& genome) {
  if (genome.inputs != maze_inputs || genome.outputs != maze_outputs) {
    throw std::invalid_argument("maze: a controller needs " + std::to_string(maze_inputs) + " inputs and " +
                                std::to_string(maze_outputs) + " outputs; the genome has " +
                                std::to_string(genome.inputs) + " and " + std::to_string(genome.outputs));
  }
}

// Lower and upper corners of the box holding every wall and the start: where a robot can end.
std::pair<std::vector<double>, std::vector<double>> bounding_box(const MazeMap& m) {
  std::vector<double> lo{m.start_x, m.start_y}, hi = lo;
  for (const Segment& s : m.walls) {
    lo = {std::min({lo[0], s.x1, s.x2}), std::min({lo[1], s.y1, s.y2})};
    hi = {std::max({hi[0], s.x1, s.x2}), std::max({hi[1], s.y1, s.y2})};
  }
  return {lo, hi};
}

}  // namespace

MazeTask::MazeTask(MazeMap map, MazeOptions options) : simulator_(std::move(map), options) {}

MazeOutcome MazeTask::simulate(const neat::Genome& genome, std::vector<double>* path) const {
  check_shape(genome);
  neat::RecurrentNetwork network(genome);
  return simulator_.run(
      [&network](std::span<const double> in, std::span<double> out) { network.activate(in, out); }, path);
}

double MazeTask::evaluate(const neat::Genome& genome, std::span<double> descriptor) const {
  const MazeOutcome outcome = simulate(genome);
  descriptor[0] = outcome.final_x;
  descriptor[1] = outcome.final_y;
  return outcome.fitness;
}

namespace {

// The robots' networks for run_many, a group of lanes at a time (RecurrentNetworkLanes computes the
// lanes' networks together).
class NetworkLanes final : public MazeLaneControllers {
 public:
  explicit NetworkLanes(std::span<const neat::Genome> genomes) : genomes_(genomes) {}
  void start_group(std::size_t first, std::size_t count, std::size_t lanes) override {
    bank_.emplace(genomes_.subspan(first, count), lanes);
  }
  void activate(unsigned /*active*/, const double* inputs, double* outputs) override {
    const std::size_t lanes = bank_->lanes();
    bank_->activate(std::span<const double>(inputs, maze_inputs * lanes), std::span<double>(outputs, maze_outputs * lanes));
  }

 private:
  std::span<const neat::Genome> genomes_;
  std::optional<neat::RecurrentNetworkLanes> bank_;
};

}  // namespace

void MazeTask::evaluate_range(std::span<const neat::Genome> solutions, std::size_t begin, std::size_t end,
                              std::span<double> objectives, std::span<double> descriptors) const {
  const std::span<const neat::Genome> genomes = solutions.subspan(begin, end - begin);
  for (const neat::Genome& g : genomes) check_shape(g);
  std::vector<MazeOutcome> outcomes(genomes.size());
  NetworkLanes networks(genomes);
  simulator_.run_many(networks, outcomes);
  for (std::size_t i = begin; i < end; ++i) {
    const MazeOutcome& o = outcomes[i - begin];
    descriptors[2 * i] = o.final_x;
    descriptors[2 * i + 1] = o.final_y;
    objectives[i] = o.fitness;
  }
}

bool MazeTask::solved(double /*objective*/, std::span<const double> descriptor) const {
  return simulator_.at_goal(descriptor[0], descriptor[1]);
}

std::vector<double> MazeTask::descriptor_lower() const { return bounding_box(simulator_.map()).first; }

std::vector<double> MazeTask::descriptor_upper() const { return bounding_box(simulator_.map()).second; }

}  // namespace pond::tasks
