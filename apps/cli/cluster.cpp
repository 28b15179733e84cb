#include "cluster.hpp"

#include <csignal>
#include <cstdlib>
#include <iostream>

#include "pond/core/error.hpp"
#include "pond/run/run_config.hpp"

#ifdef POND_HAVE_MPI
#include "pond/mpi/collectives.hpp"
#include "pond/mpi/mpi_distributor.hpp"
#endif

namespace pond::cli {
namespace {
Cluster* the_cluster = nullptr;
}  // namespace

#ifdef POND_HAVE_MPI
struct Cluster::State {
  State(int& argc, char**& argv) : environment(argc, argv) {}
  mpi::Environment environment;
  bool serving = false;  // rank 0: the workers were given a run and serve until stopped
  std::unique_ptr<mpi::MpiDistributor> distributor;
  std::unique_ptr<Evaluator> local;  // rank 0's evaluator for its own chunks
  mpi::MpiDistributor& get_distributor() {
    if (!distributor) distributor = std::make_unique<mpi::MpiDistributor>();
    return *distributor;
  }
};

Cluster::Cluster(int& argc, char**& argv) : state_(std::make_unique<State>(argc, argv)) { the_cluster = this; }
int Cluster::rank() const noexcept { return state_->environment.rank(); }
int Cluster::size() const noexcept { return state_->environment.size(); }
std::string Cluster::share_config(const std::string& config_json) {
  if (size() <= 1) return config_json;
  const std::string shared = mpi::broadcast_from_root(config_json);
  if (rank() == 0) state_->serving = !shared.empty();
  return shared;
}
void Cluster::distribute(Experiment& experiment, std::size_t threads) {
  if (size() <= 1) return;
  state_->local = make_evaluator(threads);
  experiment.distribute(state_->get_distributor(), *state_->local);
}
int Cluster::serve() {
  // Ctrl-C reaches every rank: the workers go on serving, so that rank 0 can finish the batch,
  // checkpoint and then stop them.
  std::signal(SIGINT, SIG_IGN);
  std::signal(SIGTERM, SIG_IGN);
  try {
    const std::string text = share_config(std::string());
    if (text.empty()) return 0;  // rank 0 could not start the run and reports why
    const RunConfig config = resolve_config(nlohmann::json::parse(text), "the configuration rank 0 sent");
    const auto experiment = make_experiment(config);
    const auto local = make_evaluator(config.threads);
    experiment->serve(state_->get_distributor(), *local);
    return 0;
  } catch (const std::exception& e) {
    // Rank 0 may be waiting for this rank's results: end the whole job, saying why.
    abort_job(e);
  }
}
void Cluster::abort_job(const std::exception& error) const {
  std::cerr << "pond: rank " << rank() << ": error: " << error.what() << '\n' << std::flush;
  state_->environment.abort(1);
}
void Cluster::stop_workers() {
  if (size() > 1 && rank() == 0 && state_->serving) {
    state_->serving = false;
    state_->get_distributor().stop_workers();
  }
}
Sharing Cluster::sharing() { return mpi::world_sharing(); }
#else
struct Cluster::State {};
Cluster::Cluster(int&, char**&) : state_(std::make_unique<State>()) { the_cluster = this; }
int Cluster::rank() const noexcept { return 0; }
int Cluster::size() const noexcept { return 1; }
std::string Cluster::share_config(const std::string& config_json) { return config_json; }
void Cluster::distribute(Experiment&, std::size_t) {}
int Cluster::serve() { return 0; }
void Cluster::abort_job(const std::exception& error) const {
  std::cerr << "pond: error: " << error.what() << '\n';
  std::exit(1);
}
void Cluster::stop_workers() {}
Sharing Cluster::sharing() { return {}; }
#endif

Cluster::~Cluster() {
  try {
    stop_workers();
  } catch (...) {  // nothing more can be done at exit
  }
  the_cluster = nullptr;
}

Cluster& Cluster::get() {
  if (the_cluster == nullptr) throw std::logic_error("pond: no cluster was set up");
  return *the_cluster;
}

}  // namespace pond::cli
