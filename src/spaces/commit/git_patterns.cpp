#include "spaces/commit/git_patterns.hpp"

#include <cctype>
#include <optional>

#include "base/error.hpp"

namespace berth::spaces {

namespace {

bool in_named_class(std::string_view name, char c) {
  auto u = static_cast<unsigned char>(c);
  if (name == "space") return std::isspace(u) != 0;
  if (name == "digit") return std::isdigit(u) != 0;
  if (name == "alpha") return std::isalpha(u) != 0;
  if (name == "alnum") return std::isalnum(u) != 0;
  if (name == "upper") return std::isupper(u) != 0;
  if (name == "lower") return std::islower(u) != 0;
  if (name == "xdigit") return std::isxdigit(u) != 0;
  if (name == "punct") return std::ispunct(u) != 0;
  return false;
}

struct Matcher {
  std::string_view pattern;
  std::string_view text;
  std::size_t budget;

  void spend() {
    if (budget == 0) {
      throw InvalidArgumentError("the pattern \"" + std::string(pattern.substr(0, 80)) +
                                 "\" is too complex to match");
    }
    --budget;
  }

  // The bracket expression starting at pattern[p] ('['): whether `c` matches it, and p moved
  // past it. `valid` false: the '[' opens no expression and is a literal.
  bool match_class(std::size_t& p, char c, bool& valid) {
    std::size_t i = p + 1;
    bool negate = false;
    if (i < pattern.size() && (pattern[i] == '!' || pattern[i] == '^')) {
      negate = true;
      ++i;
    }
    bool matched = false;
    bool first = true;
    while (i < pattern.size() && (pattern[i] != ']' || first)) {
      first = false;
      // A named class, "[:space:]" (git-lfs writes spaces that way), "[:digit:]", …
      if (pattern[i] == '[' && i + 1 < pattern.size() && pattern[i + 1] == ':') {
        auto close = pattern.find(":]", i + 2);
        if (close != std::string_view::npos) {
          matched = matched || in_named_class(pattern.substr(i + 2, close - i - 2), c);
          i = close + 2;
          continue;
        }
      }
      char lo = pattern[i];
      if (lo == '\\' && i + 1 < pattern.size()) lo = pattern[++i];
      char hi = lo;
      if (i + 2 < pattern.size() && pattern[i + 1] == '-' && pattern[i + 2] != ']') {
        hi = pattern[i + 2];
        if (hi == '\\' && i + 3 < pattern.size()) hi = pattern[++i + 2];
        i += 2;
      }
      if (lo <= c && c <= hi) matched = true;
      ++i;
    }
    if (i >= pattern.size()) {
      valid = false;
      return false;
    }
    valid = true;
    p = i + 1;
    return matched != negate;
  }

  bool match(std::size_t p, std::size_t t) {
    while (true) {
      spend();
      if (p == pattern.size()) return t == text.size();
      char pc = pattern[p];
      if (pc == '*') {
        std::size_t stars = p;
        while (p < pattern.size() && pattern[p] == '*') ++p;
        bool double_star = p - stars >= 2 && (stars == 0 || pattern[stars - 1] == '/') &&
                           (p == pattern.size() || pattern[p] == '/');
        if (double_star) {
          if (p == pattern.size()) return true;  // "dir/**": everything below
          // "**/rest": rest at the start or after any '/'.
          std::size_t rest = p + 1;
          if (match(rest, t)) return true;
          for (std::size_t i = t; i < text.size(); ++i) {
            spend();
            if (text[i] == '/' && match(rest, i + 1)) return true;
          }
          return false;
        }
        // '*' within one component.
        for (std::size_t i = t;; ++i) {
          if (match(p, i)) return true;
          if (i == text.size() || text[i] == '/') return false;
        }
      }
      if (t == text.size()) return false;
      char tc = text[t];
      if (pc == '?') {
        if (tc == '/') return false;
        ++p;
        ++t;
        continue;
      }
      if (pc == '[') {
        bool valid = false;
        std::size_t q = p;
        bool ok = match_class(q, tc, valid);
        if (valid) {
          if (!ok || tc == '/') return false;
          p = q;
          ++t;
          continue;
        }
      }
      if (pc == '\\' && p + 1 < pattern.size()) pc = pattern[++p];
      if (pc != tc) return false;
      ++p;
      ++t;
    }
  }
};

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r')) {
    s.remove_prefix(1);
  }
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) {
    s.remove_suffix(1);
  }
  return s;
}

