// Dockerfile parser bugs found by fuzzing: each input crashed, overflowed or ran for minutes.
#include <gtest/gtest.h>

#include <string>

#include "build/dockerfile/dockerfile.hpp"
#include "build/dockerfile/run_mount.hpp"
#include "build/dockerfile/shell_lexer.hpp"
#include "build/dockerfile/shell_pattern.hpp"

namespace berth::build {
namespace parser_limits_test {

std::string error_of(std::string_view text) {
  try {
    parse_dockerfile(text);
  } catch (const SourceError& e) {
    return e.what();
  }
  return "no error";
}

TEST(DockerfileParserLimits, HeredocFileDescriptorOverflowIsAnError) {
  EXPECT_EQ(error_of("FROM scratch\nRUN 99999999999<<EOF\nx\nEOF\n"),
            "Dockerfile:2: heredoc file descriptor 99999999999 is out of range (at most "
            "1048576)");
  EXPECT_EQ(
      parse_dockerfile("FROM scratch\nRUN 3<<EOF cat <&3\nx\nEOF\n").stages[0].instructions.size(),
      1u);
}

TEST(DockerfileParserLimits, HugeTmpfsSizeIsRefused) {
  EXPECT_THROW(parse_run_mount("type=tmpfs,target=/t,size=99999999999999999999999p"),
               InvalidArgumentError);
  EXPECT_THROW(parse_run_mount("type=tmpfs,target=/t,size=1" + std::string(400, '0')),
               InvalidArgumentError);
  EXPECT_EQ(parse_run_mount("type=tmpfs,target=/t,size=1k").size, 1024u);
}

TEST(DockerfileParserLimits, AHugeHealthcheckDurationIsInvalidNotInternal) {
  std::string digits(5000, '9');
  EXPECT_EQ(
      error_of("FROM scratch\nHEALTHCHECK --interval=" + digits + "s CMD true\n"),
      "Dockerfile:2: dockerfile parse error on line 2: time: invalid duration \"" + digits + "s\"");
}

TEST(DockerfileParserLimits, DeepSubstitutionNestingIsAnError) {
  std::string word;
  for (int i = 0; i < 20000; ++i) word += "${a:-";
  word += std::string(20000, '}');
  try {
    expand(word, no_variables());
    FAIL() << "expanded";
  } catch (const InvalidArgumentError& e) {
    EXPECT_NE(std::string(e.what()).find("substitutions nested deeper than 200 levels"),
              std::string::npos);
  }
  std::string fine;
  for (int i = 0; i < 50; ++i) fine += "${a:-";
  fine += "x" + std::string(50, '}');
  EXPECT_EQ(expand(fine, no_variables()), "x");
}

TEST(DockerfileParserLimits, ReplaceIsNotCubicInTheValue) {
  // Was O(n^3): 20,000 characters took minutes.
  std::string value(20000, 'a');
  auto lookup = [&](std::string_view name) -> std::optional<std::string> {
    if (name == "A") return value;
    return std::nullopt;
  };
  EXPECT_EQ(expand("${A//*b/c}", lookup), value);
  EXPECT_EQ(expand("${A//a/b}", lookup), std::string(20000, 'b'));
  EXPECT_EQ(expand("${A/*/c}", lookup), "c");
}

TEST(DockerfileParserLimits, PatternSemanticsAreKept) {
  ShellPattern star_b("*b");
  EXPECT_EQ(star_b.replace("abab", "X", true), "X");
  EXPECT_EQ(ShellPattern("b").replace("abab", "X", true), "aXaX");
  EXPECT_EQ(ShellPattern("b").replace("abab", "X", false), "aXab");
  EXPECT_EQ(ShellPattern("x*").replace("abc", "-", true), "abc");
  EXPECT_EQ(ShellPattern("*").replace("", "-", true), "-");
  EXPECT_EQ(ShellPattern("a?").replace("abacad", "_", true), "___");
  EXPECT_EQ(ShellPattern("*/").trim_prefix("a/b/c", false), "b/c");
  EXPECT_EQ(ShellPattern("*/").trim_prefix("a/b/c", true), "c");
  EXPECT_EQ(ShellPattern("/*").trim_suffix("a/b/c", false), "a/b");
  EXPECT_EQ(ShellPattern("/*").trim_suffix("a/b/c", true), "a");
  EXPECT_EQ(ShellPattern("q*").trim_suffix("a/b/c", true), "a/b/c");
}

TEST(DockerfileParserLimits, ManyStagesAreCheckedInLinearTime) {
  std::string text;
  for (int i = 0; i < 20000; ++i) text += "FROM scratch AS s" + std::to_string(i) + "\n";
  EXPECT_EQ(parse_dockerfile(text).stages.size(), 20000u);
  EXPECT_EQ(error_of("FROM scratch AS a\nFROM scratch AS a\n"),
            "Dockerfile:2: duplicate stage name \"a\"");
}

TEST(DockerfileParserLimits, OversizedDockerfileIsRefused) {
  std::string text = "FROM scratch\n#" + std::string(kMaxDockerfileBytes, 'x') + "\n";
  EXPECT_EQ(error_of(text), "Dockerfile: the Dockerfile is larger than 16 MiB");
}

}  // namespace parser_limits_test
}  // namespace berth::build
