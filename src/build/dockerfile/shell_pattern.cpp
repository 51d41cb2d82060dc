#include "build/dockerfile/shell_pattern.hpp"

#include "base/error.hpp"

namespace berth::build {

ShellPattern::ShellPattern(std::string_view text) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '*') {
      tokens_.push_back({Kind::kAnyRun});
    } else if (c == '?') {
      tokens_.push_back({Kind::kAnyOne});
    } else if (c == '\\') {
      char following = i + 1 < text.size() ? text[i + 1] : '\0';
      // `}` and `/` had to be escaped inside ${}; the escape is not part of the pattern.
      if (following == '}' || following == '/') continue;
      if (following != '*' && following != '?' && following != '\\') {
        throw InvalidArgumentError(std::string("invalid escape '\\") + following + "'");
      }
      tokens_.push_back({Kind::kLiteral, following});
      ++i;
    } else {
      tokens_.push_back({Kind::kLiteral, c});
    }
  }
}

// Glob matching of the whole text, backtracking to the last star on a mismatch.
bool ShellPattern::matches(std::string_view text) const {
  std::size_t t = 0, s = 0;
  std::size_t star_token = std::string::npos, star_text = 0;
  while (s < text.size()) {
    if (t < tokens_.size() && tokens_[t].kind == Kind::kAnyRun) {
      star_token = t++;
      star_text = s;
    } else if (t < tokens_.size() &&
               (tokens_[t].kind == Kind::kAnyOne || tokens_[t].literal == text[s])) {
      ++t;
      ++s;
    } else if (star_token != std::string::npos) {
      t = star_token + 1;
      s = ++star_text;
    } else {
      return false;
    }
  }
  while (t < tokens_.size() && tokens_[t].kind == Kind::kAnyRun) ++t;
  return t == tokens_.size();
}

std::string ShellPattern::trim_prefix(const std::string& value, bool longest) const {
  std::string_view v = value;
  for (std::size_t i = 0; i <= v.size(); ++i) {
    std::size_t k = longest ? v.size() - i : i;
    if (matches(v.substr(0, k))) return value.substr(k);
  }
  return value;
}

std::string ShellPattern::trim_suffix(const std::string& value, bool longest) const {
  std::string_view v = value;
  for (std::size_t i = 0; i <= v.size(); ++i) {
    std::size_t k = longest ? i : v.size() - i;
    if (matches(v.substr(k))) return value.substr(0, k);
  }
  return value;
}

std::string ShellPattern::replace(const std::string& value, const std::string& replacement,
                                  bool all) const {
  std::string_view v = value;
  std::string out;
  std::size_t start = 0;
  std::size_t previous_end = std::string::npos;
  bool replaced = false;
  while (start <= v.size() && (all || !replaced)) {
    bool found = false;
    for (std::size_t end = v.size() + 1; end-- > start;) {
      // An empty match right after the previous match does not count (Go's ReplaceAll).
      if (end == start && start == previous_end) break;
      if (matches(v.substr(start, end - start))) {
        out += replacement;
        previous_end = end;
        found = replaced = true;
        if (end == start) {
          if (start < v.size()) out += v[start];
          start = end + 1;
        } else {
          start = end;
        }
        break;
      }
    }
    if (!found) {
      if (start < v.size()) out += v[start];
      ++start;
    }
  }
  if (start < v.size()) out += v.substr(start);
  return out;
}

}  // namespace berth::build
