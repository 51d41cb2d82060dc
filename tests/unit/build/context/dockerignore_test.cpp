// .dockerignore rules (moby patternmatcher semantics) and the ignore file's loading.
#include "build/context/dockerignore.hpp"

#include <gtest/gtest.h>

#include "base/error.hpp"
#include "build/context/glob.hpp"
#include "build/context/ignore_matcher.hpp"
#include "build/context/ignore_pattern.hpp"
#include "build/dockerfile/source_error.hpp"

namespace berth::build {
namespace {

struct MatchCase {
  const char* name;
  std::string dockerignore;  // file text
  std::string path;
  bool ignored;
};

class DockerignoreMatcher : public ::testing::TestWithParam<MatchCase> {};

TEST_P(DockerignoreMatcher, MatchesLikeDocker) {
  const auto& c = GetParam();
  IgnoreMatcher m = parse_dockerignore(c.dockerignore, ".dockerignore");
  EXPECT_EQ(m.matches(c.path), c.ignored) << "patterns:\n" << c.dockerignore << "path: " << c.path;
}

INSTANTIATE_TEST_SUITE_P(
    Rules, DockerignoreMatcher,
    ::testing::Values(
        MatchCase{"exact", "foo\n", "foo", true},
        MatchCase{"exact_other", "foo\n", "foobar", false},
        MatchCase{"exact_not_nested", "foo\n", "a/foo", false},
        MatchCase{"dir_excludes_contents", "foo\n", "foo/bar/baz.txt", true},
        MatchCase{"star", "*.txt\n", "a.txt", true},
        MatchCase{"star_not_slash", "*.txt\n", "dir/a.txt", false},
        MatchCase{"star_dir", "*/*.txt\n", "dir/a.txt", true},
        MatchCase{"star_dotfile", "*\n", ".env", true},
        MatchCase{"question", "?.go\n", "a.go", true},
        MatchCase{"question_one", "?.go\n", "ab.go", false},
        MatchCase{"question_utf8", "caf?\n", "caf\xC3\xA9", true},
        MatchCase{"star_utf8", "\xC3\xA9*\n", "\xC3\xA9t\xC3\xA9", true},
        MatchCase{"class_range", "[a-c].md\n", "b.md", true},
        MatchCase{"class_range_miss", "[a-c].md\n", "d.md", false},
        MatchCase{"class_caret_negates", "[^a-c].md\n", "d.md", true},
        MatchCase{"class_caret_negates_miss", "[^a-c].md\n", "a.md", false},
        // In Docker (Go regexp), '!' inside a class is a literal, unlike .gitignore.
        MatchCase{"class_bang_is_literal", "[!a]b\n", "!b", true},
        MatchCase{"class_bang_is_literal_a", "[!a]b\n", "ab", true},
        MatchCase{"class_bang_is_literal_miss", "[!a]b\n", "cb", false},
        MatchCase{"class_escaped_bracket", "[\\]]x\n", "]x", true},
        MatchCase{"class_matches_slash", "a[^x]b\n", "a/b", true},
        MatchCase{"escape_star", "\\*.txt\n", "*.txt", true},
        MatchCase{"escape_star_literal", "\\*.txt\n", "a.txt", false},
        MatchCase{"escape_question", "a\\?b\n", "a?b", true},
        MatchCase{"escape_question_literal", "a\\?b\n", "axb", false},
        MatchCase{"doublestar_all", "**\n", "a/b/c", true},
        MatchCase{"doublestar_prefix", "**/*.txt\n", "a.txt", true},
        MatchCase{"doublestar_prefix_deep", "**/*.txt\n", "a/b/c.txt", true},
        MatchCase{"doublestar_name", "**/foo\n", "foo", true},
        MatchCase{"doublestar_name_deep", "**/foo\n", "x/y/foo", true},
        MatchCase{"doublestar_name_not_suffix", "**/foo\n", "afoo", false},
        // "**foo" is a plain suffix in moby: it matches "barfoo" too.
        MatchCase{"doublestar_suffix_quirk", "**foo\n", "a/barfoo", true},
        MatchCase{"doublestar_trailing", "foo/**\n", "foo/x/y", true},
        MatchCase{"doublestar_trailing_not_dir", "foo/**\n", "foo", false},
        MatchCase{"doublestar_middle_zero", "foo/**/bar\n", "foo/bar", true},
        MatchCase{"doublestar_middle_many", "foo/**/bar\n", "foo/a/b/bar", true},
        MatchCase{"doublestar_middle_parent", "foo/**/bar\n", "foo/a/bar/x.txt", true},
        MatchCase{"doublestar_middle_miss", "foo/**/bar\n", "foo/xbar", false},
        MatchCase{"parent_by_glob", "*/node_modules\n", "app/node_modules/x/y.js", true},
        MatchCase{"exception", "*.md\n!README.md\n", "README.md", false},
        MatchCase{"exception_others", "*.md\n!README.md\n", "CHANGES.md", true},
        MatchCase{"exception_then_exclude", "*.md\n!*.md\nsecret.md\n", "secret.md", true},
        MatchCase{"exception_then_exclude_other", "*.md\n!*.md\nsecret.md\n", "a.md", false},
        MatchCase{"last_match_wins", "!README.md\n*.md\n", "README.md", true},
        MatchCase{"exception_in_dir", "docs\n!docs/keep.txt\n", "docs/keep.txt", false},
        MatchCase{"exception_in_dir_rest", "docs\n!docs/keep.txt\n", "docs/other.txt", true},
        MatchCase{"exception_in_dir_dir", "docs\n!docs/keep.txt\n", "docs", true},
        MatchCase{"leading_slash", "/foo\n", "foo", true},
        MatchCase{"leading_dot_slash", "./bar\n", "bar", true},
        MatchCase{"exception_leading_slash", "*\n! /keep\n", "keep", false},
        MatchCase{"cleaned_dotdot", "foo/../bar\n", "bar", true},
        MatchCase{"cleaned_slashes", "foo//baz/\n", "foo/baz", true},
        MatchCase{"comment", "# foo\n", "# foo", false},
        MatchCase{"hash_after_space_is_pattern", " #x\n", "#x", true},
        MatchCase{"crlf", "foo\r\nbar\r\n", "bar", true},
        MatchCase{"bom",
                  "\xEF\xBB\xBF"
                  "foo\n",
                  "foo", true},
        MatchCase{"blank_lines", "\n\n   \nfoo\n", "foo", true},
        MatchCase{"trimmed", "  foo  \n", "foo", true}, MatchCase{"root_never", "*\n", ".", false},
        MatchCase{"regexp_chars_literal", "a.b+c(d)\n", "a.b+c(d)", true},
        MatchCase{"regexp_dot_literal", "a.b\n", "axb", false}),
    [](const auto& info) { return info.param.name; });

TEST(DockerignoreFile, ReadsPatternsLikeIgnorefileReadAll) {
  EXPECT_EQ(read_dockerignore_patterns("test1\n/test2\n/a/file/here\n\nlastfile\n# comment\n"
                                       "! /inverted/abs/path\n"),
            (std::vector<std::string>{"test1", "test2", "a/file/here", "lastfile",
                                      "!inverted/abs/path"}));
}

TEST(DockerignoreFile, BadPatternNamesFileAndLine) {
  try {
    parse_dockerignore("ok\n# fine\n[\n", "sub/Dockerfile.dockerignore");
    FAIL() << "expected a SourceError";
  } catch (const SourceError& e) {
    EXPECT_EQ(e.where().file, "sub/Dockerfile.dockerignore");
    EXPECT_EQ(e.where().line, 3);
    EXPECT_EQ(e.detail(), "syntax error in pattern");
    EXPECT_STREQ(e.what(), "sub/Dockerfile.dockerignore:3: syntax error in pattern");
  }
}

TEST(DockerignoreFile, LoneBangIsAnError) {
  try {
    parse_dockerignore("a\n!\n", ".dockerignore");
    FAIL() << "expected a SourceError";
  } catch (const SourceError& e) {
    EXPECT_EQ(e.where().line, 2);
    EXPECT_EQ(e.detail(), "illegal exclusion pattern: \"!\"");
  }
}

TEST(DockerignoreFile, BadPatternsAreRefused) {
  for (const char* bad : {"[", "[]", "[a-]", "[-a]", "foo\\", "a[^]"}) {
    EXPECT_THROW(parse_dockerignore(std::string(bad) + "\n", ".dockerignore"), SourceError) << bad;
  }
}

TEST(DockerignoreFile, DockerfileSpecificFileWins) {
  auto exists_all = [](const std::string&) { return true; };
  EXPECT_EQ(choose_dockerignore(std::string("sub/Dockerfile.dev"), "", exists_all),
            "sub/Dockerfile.dev.dockerignore");
  auto only_common = [](const std::string& p) { return p == ".dockerignore"; };
  EXPECT_EQ(choose_dockerignore(std::string("Dockerfile"), "", only_common), ".dockerignore");
  auto none = [](const std::string&) { return false; };
  EXPECT_EQ(choose_dockerignore(std::nullopt, "", none), std::nullopt);
  EXPECT_EQ(choose_dockerignore(std::nullopt, "", exists_all), ".dockerignore");
}

TEST(DockerignoreMatcherApi, ExceptionsAreReported) {
  EXPECT_FALSE(IgnoreMatcher({"a", "b"}).has_exceptions());
  EXPECT_TRUE(IgnoreMatcher({"a", "!a/b"}).has_exceptions());
  EXPECT_TRUE(IgnoreMatcher().empty());
  EXPECT_FALSE(IgnoreMatcher().matches("anything"));
}

struct GoCase {
  const char* pattern;
  const char* name;
  bool match;
};

// The one-pass parent match agrees with matching the path and each parent on its own.
TEST(ContextGlob, SelfOrParentAgreesWithEachParentAlone) {
  const std::vector<std::string> patterns = {
      "a",     "a/b",         "*",       "*/b",       "a/*",   "a/**/c",
      "**/c",  "a/**",        "?/b",     "[ab]/[^x]", "a[/]b", "*/*/*",
      "a**/c", "a/**/b/**/c", "**/**/c", "x/**/*",    "*b",    "a/b/c/d"};
  const std::vector<std::string> paths = {"a",       "a/b",   "a/b/c",     "x/a/b/c",
                                          "a/x/c/d", "b/b/c", "ab/c",      "a/b/b/c",
                                          "a/xb/c",  "c",     "a/b/c/d/e", "q/r/s"};
  for (const auto& pattern : patterns) {
    IgnorePattern one(pattern);
    for (const auto& path : paths) {
      bool expected = one.matches(path);
      for (size_t slash = path.find('/'); slash != std::string::npos;
           slash = path.find('/', slash + 1)) {
        expected = expected || one.matches(path.substr(0, slash));
      }
      EXPECT_EQ(one.matches_self_or_parent(path), expected) << pattern << " vs " << path;
    }
  }
}

TEST(ContextGlob, GoFilepathMatch) {
  for (const auto& c :
       std::vector<GoCase>{{"*", "abc", true},
                           {"*", "a/b", false},
                           {"a*", "abc", true},
                           {"a*c", "abbbc", true},
                           {"a*c", "ab/c", false},
                           {"*.go", ".hidden.go", true},
                           {"?", "\xC3\xA9", true},
                           {"?", "/", false},
                           {"[a-z]", "q", true},
                           {"[^a-z]", "q", false},
                           {"[\\]]", "]", true},
                           {"a\\*b", "a*b", true},
                           {"a\\*b", "axb", false},
                           {"*a*a*a*a*a*a*a*b", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", false}}) {
    EXPECT_EQ(GoPattern(c.pattern).matches(c.name), c.match) << c.pattern << " ~ " << c.name;
  }
}

TEST(ContextGlob, GoBadPatterns) {
  for (const char* bad : {"[", "[]a]", "[a-]", "\\", "[a", "[\\"}) {
    EXPECT_FALSE(go_pattern_valid(bad)) << bad;
    EXPECT_THROW(GoPattern{bad}, InvalidArgumentError) << bad;
  }
  EXPECT_TRUE(has_wildcards("a/*.txt"));
  EXPECT_TRUE(has_wildcards("a[bc]"));
  EXPECT_FALSE(has_wildcards("a\\*b"));
  EXPECT_FALSE(has_wildcards("plain/path"));
}

}  // namespace
}  // namespace berth::build
