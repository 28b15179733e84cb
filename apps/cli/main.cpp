// `pond`: open-ended search from the command line. Errors end as one line on stderr and a non-zero
// exit code: 1 for a failed command, 2 for a usage error, 130 for an interrupted run.

#include <fmt/format.h>

#include <iostream>
#include <map>
#include <ostream>
#include <streambuf>

#include "cluster.hpp"
#include "commands.hpp"
#include "pond/core/error.hpp"
#include "pond/run/run_config.hpp"
#include "pond/run/run_directory.hpp"

namespace {

// Where a worker rank's messages go: nowhere (rank 0 reports for the job).
std::ostream& quiet_stream() {
  static std::ostream nowhere(nullptr);
  return nowhere;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace pond::cli;
  // Under mpirun every rank runs this program with the same arguments; rank 0 does the work of a
  // single process (and prints), the others help with run, resume and bench and stay quiet.
  Cluster cluster(argc, argv);
  std::ostream& errors = cluster.is_worker() ? quiet_stream() : std::cerr;
  CLI::App app{"pond: open-ended search (novelty search, quality diversity, NEAT)."
               "\nRun `pond COMMAND --help` for a command's options.",
               "pond"};
  app.set_version_flag("--version", std::string("pond ") + pond::version());
  app.require_subcommand(1);
  std::map<const CLI::App*, Command> commands;
  for (auto add : {add_run, add_resume, add_info, add_plot, add_bench, add_lineage, add_fish, add_render, add_serve}) {
    // Each add_* creates its subcommand; the newest subcommand is the one just added.
    Command command = add(app);
    commands[app.get_subcommands({}).back()] = std::move(command);
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    errors << "pond: error: " << e.what() << " (see pond --help)\n";
    return exit_usage;
  }
  try {
    for (const auto& [sub, command] : commands) {
      if (!sub->parsed()) continue;
      const bool shared = sub->get_name() == "run" || sub->get_name() == "resume" || sub->get_name() == "bench";
      if (cluster.is_worker() && !shared) return exit_ok;  // info, plot: rank 0 alone
      return command();
    }
    return exit_usage;
  } catch (const pond::FlagError& e) {
    errors << "pond: error: " << e.what() << '\n';
    return exit_usage;
  } catch (const std::exception& e) {
    // Under mpirun, a benchmark's ranks all meet to gather their runs: one that fails would leave the
    // others waiting, so it ends the job. (A run's workers end with rank 0: Cluster::serve.)
    if (cluster.size() > 1 && app.got_subcommand("bench")) cluster.abort_job(e);
    errors << "pond: error: " << e.what() << '\n';
    return exit_error;
  }
}
