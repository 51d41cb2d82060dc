#include "build/dockerfile/logical_lines.hpp"

#include <cctype>

#include "base/ascii_space.hpp"
#include "base/error.hpp"
#include "build/dockerfile/ascii_case.hpp"
#include "build/dockerfile/heredoc.hpp"
#include "build/dockerfile/line_split.hpp"

namespace berth::build {

namespace {

std::string_view trim_left(std::string_view s) {
  while (!s.empty() && is_ascii_space(s.front())) s.remove_prefix(1);
  return s;
}

std::string_view trim_newline(std::string_view s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

bool is_comment(std::string_view raw) {
  std::string_view s = trim_left(raw);
  return !s.empty() && s.front() == '#';
}

// Lines with their '\n' kept (heredoc bodies need them), as BuildKit's scanner splits them.
std::vector<std::string_view> physical_lines(std::string_view text) {
  std::vector<std::string_view> lines;
  while (!text.empty()) {
    auto nl = text.find('\n');
    std::size_t len = nl == std::string_view::npos ? text.size() : nl + 1;
    lines.push_back(text.substr(0, len));
    text.remove_prefix(len);
  }
  return lines;
}

class DirectiveReader {
 public:
  DirectiveReader(Directives& directives, const std::string& file)
      : directives_(directives), file_(file) {}

  // Returns true when the line was a directive. `line` has no leading blanks or newline.
  bool read(std::string_view line, int line_number) {
    if (done_) return false;
    if (line.empty() || line.front() != '#') return finish();
    line = trim_left(line.substr(1));
    // ^([a-zA-Z][a-zA-Z0-9]*)\s*=\s*(.+?)\s*$
    std::size_t i = 0;
    if (line.empty() || !std::isalpha(static_cast<unsigned char>(line[0]))) return finish();
    while (i < line.size() && std::isalnum(static_cast<unsigned char>(line[i]))) ++i;
    std::string key = ascii_lower(line.substr(0, i));
    std::string_view rest = trim_left(line.substr(i));
    if (rest.empty() || rest.front() != '=') return finish();
    rest = trim_left(rest.substr(1));
    while (!rest.empty() && is_ascii_space(rest.back())) rest.remove_suffix(1);
    if (rest.empty()) return finish();
    std::optional<std::string>* slot = key == "syntax"   ? &directives_.syntax
                                       : key == "escape" ? &directives_.escape
                                       : key == "check"  ? &directives_.check
                                                         : nullptr;
    if (!slot) return finish();
    if (slot->has_value()) {
      throw SourceError({file_, line_number}, "only one " + key + " parser directive can be used");
    }
    *slot = std::string(rest);
    if (key == "syntax") directives_.syntax_line = line_number;
    if (key == "escape" && rest != "\\" && rest != "`") {
      throw SourceError({file_, line_number},
                        "invalid escape token '" + std::string(rest) + "' does not match ` or \\");
    }
    return true;
  }

 private:
  bool finish() {
    done_ = true;
    return false;
  }

  Directives& directives_;
  const std::string& file_;
  bool done_ = false;
};

// Removes a trailing escape character (with blanks after it) that continues the line. An
// escaped escape character at the end does not continue it.
bool trim_continuation(std::string& line, char escape) {
  std::size_t end = line.size();
  while (end > 0 && (line[end - 1] == ' ' || line[end - 1] == '\t')) --end;
  if (end == 0 || line[end - 1] != escape) return false;
  if (end >= 2 && line[end - 2] == escape) return false;
  line.resize(end - 1);
  return true;
}

// Whether the line's instruction takes heredocs: RUN, COPY, ADD (also behind ONBUILD), in
// shell form.
bool takes_heredocs(const std::string& text) {
  if (text.find("<<") == std::string::npos) return false;
  SplitLine split = split_line(text);
  std::string keyword = ascii_lower(split.keyword);
  if (keyword == "onbuild") {
    split = split_line(split.rest);
    keyword = ascii_lower(split.keyword);
  }
  if (keyword != "run" && keyword != "copy" && keyword != "add") return false;
  try {
    return !parse_json_string_array(split.rest).has_value();
  } catch (const InvalidArgumentError&) {
    return false;  // reported by the instruction parser
  }
}

}  // namespace

LogicalLines read_logical_lines(std::string_view text, const std::string& file) {
  LogicalLines out;
  DirectiveReader directives(out.directives, file);
  std::vector<std::string_view> lines = physical_lines(text);
  std::size_t next = 0;
  int line_number = 0;

  // A physical line without newline and comments; the first line of an instruction also loses
  // its leading whitespace (continuation lines keep theirs).
  auto process = [&](std::string_view raw, bool strip_left, int number) {
    std::string_view line = trim_newline(raw);
    if (strip_left) line = trim_left(line);
    directives.read(line, number);
    if (out.directives.escape) out.escape = (*out.directives.escape)[0];
    return is_comment(line) ? std::string() : std::string(line);
  };

  while (next < lines.size()) {
    std::string_view raw = lines[next++];
    if (line_number == 0 && raw.substr(0, 3) == "\xEF\xBB\xBF") raw.remove_prefix(3);
    std::string line = process(raw, true, line_number + 1);
    ++line_number;
    int start_line = line_number;
    bool continues = trim_continuation(line, out.escape);
    if (!continues && line.empty()) continue;

    bool had_empty_continuation = false;
    while (continues && next < lines.size()) {
      std::string_view raw_next = lines[next++];
      std::string part = process(raw_next, false, line_number + 1);
      ++line_number;
      if (is_comment(raw_next)) continue;
      if (trim_left(part).empty()) {
        had_empty_continuation = true;
        continue;
      }
      continues = trim_continuation(part, out.escape);
      line += part;
    }
    if (had_empty_continuation) {
      out.warnings.push_back(
          {line_number, "NoEmptyContinuation", "Empty continuation line found in: " + line});
    }

    LogicalLine logical{line, start_line, line_number, {}};
    if (takes_heredocs(line)) {
      std::vector<Heredoc> heredocs;
      try {
        heredocs = heredocs_in_line(line);
      } catch (const InvalidArgumentError& e) {
        throw SourceError({file, start_line}, e.what());
      }
      for (Heredoc heredoc : heredocs) {
        bool terminated = false;
        while (next < lines.size()) {
          std::string_view body_line = lines[next++];
          ++line_number;
          std::string_view candidate = trim_newline(body_line);
          if (heredoc.strip_tabs) {
            while (!candidate.empty() && candidate.front() == '\t') candidate.remove_prefix(1);
          }
          if (candidate == heredoc.name) {
            terminated = true;
            break;
          }
          heredoc.content += body_line;
        }
        if (!terminated) throw SourceError({file, start_line}, "unterminated heredoc");
        if (heredoc.strip_tabs) heredoc.content = strip_leading_tabs(heredoc.content);
        logical.heredocs.push_back(std::move(heredoc));
      }
      logical.end_line = line_number;
    }
    out.lines.push_back(std::move(logical));
  }
  return out;
}

}  // namespace berth::build
