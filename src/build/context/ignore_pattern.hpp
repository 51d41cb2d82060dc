#pragma once
// One pattern of moby's patternmatcher, the dialect of .dockerignore and COPY --exclude:
// Go filepath.Match syntax ('*', '?', "[...]" with '^' negation and ranges, '\' escapes) plus
// "**", which matches any number of directories. A pattern matches whole slash-separated
// paths relative to the context root.
#include <string>
#include <string_view>

#include "build/context/glob.hpp"

namespace berth::build {

class IgnorePattern {
 public:
  // `cleaned` is the pattern after filepath.Clean, without a leading '!'. Throws
  // InvalidArgumentError("syntax error in pattern") where Go's filepath.Match would refuse it.
  explicit IgnorePattern(std::string cleaned);

  // `path` is clean and relative ("a/b/c.txt"). Only this path: parents are the matcher's job.
  bool matches(std::string_view path) const;
  // Whether it matches `path` or one of its parent directories ("a" or "a/b" for "a/b/c"),
  // as moby's matcher asks, in time linear in the path for each pattern.
  bool matches_self_or_parent(std::string_view path) const;
  const std::string& text() const { return text_; }

 private:
  // moby picks the cheapest form: the literal path, "foo**" as a prefix, "**foo" (no other
  // wildcard) as a plain suffix (so "**foo" also matches "barfoo"), else a full glob.
  enum class Form { kExact, kPrefix, kSuffix, kGlob };
  Form form_ = Form::kExact;
  std::string text_;
  GlobTokens tokens_;
};

}  // namespace berth::build
