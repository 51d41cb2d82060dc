#pragma once
// The one glob engine behind both of Docker's pattern dialects: Go's filepath.Match (COPY/ADD
// source wildcards) and moby's patternmatcher (.dockerignore, COPY --exclude), which adds "**".
// Patterns and names are compared as Unicode code points, as Go does.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace berth::build {

struct GlobToken {
  enum class Kind {
    kLiteral,  // one code point
    kAnyChar,  // "?": one code point except '/'
    kStar,     // "*": any run of code points without '/'
    kClass,    // "[...]": one code point (may be '/') in or, negated, not in `ranges`
    kAnyDirs,  // "**" inside a pattern: "" or any string ending in '/'
    kAnyRest,  // "**" at the end: anything
  };
  Kind kind = Kind::kLiteral;
  char32_t literal = 0;
  bool negated = false;
  std::vector<std::pair<char32_t, char32_t>> ranges;  // inclusive lo..hi
};

using GlobTokens = std::vector<GlobToken>;

// UTF-8 to code points; a byte that is not valid UTF-8 becomes U+DC00+byte, so it still only
// matches itself.
std::u32string decode_utf8(std::string_view text);

// Parses "[...]" starting at `pos` (just after '['), Go's character-class syntax: optional '^',
// then c, "\c" or "lo-hi" ranges, at least one. Advances `pos` past ']'. Returns false when
// the class is malformed (Go's ErrBadPattern).
bool parse_glob_class(const std::u32string& pattern, size_t& pos, GlobToken& out);

// Whole-string match (DP over tokens × name, so no pattern is exponential).
bool glob_match(const GlobTokens& tokens, const std::u32string& name);

// Whether the tokens match `name` or one of its parents (the part before some '/'). One
// forward pass over `name` for all of them: matching each parent alone cost the pattern's
// length times the path's length times its depth.
bool glob_match_self_or_parent(const GlobTokens& tokens, const std::u32string& name);

// Go's filepath.Match on Unix: returns false for a bad pattern too; see go_pattern_valid.
class GoPattern {
 public:
  // Throws InvalidArgumentError("syntax error in pattern") for what Go calls ErrBadPattern.
  explicit GoPattern(std::string_view pattern);
  bool matches(std::string_view name) const;

 private:
  GlobTokens tokens_;
};

// Whether filepath.Match would accept `pattern` (Go ≥ 1.16 checks the whole pattern).
bool go_pattern_valid(std::string_view pattern);

// BuildKit's containsWildcards: '*', '?' or '[' not escaped by '\'.
bool has_wildcards(std::string_view path);

}  // namespace berth::build
