// Novelty search with NEAT on the medium maze of "Abandoning Objectives": a NEAT population selects
// on novelty (the NoveltyArchive's value for each robot's end point), never on the distance to the
// goal, and still reaches it. Change Selection::novelty to Selection::fitness to see the objective
// being deceived (on the hard map especially).

#include <cstring>
#include <iostream>

#include "pond/core/novelty_archive.hpp"
#include "pond/core/scheduler.hpp"
#include "pond/neat/mutation.hpp"
#include "pond/neat/neat_emitter.hpp"
#include "pond/tasks/maze_maps.hpp"
#include "pond/tasks/maze_task.hpp"

int main(int argc, char** argv) {
  const bool small = argc > 1 && std::strcmp(argv[1], "--small") == 0;
  pond::tasks::MazeTask maze(pond::tasks::load_maze("medium"));

  pond::neat::NeatEmitterOptions neat;
  neat.selection = pond::neat::Selection::novelty;
  neat.neat.population = 250;
  neat.neat.c3 = 3.0;
  neat.neat.add_connection_prob = 0.1;
  neat.neat.add_node_prob = 0.005;
  neat.neat.allow_recurrent = true;
  neat.neat.target_species = 10;
  neat.neat.weight_perturb = 0.5;
  neat.neat.weight_replace_prob = 0.05;
  pond::Rng rng(0);
  neat.seed = pond::neat::one_hidden_genome(pond::tasks::maze_inputs, pond::tasks::maze_outputs, 1.0, rng);
  std::vector<std::unique_ptr<pond::Emitter<pond::neat::Genome>>> emitters;
  emitters.push_back(std::make_unique<pond::neat::NeatEmitter>(neat));

  pond::NoveltyArchive<pond::neat::Genome> archive({.descriptor_dim = 2, .k = 15, .initial_threshold = 6.0});
  pond::Scheduler<pond::neat::Genome> scheduler(archive, std::move(emitters), /*seed=*/1);
  pond::SerialEvaluator evaluator;
  const auto summary =
      scheduler.run(maze, evaluator, {.evaluations = small ? 10'000u : 250'000u, .stop_when_solved = true});

  std::cout << summary.evaluations << " evaluations, " << archive.size() << " novel behaviours; ";
  if (summary.first_solution != 0) {
    std::cout << "a robot reached the goal after " << summary.first_solution << " evaluations\n";
  } else {
    std::cout << "no robot reached the goal yet\n";
  }
  return archive.size() > 5 ? 0 : 1;
}
