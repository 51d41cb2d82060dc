#include "build/dockerfile/shell_pattern.hpp"

#include <algorithm>

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

namespace {

constexpr std::size_t kNone = std::string::npos;

// Pattern matching is simulated over all token positions at once (a Thompson NFA), so a
// match costs O(text x pattern) instead of the backtracking search's O(text^2 x pattern);
// this bounds what is left: a ${V//p/r} over a huge value fails instead of taking minutes.
constexpr std::size_t kMaxSteps = 200'000'000;

}  // namespace

// A set of NFA states: for each token position (and the accepting one past the last), the
// earliest start of a match attempt that reached it, or kNone.
void ShellPattern::close(std::vector<std::size_t>& starts) const {
  for (std::size_t t = 0; t < tokens_.size(); ++t) {
    if (tokens_[t].kind == Kind::kAnyRun) starts[t + 1] = std::min(starts[t + 1], starts[t]);
  }
}

bool ShellPattern::step(std::vector<std::size_t>& starts, char c, std::size_t& budget) const {
  std::vector<std::size_t> next(starts.size(), kNone);
  bool alive = false;
  for (std::size_t t = 0; t < tokens_.size(); ++t) {
    if (starts[t] == kNone) continue;
    if (budget-- == 0) {
      throw InvalidArgumentError("the pattern needs too many steps for this value");
    }
    const Token& token = tokens_[t];
    if (token.kind == Kind::kAnyRun) {
      next[t] = std::min(next[t], starts[t]);
      alive = true;
    } else if (token.kind == Kind::kAnyOne || token.literal == c) {
      next[t + 1] = std::min(next[t + 1], starts[t]);
      alive = true;
    }
  }
  close(next);
  starts.swap(next);
  return alive;
}

// The lengths of the prefixes of `text` that the whole pattern matches, shortest first
// (suffixes are prefixes of the reversed text against the reversed pattern).
std::vector<std::size_t> ShellPattern::anchored_ends(std::string_view text) const {
  std::vector<std::size_t> ends;
  std::vector<std::size_t> starts(tokens_.size() + 1, kNone);
  starts[0] = 0;
  close(starts);
  std::size_t budget = kMaxSteps;
  if (starts.back() != kNone) ends.push_back(0);
  for (std::size_t p = 0; p < text.size(); ++p) {
    if (!step(starts, text[p], budget) && starts.back() == kNone) break;
    if (starts.back() != kNone) ends.push_back(p + 1);
  }
  return ends;
}

ShellPattern ShellPattern::reversed() const {
  ShellPattern r;
  r.tokens_.assign(tokens_.rbegin(), tokens_.rend());
  return r;
}

std::string ShellPattern::trim_prefix(const std::string& value, bool longest) const {
  auto ends = anchored_ends(value);
  if (ends.empty()) return value;
  return value.substr(longest ? ends.back() : ends.front());
}

std::string ShellPattern::trim_suffix(const std::string& value, bool longest) const {
  std::string backwards(value.rbegin(), value.rend());
  auto ends = reversed().anchored_ends(backwards);
  if (ends.empty()) return value;
  return value.substr(0, value.size() - (longest ? ends.back() : ends.front()));
}

// The leftmost-longest match starting at or after `from`; an empty match at `no_empty_at`
// does not count (Go's ReplaceAll skips an empty match right after the previous match).
std::optional<std::pair<std::size_t, std::size_t>> ShellPattern::find(std::string_view text,
                                                                      std::size_t from,
                                                                      std::size_t no_empty_at,
                                                                      std::size_t& budget) const {
  std::vector<std::size_t> starts(tokens_.size() + 1, kNone);
  std::size_t best_start = kNone, best_end = 0;
  for (std::size_t p = from;; ++p) {
    if (best_start == kNone) {
      starts[0] = std::min(starts[0], p);
      close(starts);
    }
    std::size_t s = starts.back();
    if (s != kNone && !(s == p && p == no_empty_at)) {
      if (best_start == kNone || s < best_start || (s == best_start && p > best_end)) {
        best_start = s;
        best_end = p;
      }
    }
    if (best_start != kNone) {
      // Attempts that began later cannot win any more.
      for (auto& start : starts) {
        if (start != kNone && start > best_start) start = kNone;
      }
    }
    if (p >= text.size()) break;
    bool alive = step(starts, text[p], budget);
    if (!alive && best_start != kNone) break;
  }
  if (best_start == kNone) return std::nullopt;
  return std::make_pair(best_start, best_end);
}

std::string ShellPattern::replace(const std::string& value, const std::string& replacement,
                                  bool all) const {
  std::string_view v = value;
  std::string out;
  std::size_t start = 0;
  std::size_t previous_end = kNone;
  std::size_t budget = kMaxSteps;
  while (start <= v.size()) {
    auto match = find(v, start, previous_end, budget);
    if (!match) break;
    auto [s, e] = *match;
    out += v.substr(start, s - start);
    out += replacement;
    previous_end = e;
    if (e == s) {
      if (s < v.size()) out += v[s];
      start = s + 1;
    } else {
      start = e;
    }
    if (!all) break;
  }
  if (start < v.size()) out += v.substr(start);
  return out;
}

}  // namespace berth::build
