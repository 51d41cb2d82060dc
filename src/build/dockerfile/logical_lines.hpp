#pragma once
// The first pass over a Dockerfile, as BuildKit's parser does it: parser directives at the top,
// comments, line continuations with the escape character, and heredoc bodies. What comes out
// is one logical line per instruction, with the lines it came from.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "build/dockerfile/instructions.hpp"

namespace berth::build {

// `# syntax=`, `# escape=` and `# check=` lines before anything else (a blank line, another
// comment or an instruction ends them). Keys are case-insensitive and each may appear once.
struct Directives {
  std::optional<std::string> syntax;  // recorded only: Berth has one frontend, its own
  std::optional<std::string> escape;  // "\\" or "`"
  std::optional<std::string> check;   // lint configuration, e.g. "skip=all"; recorded only
  int syntax_line = 0;
};

// Something Docker would warn about without failing the build. `rule` is BuildKit's lint rule.
struct Warning {
  int line = 0;
  std::string rule;
  std::string message;
};

struct LogicalLine {
  std::string text;  // continuation lines joined, comment lines inside them removed
  int start_line = 0;
  int end_line = 0;               // including heredoc bodies
  std::vector<Heredoc> heredocs;  // bodies read after the line (RUN, COPY, ADD only)
};

struct LogicalLines {
  Directives directives;
  char escape = '\\';
  std::vector<LogicalLine> lines;
  std::vector<Warning> warnings;
};

// Throws SourceError: "only one escape parser directive can be used", "unterminated heredoc",
// "invalid escape token '...' does not match ` or \".
LogicalLines read_logical_lines(std::string_view text, const std::string& file);

}  // namespace berth::build
