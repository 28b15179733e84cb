#pragma once
/// @file
/// The maps of the novelty search paper, built into pond so that `--map hard` works anywhere.

#include <string>
#include <string_view>
#include <vector>

#include "pond/tasks/maze.hpp"

namespace pond::tasks {

/// Names of the built-in maps: "medium" and "hard".
const std::vector<std::string>& builtin_maze_names();

/// The text of a built-in map (identical to data/mazes/NAME.txt), or empty when there is none.
std::string_view builtin_maze_text(std::string_view name);

/// The built-in map `name_or_file` if there is one of that name, else the maze file at that path.
/// Throws pond::Error naming the file (and line) when it cannot be read or parsed.
MazeMap load_maze(const std::string& name_or_file);

}  // namespace pond::tasks
