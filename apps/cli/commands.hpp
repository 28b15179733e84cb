#pragma once
// The `pond` command's subcommands. Each registers its options on a CLI11 app and returns the
// function that runs it; main() parses and dispatches. The CLI stays thin: the work is in the library.

#include <CLI/CLI.hpp>
#include <functional>

namespace pond::cli {

/// A subcommand's body: returns the process exit code.
using Command = std::function<int()>;

Command add_run(CLI::App& app);
Command add_resume(CLI::App& app);
Command add_info(CLI::App& app);
Command add_plot(CLI::App& app);
Command add_bench(CLI::App& app);
Command add_lineage(CLI::App& app);
Command add_fish(CLI::App& app);
Command add_render(CLI::App& app);
Command add_serve(CLI::App& app);

/// Exit codes.
inline constexpr int exit_ok = 0;
inline constexpr int exit_error = 1;
inline constexpr int exit_usage = 2;
inline constexpr int exit_interrupted = 130;

}  // namespace pond::cli
