// The built-in maze maps. The texts are copies of data/mazes/*.txt (a test checks they stay equal).

#include "pond/tasks/maze_maps.hpp"

namespace pond::tasks {
namespace {

constexpr std::string_view kMedium = R"(11
30 22
0
270 100
293 7 289 130
289 130 6 134
6 134 8 5
8 5 292 7
241 130 58 65
114 7 73 42
130 91 107 46
196 8 139 51
219 122 182 63
267 9 214 63
271 129 237 88
)";

constexpr std::string_view kHard = R"(13
36 184
0
31 20
41 5 3 8
3 8 4 49
4 49 57 53
4 49 7 202
7 202 195 198
195 198 186 8
186 8 39 5
56 54 56 157
57 106 158 162
77 201 108 164
6 80 33 121
192 146 87 91
56 55 133 30
)";

}  // namespace

const std::vector<std::string>& builtin_maze_names() {
  static const std::vector<std::string> names{"medium", "hard"};
  return names;
}

std::string_view builtin_maze_text(std::string_view name) {
  if (name == "medium") return kMedium;
  if (name == "hard") return kHard;
  return {};
}

MazeMap load_maze(const std::string& name_or_file) {
  const std::string_view text = builtin_maze_text(name_or_file);
  if (!text.empty()) return MazeMap::parse(text, name_or_file + " (built-in map)");
  return MazeMap::load(name_or_file);
}

}  // namespace pond::tasks
