#pragma once
// The patterns of a repository's root .gitattributes (which paths are stored with Git LFS) and
// .gitignore (which paths a client should not upload), matched as git matches them: `*` and
// `?` within a component, `[...]` classes, `**` across directories, a pattern without a slash
// against the file name at any depth, a leading slash anchoring to the root, a trailing slash
// for directories, `!` re-including (.gitignore). The files are the Space owner's, so their
// size, their number of patterns and the work one match may take are bounded.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace berth::spaces {

inline constexpr std::size_t kMaxPatternFileBytes = 256 * 1024;
inline constexpr std::size_t kMaxPatterns = 2000;
inline constexpr std::size_t kMaxPatternBytes = 1024;

// Whether `path` matches the glob `pattern` (both relative to the root, no leading slash),
// with wildmatch's WM_PATHNAME rules. Throws InvalidArgumentError when the match would take
// more than `budget` steps (a pattern built to backtrack).
bool glob_matches(std::string_view pattern, std::string_view path, std::size_t budget = 1 << 20);

struct GitPattern {
  std::string glob;       // without the leading '/', '!' and trailing '/'
  bool anchored = false;  // matched against the whole path, else against the last component
  bool directory_only = false;
  bool negated = false;
};

// One line's pattern (the text before the first whitespace for .gitattributes).
GitPattern parse_git_pattern(std::string_view text);

// Whether `pattern` applies to `path` (a file when !is_directory).
bool pattern_applies(const GitPattern& pattern, std::string_view path, bool is_directory);

// A root .gitattributes: which paths have `filter=lfs` (the last matching line that says
// anything about `filter` decides).
class LfsAttributes {
 public:
  LfsAttributes() = default;
  // Lines past the bounds are ignored.
  explicit LfsAttributes(std::string_view gitattributes);
  bool is_lfs(std::string_view path) const;
  bool empty() const { return rules_.empty(); }

 private:
  struct Rule {
    GitPattern pattern;
    bool lfs = false;
  };
  std::vector<Rule> rules_;
};

// A root .gitignore.
class IgnoreRules {
 public:
  IgnoreRules() = default;
  explicit IgnoreRules(std::string_view gitignore);
  // A file is ignored when it, or a directory above it, is (a file below an ignored
  // directory cannot be re-included, as in git).
  bool is_ignored(std::string_view path) const;

 private:
  // The last pattern that matches decides: true ignored, false re-included, nullopt neither.
  int decide(std::string_view path, bool is_directory) const;
  std::vector<GitPattern> patterns_;
};

}  // namespace berth::spaces
