#include "build/dockerfile/line_split.hpp"

#include <sstream>

#include "base/ascii_space.hpp"
#include "base/error.hpp"
#include "base/json.hpp"

namespace berth::build {

namespace {

bool is_blank(char c) {
  return c == ' ' || c == '\t' || c == '\v' || c == '\f' || c == '\r';
}

// Leading --flags of an instruction; returns the rest of the line after them.
std::string extract_flags(std::string_view line, std::vector<std::string>& flags) {
  enum { kSpaces, kWord, kQuote } phase = kSpaces;
  std::string word;
  char quote = 0;
  bool blank_ok = false;
  for (std::size_t pos = 0; pos <= line.size(); ++pos) {
    char ch = pos < line.size() ? line[pos] : '\0';
    if (phase == kSpaces) {
      if (pos == line.size()) break;
      if (is_ascii_space(ch)) continue;
      // Flags end at the first word that does not start with "--".
      if (ch != '-' || pos + 1 == line.size() || line[pos + 1] != '-') {
        return std::string(line.substr(pos));
      }
      phase = kWord;
    }
    if (pos == line.size()) {
      if (word != "--" && (blank_ok || !word.empty())) flags.push_back(word);
      break;
    }
    if (phase == kWord) {
      if (is_ascii_space(ch)) {
        phase = kSpaces;
        if (word == "--") return std::string(line.substr(pos));
        if (blank_ok || !word.empty()) flags.push_back(word);
        word.clear();
        blank_ok = false;
        continue;
      }
      if (ch == '\'' || ch == '"') {
        quote = ch;
        blank_ok = true;
        phase = kQuote;
        continue;
      }
      if (ch == '\\') {
        if (pos + 1 == line.size()) continue;
        ch = line[++pos];
      }
      word += ch;
      continue;
    }
    // kQuote
    if (ch == quote) {
      phase = kWord;
      continue;
    }
    if (ch == '\\') {
      if (pos + 1 == line.size()) {
        phase = kWord;
        continue;
      }
      ch = line[++pos];
    }
    word += ch;
  }
  return "";
}

}  // namespace

SplitLine split_line(std::string_view line) {
  SplitLine out;
  std::string_view trimmed = trim_ascii_space(line);
  std::size_t end = 0;
  while (end < trimmed.size() && !is_blank(trimmed[end])) ++end;
  out.keyword = std::string(trimmed.substr(0, end));
  std::size_t args = end;
  while (args < trimmed.size() && is_blank(trimmed[args])) ++args;
  if (args < trimmed.size()) {
    out.rest = std::string(trim_ascii_space(extract_flags(trimmed.substr(args), out.flags)));
  }
  return out;
}

std::vector<std::string> split_words_keeping_quotes(std::string_view text, char escape) {
  enum { kSpaces, kWord, kQuote } phase = kSpaces;
  std::vector<std::string> words;
  std::string word;
  char quote = 0;
  bool blank_ok = false;
  for (std::size_t pos = 0; pos <= text.size(); ++pos) {
    char ch = pos < text.size() ? text[pos] : '\0';
    if (phase == kSpaces) {
      if (pos == text.size()) break;
      if (is_ascii_space(ch)) continue;
      phase = kWord;
    }
    if (pos == text.size()) {
      if (blank_ok || !word.empty()) words.push_back(word);
      break;
    }
    if (phase == kWord) {
      if (is_ascii_space(ch)) {
        phase = kSpaces;
        if (blank_ok || !word.empty()) words.push_back(word);
        word.clear();
        blank_ok = false;
        continue;
      }
      if (ch == '\'' || ch == '"') {
        quote = ch;
        blank_ok = true;
        phase = kQuote;
      }
      if (ch == escape) {
        if (pos + 1 == text.size()) continue;  // an escape at the end is dropped
        // Escape and escaped character both stay; expansion removes the escape later.
        word += ch;
        ch = text[++pos];
      }
      word += ch;
      continue;
    }
    // kQuote: the quotes stay in the word.
    if (ch == quote) phase = kWord;
    if (ch == escape && quote != '\'') {
      if (pos + 1 == text.size()) {
        phase = kWord;
        continue;
      }
      word += ch;
      ch = text[++pos];
    }
    word += ch;
  }
  return words;
}

std::vector<std::string> split_blanks(std::string_view text, std::size_t limit) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  for (;;) {
    if (limit != 0 && parts.size() + 1 == limit) break;
    std::size_t blank = start;
    while (blank < text.size() && !is_blank(text[blank])) ++blank;
    if (blank == text.size()) break;
    parts.emplace_back(text.substr(start, blank - start));
    start = blank;
    while (start < text.size() && is_blank(text[start])) ++start;
  }
  parts.emplace_back(text.substr(start));
  return parts;
}

std::optional<std::vector<std::string>> parse_json_string_array(std::string_view text) {
  while (!text.empty() && is_ascii_space(text.front())) text.remove_prefix(1);
  if (text.empty() || text.front() != '[') return std::nullopt;
  Json array;
  try {
    // operator>> reads one JSON value and leaves what follows, like Go's json.Decoder.
    std::istringstream in{std::string(text)};
    in >> array;
  } catch (const Json::exception&) {
    return std::nullopt;
  }
  if (!array.is_array()) return std::nullopt;
  std::vector<std::string> items;
  for (const Json& item : array) {
    if (!item.is_string()) {
      throw InvalidArgumentError(
          "when using JSON array syntax, arrays must be comprised of strings only");
    }
    items.push_back(item.get<std::string>());
  }
  return items;
}

}  // namespace berth::build
