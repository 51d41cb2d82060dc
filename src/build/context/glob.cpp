#include "build/context/glob.hpp"

#include <cstdint>
#include <vector>

#include "base/error.hpp"

namespace berth::build {

std::u32string decode_utf8(std::string_view text) {
  std::u32string out;
  out.reserve(text.size());
  size_t i = 0;
  while (i < text.size()) {
    auto b = static_cast<unsigned char>(text[i]);
    size_t len = b < 0x80 ? 1 : (b >> 5) == 6 ? 2 : (b >> 4) == 14 ? 3 : (b >> 3) == 30 ? 4 : 0;
    char32_t cp = len == 1 ? b : len == 2 ? (b & 0x1f) : len == 3 ? (b & 0x0f) : (b & 0x07);
    bool ok = len > 0 && i + len <= text.size();
    for (size_t k = 1; ok && k < len; ++k) {
      auto c = static_cast<unsigned char>(text[i + k]);
      ok = (c & 0xc0) == 0x80;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (!ok) {
      out.push_back(0xdc00 + b);
      ++i;
      continue;
    }
    out.push_back(cp);
    i += len;
  }
  return out;
}

namespace {

// Go's getEsc: one class member, "\c" allowed; '-' and ']' must be escaped to be members.
bool class_member(const std::u32string& p, size_t& pos, char32_t& out) {
  if (pos >= p.size() || p[pos] == '-' || p[pos] == ']') return false;
  if (p[pos] == '\\' && ++pos >= p.size()) return false;
  out = p[pos++];
  return pos < p.size();  // a class must still be closed
}

}  // namespace

bool parse_glob_class(const std::u32string& p, size_t& pos, GlobToken& out) {
  out = GlobToken{};
  out.kind = GlobToken::Kind::kClass;
  if (pos < p.size() && p[pos] == '^') {
    out.negated = true;
    ++pos;
  }
  for (;;) {
    if (pos < p.size() && p[pos] == ']' && !out.ranges.empty()) {
      ++pos;
      return true;
    }
    char32_t lo, hi;
    if (!class_member(p, pos, lo)) return false;
    hi = lo;
    if (p[pos] == '-') {
      ++pos;
      if (!class_member(p, pos, hi)) return false;
    }
    out.ranges.emplace_back(lo, hi);
  }
}

namespace {

bool in_class(const GlobToken& t, char32_t c) {
  bool hit = false;
  for (auto [lo, hi] : t.ranges) hit = hit || (lo <= c && c <= hi);
  return hit != t.negated;
}

// Go's filepath.Match syntax: '*', '?', classes, '\' escapes; everything else is literal.
bool compile_go(std::string_view pattern, GlobTokens& out) {
  std::u32string p = decode_utf8(pattern);
  size_t pos = 0;
  while (pos < p.size()) {
    GlobToken t;
    char32_t c = p[pos++];
    if (c == '*') {
      t.kind = GlobToken::Kind::kStar;
    } else if (c == '?') {
      t.kind = GlobToken::Kind::kAnyChar;
    } else if (c == '[') {
      if (!parse_glob_class(p, pos, t)) return false;
    } else if (c == '\\') {
      if (pos >= p.size()) return false;
      t.literal = p[pos++];
    } else {
      t.literal = c;
    }
    out.push_back(std::move(t));
  }
  return true;
}

}  // namespace

bool glob_match(const GlobTokens& tokens, const std::u32string& name) {
  using K = GlobToken::Kind;
  const size_t n = name.size();
  const size_t width = n + 1;
  // next_row[j]: tokens[i+1..] match name[j..]; row[j]: tokens[i..] do. Two rows, not the
  // whole tokens x name table: a long pattern against a long path cost their product in memory.
  std::vector<char> next_row(width, 0);
  std::vector<char> this_row(width, 0);
  next_row[n] = 1;
  for (size_t i = tokens.size(); i-- > 0;) {
    const GlobToken& t = tokens[i];
    const char* next = next_row.data();
    char* row = this_row.data();
    bool dirs_later = false;  // for kAnyDirs: some k > j after a '/' lets the rest match
    for (size_t j = width; j-- > 0;) {
      bool more = j < n;
      bool ok = false;
      switch (t.kind) {
        case K::kLiteral:
          ok = more && name[j] == t.literal && next[j + 1];
          break;
        case K::kAnyChar:
          ok = more && name[j] != '/' && next[j + 1];
          break;
        case K::kClass:
          ok = more && in_class(t, name[j]) && next[j + 1];
          break;
        case K::kStar:
          ok = next[j] || (more && name[j] != '/' && row[j + 1]);
          break;
        case K::kAnyRest:
          ok = next[j] || (more && row[j + 1]);
          break;
        case K::kAnyDirs:
          dirs_later = more && ((name[j] == '/' && next[j + 1]) || dirs_later);
          ok = next[j] || dirs_later;
          break;
      }
      row[j] = ok;
    }
    next_row.swap(this_row);
  }
  return next_row[0];
}

namespace {

// The tokens as an NFA whose state i is "tokens[0..i) matched". A kAnyDirs token i also has
// an inner state (within it, after some code points, before its closing '/'), numbered
// tokens.size() + 1 + i. The active set is kept sparse: most paths keep it tiny.
class GlobAutomaton {
 public:
  explicit GlobAutomaton(const GlobTokens& tokens)
      : tokens_(tokens), seen_(2 * tokens.size() + 1, kNever) {}

  void start() {
    active_.clear();
    add(0, active_);
  }
  bool accepting() const { return accepting_; }
  bool dead() const { return active_.empty(); }

  void step(char32_t c) {
    ++generation_;
    accepting_ = false;
    next_.clear();
    for (size_t state : active_) {
      size_t inner_base = tokens_.size() + 1;
      if (state >= inner_base) {  // inside "**": any code point, leaving it after a '/'
        size_t i = state - inner_base;
        add(state, next_);
        if (c == '/') add(i + 1, next_);
        continue;
      }
      if (state == tokens_.size()) continue;
      const GlobToken& t = tokens_[state];
      using K = GlobToken::Kind;
      switch (t.kind) {
        case K::kLiteral:
          if (c == t.literal) add(state + 1, next_);
          break;
        case K::kAnyChar:
          if (c != '/') add(state + 1, next_);
          break;
        case K::kClass:
          if (in_class(t, c)) add(state + 1, next_);
          break;
        case K::kStar:
          if (c != '/') add(state, next_);
          break;
        case K::kAnyRest:
          add(state, next_);
          break;
        case K::kAnyDirs:
          add(inner_base + state, next_);
          if (c == '/') add(state + 1, next_);
          break;
      }
    }
    active_.swap(next_);
  }

 private:
  static constexpr uint64_t kNever = ~uint64_t{0};

  // Adds `state` and what it reaches without consuming ('*' and "**" may match nothing).
  void add(size_t state, std::vector<size_t>& set) {
    while (seen_[state] != generation_) {
      seen_[state] = generation_;
      set.push_back(state);
      if (state == tokens_.size()) {
        accepting_ = true;
        return;
      }
      if (state > tokens_.size()) return;
      GlobToken::Kind kind = tokens_[state].kind;
      bool may_be_empty = kind == GlobToken::Kind::kStar || kind == GlobToken::Kind::kAnyRest ||
                          kind == GlobToken::Kind::kAnyDirs;
      if (!may_be_empty) return;
      ++state;
    }
  }

  const GlobTokens& tokens_;
  std::vector<uint64_t> seen_;  // the generation a state was last added in
  uint64_t generation_ = 0;
  bool accepting_ = false;
  std::vector<size_t> active_, next_;
};

}  // namespace

bool glob_match_self_or_parent(const GlobTokens& tokens, const std::u32string& name) {
  GlobAutomaton automaton(tokens);
  automaton.start();
  for (char32_t c : name) {
    if (c == '/' && automaton.accepting()) return true;  // a parent matched
    automaton.step(c);
    if (automaton.dead()) return false;
  }
  return automaton.accepting();
}

GoPattern::GoPattern(std::string_view pattern) {
  if (!compile_go(pattern, tokens_)) throw InvalidArgumentError("syntax error in pattern");
}

bool GoPattern::matches(std::string_view name) const {
  return glob_match(tokens_, decode_utf8(name));
}

bool go_pattern_valid(std::string_view pattern) {
  GlobTokens ignored;
  return compile_go(pattern, ignored);
}

bool has_wildcards(std::string_view path) {
  for (size_t i = 0; i < path.size(); ++i) {
    switch (path[i]) {
      case '*':
      case '?':
      case '[':
        return true;
      case '\\':
        ++i;
        break;
      default:
        break;
    }
  }
  return false;
}

}  // namespace berth::build
