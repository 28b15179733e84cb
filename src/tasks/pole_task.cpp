#include "pond/tasks/pole_task.hpp"

#include <memory>
#include <stdexcept>
#include <string>

#include "pond/neat/network.hpp"

namespace pond::tasks {
namespace {

PoleOptions long_run_options(PoleOptions o) {
  // The 100,000-step check of a network without velocities counts steps, as the Markov variant does.
  o.damping_steps = o.max_steps;
  return o;
}

// A controller driving a recurrent network.
struct NetworkController {
  neat::RecurrentNetwork* network;
  void operator()(std::span<const double> in, std::span<double> out) const { network->activate(in, out); }
};

}  // namespace

PoleTask::PoleTask(PoleOptions options) : simulator_(options), long_run_(long_run_options(options)) {}

double PoleTask::evaluate(const neat::Genome& genome, std::span<double> descriptor) const {
  if (genome.inputs != inputs() || genome.outputs != pole_outputs) {
    throw std::invalid_argument("pole: a controller needs " + std::to_string(inputs()) + " inputs and 1 output; the genome has " +
                                std::to_string(genome.inputs) + " and " + std::to_string(genome.outputs));
  }
  neat::RecurrentNetwork network(genome);
  const PoleOutcome outcome = simulator_.run(NetworkController{&network});
  const PoleOptions& o = simulator_.options();
  const int length = o.with_velocities ? o.max_steps : o.damping_steps;
  bool solved = outcome.success;
  if (solved && !o.with_velocities) {
    neat::RecurrentNetwork long_network(genome);
    solved = long_run_.balance(NetworkController{&long_network}, long_run_.initial_state(), o.max_steps) == o.max_steps;
    if (solved) {
      // Each trial starts from a fresh network (all node values 0).
      const int generalized = simulator_.generalization_test([&genome] {
        return [network = std::make_shared<neat::RecurrentNetwork>(genome)](std::span<const double> in,
                                                                           std::span<double> out) {
          network->activate(in, out);
        };
      });
      solved = generalized >= pole_generalization_success;
    }
  }
  descriptor[0] = length > 0 ? static_cast<double>(outcome.steps) / length : 0.0;
  descriptor[1] = solved ? 1.0 : 0.0;
  return outcome.fitness;
}

bool PoleTask::solved(double /*objective*/, std::span<const double> descriptor) const { return descriptor[1] == 1.0; }

}  // namespace pond::tasks
