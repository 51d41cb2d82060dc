#pragma once
// A list of ignore patterns with Docker's rules (moby patternmatcher's MatchesOrParentMatches):
// patterns apply in order and the last one that matches decides; "!pattern" is an exception
// that re-includes; a pattern that matches a directory also matches everything under it.
#include <string>
#include <string_view>
#include <vector>

#include "build/context/ignore_pattern.hpp"

namespace berth::build {

class IgnoreMatcher {
 public:
  IgnoreMatcher() = default;  // ignores nothing
  // Each pattern is trimmed and cleaned as moby's New does; blank ones are skipped. Throws
  // InvalidArgumentError for a bad pattern ("syntax error in pattern", or
  // `illegal exclusion pattern: "!"`).
  explicit IgnoreMatcher(const std::vector<std::string>& patterns);

  // `path`: clean, relative to the context root, '/'-separated ("src/main.go"). The root
  // itself ("" or ".") is never ignored.
  bool matches(std::string_view path) const;

  bool empty() const { return rules_.empty(); }
  // Whether any "!" exception exists: then an ignored directory may still hold included
  // paths, and a walk must look inside it.
  bool has_exceptions() const { return has_exceptions_; }

 private:
  struct Rule {
    IgnorePattern pattern;
    bool exception;
  };
  std::vector<Rule> rules_;
  bool has_exceptions_ = false;
};

}  // namespace berth::build