template <typename F>
void for_each_line(std::string_view text, F&& f) {
  if (text.size() > kMaxPatternFileBytes) text = text.substr(0, kMaxPatternFileBytes);
  std::size_t count = 0;
  std::size_t pos = 0;
  while (pos < text.size() && count < kMaxPatterns) {
    std::size_t eol = text.find('\n', pos);
    if (eol == std::string_view::npos) eol = text.size();
    std::string_view line = trim(text.substr(pos, eol - pos));
    pos = eol + 1;
    if (line.empty() || line.front() == '#') continue;
    ++count;
    f(line);
  }
}

}  // namespace

bool glob_matches(std::string_view pattern, std::string_view path, std::size_t budget) {
  Matcher m{pattern, path, budget};
  return m.match(0, 0);
}

GitPattern parse_git_pattern(std::string_view text) {
  GitPattern out;
  if (text.starts_with('!')) {
    out.negated = true;
    text.remove_prefix(1);
  }
  if (text.ends_with('/')) {
    out.directory_only = true;
    while (text.ends_with('/')) text.remove_suffix(1);
  }
  if (text.find('/') != std::string_view::npos) out.anchored = true;
  while (text.starts_with('/')) text.remove_prefix(1);
  out.glob = std::string(text);
  return out;
}

bool pattern_applies(const GitPattern& pattern, std::string_view path, bool is_directory) {
  if (pattern.glob.empty() || (pattern.directory_only && !is_directory)) return false;
  if (pattern.anchored) return glob_matches(pattern.glob, path);
  auto slash = path.rfind('/');
  std::string_view name = slash == std::string_view::npos ? path : path.substr(slash + 1);
  return glob_matches(pattern.glob, name);
}

LfsAttributes::LfsAttributes(std::string_view gitattributes) {
  for_each_line(gitattributes, [&](std::string_view line) {
    auto space = line.find_first_of(" \t");
    if (space == std::string_view::npos) return;
    std::string_view pattern_text = line.substr(0, space);
    if (pattern_text.size() > kMaxPatternBytes || pattern_text.starts_with('"')) return;
    GitPattern pattern = parse_git_pattern(pattern_text);
    // .gitattributes has no negative patterns and its directory patterns match no file.
    if (pattern.negated || pattern.directory_only) return;
    std::optional<bool> lfs;
    std::string_view attrs = line.substr(space);
    std::size_t pos = 0;
    while (pos < attrs.size()) {
      std::size_t start = attrs.find_first_not_of(" \t", pos);
      if (start == std::string_view::npos) break;
      std::size_t end = attrs.find_first_of(" \t", start);
      if (end == std::string_view::npos) end = attrs.size();
      std::string_view attr = attrs.substr(start, end - start);
      pos = end;
      if (attr == "filter=lfs") {
        lfs = true;
      } else if (attr.starts_with("filter=") || attr == "-filter" || attr == "!filter") {
        lfs = false;
      }
    }
    if (lfs) rules_.push_back({std::move(pattern), *lfs});
  });
}

bool LfsAttributes::is_lfs(std::string_view path) const {
  for (auto it = rules_.rbegin(); it != rules_.rend(); ++it) {
    if (pattern_applies(it->pattern, path, false)) return it->lfs;
  }
  return false;
}

IgnoreRules::IgnoreRules(std::string_view gitignore) {
  for_each_line(gitignore, [&](std::string_view line) {
    if (line.size() > kMaxPatternBytes) return;
    patterns_.push_back(parse_git_pattern(line));
  });
}

int IgnoreRules::decide(std::string_view path, bool is_directory) const {
  for (auto it = patterns_.rbegin(); it != patterns_.rend(); ++it) {
    if (pattern_applies(*it, path, is_directory)) return it->negated ? 0 : 1;
  }
  return -1;
}

bool IgnoreRules::is_ignored(std::string_view path) const {
  if (patterns_.empty()) return false;
  for (std::size_t slash = path.find('/'); slash != std::string_view::npos;
       slash = path.find('/', slash + 1)) {
    if (decide(path.substr(0, slash), true) == 1) return true;
  }
  return decide(path, false) == 1;
}

}  // namespace berth::spaces
