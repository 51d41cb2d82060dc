#include "build/dockerfile/heredoc.hpp"

#include <algorithm>

#include "base/error.hpp"
#include "build/dockerfile/shell_lexer.hpp"

namespace berth::build {

namespace {

std::size_t count_quotes(const std::string& s) {
  return static_cast<std::size_t>(std::count(s.begin(), s.end(), '\'') +
                                  std::count(s.begin(), s.end(), '"'));
}

}  // namespace

std::optional<Heredoc> parse_heredoc_word(std::string_view word) {
  // ^(\d*)<<(-?)([^<]*)$
  std::size_t i = 0;
  while (i < word.size() && word[i] >= '0' && word[i] <= '9') ++i;
  std::string_view digits = word.substr(0, i);
  if (word.substr(i, 2) != "<<") return std::nullopt;
  i += 2;
  bool strip_tabs = i < word.size() && word[i] == '-';
  if (strip_tabs) ++i;
  std::string_view rest = word.substr(i);
  if (rest.empty() || rest.find('<') != std::string_view::npos) return std::nullopt;

  // The delimiter is one shell word; any quoting in it turns expansion of the body off, which
  // shows as fewer quote characters once quotes are processed than when they are kept.
  ShellLexerOptions options{.skip_unset = true};
  ShellWords plain;
  ShellWords raw;
  try {
    plain = shell_process(rest, no_variables(), options);
    if (plain.fields.size() != 1) return std::nullopt;
    options.raw_quotes = true;
    raw = shell_process(rest, no_variables(), options);
  } catch (const InvalidArgumentError&) {
    return std::nullopt;
  }
  if (raw.fields.size() != 1) return std::nullopt;

  Heredoc heredoc;
  heredoc.name = plain.fields[0];
  heredoc.expand = count_quotes(plain.fields[0]) == count_quotes(raw.fields[0]);
  heredoc.strip_tabs = strip_tabs;
  // A file descriptor number is an int; more digits would overflow it.
  constexpr int kMaxFd = 1 << 20;
  int fd = 0;
  for (char d : digits) {
    fd = fd * 10 + (d - '0');
    if (fd > kMaxFd) {
      throw InvalidArgumentError("heredoc file descriptor " + std::string(digits) +
                                 " is out of range (at most " + std::to_string(kMaxFd) + ")");
    }
  }
  heredoc.fd = fd;
  return heredoc;
}

std::vector<Heredoc> heredocs_in_line(std::string_view line) {
  ShellLexerOptions options{.raw_quotes = true, .raw_escapes = true, .skip_unset = true};
  std::vector<std::string> words;
  try {
    words = shell_process(line, no_variables(), options).fields;
  } catch (const InvalidArgumentError&) {
    return {};  // BuildKit ignores lines it cannot split here
  }
  std::vector<Heredoc> heredocs;
  for (const std::string& word : words) {
    if (auto heredoc = parse_heredoc_word(word)) heredocs.push_back(std::move(*heredoc));
  }
  return heredocs;
}

std::string strip_leading_tabs(std::string_view body) {
  std::string out;
  bool at_line_start = true;
  for (char c : body) {
    if (at_line_start && c == '\t') continue;
    at_line_start = c == '\n';
    out += c;
  }
  return out;
}

}  // namespace berth::build
