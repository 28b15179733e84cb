// The maze map's text format: parse, load, to_text.

#include <charconv>
#include <cmath>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <system_error>

#include "pond/core/error.hpp"
#include "pond/tasks/maze.hpp"

namespace pond::tasks {
namespace {

constexpr long long kMaxWalls = 100000;

// Splits the text into whitespace-separated tokens, keeping the line number of each.
class Tokenizer {
 public:
  Tokenizer(std::string_view text, const std::string& source) : text_(text), source_(source) {}

  // Throws pond::Error "SOURCE:LINE: message".
  [[noreturn]] void fail(int line, const std::string& message) const {
    throw Error(source_ + ":" + std::to_string(line) + ": " + message);
  }

  // The next token, or an empty view at the end of the text. `line` receives its line number (at the
  // end: the line of the last token seen, 1 for an empty text).
  std::string_view next(int& line) {
    while (pos_ < text_.size() && is_space(text_[pos_])) {
      if (text_[pos_] == '\n') ++line_;
      ++pos_;
    }
    const std::size_t begin = pos_;
    while (pos_ < text_.size() && !is_space(text_[pos_])) ++pos_;
    if (begin == pos_) {
      line = last_token_line_;
      return {};
    }
    last_token_line_ = line_;
    line = line_;
    return text_.substr(begin, pos_ - begin);
  }

  // The next token as a finite double; `what` names it in errors.
  double number(const std::string& what, int* line_out = nullptr) {
    int line = 0;
    const std::string_view token = next(line);
    if (token.empty()) fail(line, "expected " + what + ", found end of file");
    double value = 0;
    const char* first = token.data();
    const char* last = token.data() + token.size();
    // from_chars rejects a leading '+'; accept one as a number's sign (but not "+-1").
    if (token.size() > 1 && *first == '+' && first[1] != '-') ++first;
    const auto [end, ec] = std::from_chars(first, last, value);
    if (ec == std::errc::result_out_of_range) fail(line, what + " '" + std::string(token) + "' is out of range");
    if (ec != std::errc() || end != last || first == last) {
      fail(line, "expected " + what + ", found '" + std::string(token) + "'");
    }
    if (!std::isfinite(value)) fail(line, what + " must be finite, found '" + std::string(token) + "'");
    if (line_out != nullptr) *line_out = line;
    return value;
  }

 private:
  static bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

  std::string_view text_;
  const std::string& source_;
  std::size_t pos_ = 0;
  int line_ = 1;
  int last_token_line_ = 1;
};

// Shortest text that reads back as exactly `value`.
void append_number(std::string& out, double value) {
  char buffer[64];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
  out.append(buffer, result.ptr);
}

}  // namespace

MazeMap MazeMap::parse(std::string_view text, const std::string& source) {
  Tokenizer tokens(text, source);
  MazeMap map;

  int count_line = 0;
  const double count = tokens.number("wall count", &count_line);
  if (count != std::floor(count)) tokens.fail(count_line, "wall count must be a whole number");
  if (count < 0) tokens.fail(count_line, "wall count must not be negative");
  if (count > static_cast<double>(kMaxWalls)) {
    tokens.fail(count_line, "wall count " + std::to_string(static_cast<long long>(count)) + " is above the limit of " +
                                std::to_string(kMaxWalls));
  }
  const auto n = static_cast<std::size_t>(count);

  map.start_x = tokens.number("start x");
  map.start_y = tokens.number("start y");
  map.start_heading_deg = tokens.number("start heading");
  map.goal_x = tokens.number("goal x");
  map.goal_y = tokens.number("goal y");

  map.walls.reserve(n);
  for (std::size_t i = 0; i < n; ++i) {
    const std::string wall = "wall " + std::to_string(i + 1) + " of " + std::to_string(n);
    int line = 0;
    Segment s{};
    s.x1 = tokens.number(wall + " x1", &line);
    s.y1 = tokens.number(wall + " y1");
    s.x2 = tokens.number(wall + " x2");
    s.y2 = tokens.number(wall + " y2");
    if (s.x1 == s.x2 && s.y1 == s.y2) tokens.fail(line, wall + " has zero length");
    map.walls.push_back(s);
  }

  int line = 0;
  const std::string_view extra = tokens.next(line);
  if (!extra.empty()) {
    tokens.fail(line, "unexpected '" + std::string(extra) + "' after the last of " + std::to_string(n) +
                          " walls (is the wall count right?)");
  }
  return map;
}

MazeMap MazeMap::load(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw Error(file.string() + ": cannot open maze file");
  std::ostringstream content;
  content << in.rdbuf();
  if (in.bad()) throw Error(file.string() + ": cannot read maze file");
  return parse(content.str(), file.string());
}

std::string MazeMap::to_text() const {
  std::string out;
  out.reserve(32 * (walls.size() + 4));
  out += std::to_string(walls.size());
  out += '\n';
  append_number(out, start_x);
  out += ' ';
  append_number(out, start_y);
  out += '\n';
  append_number(out, start_heading_deg);
  out += '\n';
  append_number(out, goal_x);
  out += ' ';
  append_number(out, goal_y);
  out += '\n';
  for (const Segment& s : walls) {
    append_number(out, s.x1);
    out += ' ';
    append_number(out, s.y1);
    out += ' ';
    append_number(out, s.x2);
    out += ' ';
    append_number(out, s.y2);
    out += '\n';
  }
  return out;
}

}  // namespace pond::tasks
