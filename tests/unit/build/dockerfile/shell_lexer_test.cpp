#include "build/dockerfile/shell_lexer.hpp"

#include <gtest/gtest.h>

#include <map>

#include "base/error.hpp"

namespace berth::build {
namespace {

const std::map<std::string, std::string> kEnv = {
    {"A", "a"},         {"EMPTY", ""}, {"SP", "x y"}, {"P", "/usr/local/bin/file.tar.gz"},
    {"STARS", "a*b*c"},
};

std::optional<std::string> lookup(std::string_view name) {
  auto it = kEnv.find(std::string(name));
  if (it == kEnv.end()) return std::nullopt;
  return it->second;
}

struct ExpandCase {
  std::string word;
  std::string expected;
};

class DockerfileExpandTable : public ::testing::TestWithParam<ExpandCase> {};

TEST_P(DockerfileExpandTable, ExpandsLikeBuildKit) {
  EXPECT_EQ(expand(GetParam().word, lookup), GetParam().expected) << GetParam().word;
}

INSTANTIATE_TEST_SUITE_P(
    Operators, DockerfileExpandTable,
    ::testing::Values(
        // Plain references; unset is empty.
        ExpandCase{"$A", "a"}, ExpandCase{"${A}", "a"}, ExpandCase{"x${A}y", "xay"},
        ExpandCase{"${A}_b", "a_b"}, ExpandCase{"$A_b", ""}, ExpandCase{"$UNSET", ""},
        ExpandCase{"${UNSET}", ""}, ExpandCase{"$", "$"}, ExpandCase{"a$", "a$"},
        ExpandCase{"$1", ""}, ExpandCase{"$@x", "x"}, ExpandCase{"$ A", "$ A"},
        // :- and - differ on set-but-empty.
        ExpandCase{"${A:-w}", "a"}, ExpandCase{"${EMPTY:-w}", "w"}, ExpandCase{"${UNSET:-w}", "w"},
        ExpandCase{"${A-w}", "a"}, ExpandCase{"${EMPTY-w}", ""}, ExpandCase{"${UNSET-w}", "w"},
        // :+ and +.
        ExpandCase{"${A:+w}", "w"}, ExpandCase{"${EMPTY:+w}", ""}, ExpandCase{"${UNSET:+w}", ""},
        ExpandCase{"${A+w}", "w"}, ExpandCase{"${EMPTY+w}", "w"}, ExpandCase{"${UNSET+w}", ""},
        // ? passes the value through when set.
        ExpandCase{"${A:?msg}", "a"}, ExpandCase{"${EMPTY?msg}", ""},
        // Words are expanded and unquoted too.
        ExpandCase{"${UNSET:-$A}", "a"}, ExpandCase{"${UNSET:-${A}b}", "ab"},
        ExpandCase{"${UNSET:-'q w'}", "q w"}, ExpandCase{"${UNSET:-\"$A\"}", "a"},
        // Prefix and suffix removal, shortest and longest.
        ExpandCase{"${P#*/}", "usr/local/bin/file.tar.gz"}, ExpandCase{"${P##*/}", "file.tar.gz"},
        ExpandCase{"${P%.*}", "/usr/local/bin/file.tar"},
        ExpandCase{"${P%%.*}", "/usr/local/bin/file"},
        ExpandCase{"${P#nomatch}", "/usr/local/bin/file.tar.gz"},
        ExpandCase{"${P%/????.tar.gz}", "/usr/local/bin"}, ExpandCase{"${STARS#*\\*}", "b*c"},
        ExpandCase{"${STARS##*\\*}", "c"}, ExpandCase{"${UNSET#x}", ""},
        // Replacement, first and all.
        ExpandCase{"${P/local/opt}", "/usr/opt/bin/file.tar.gz"},
        ExpandCase{"${P//\\//:}", ":usr:local:bin:file.tar.gz"},
        ExpandCase{"${P/\\//}", "usr/local/bin/file.tar.gz"}, ExpandCase{"${A/a/b}", "b"},
        ExpandCase{"${P/l*l/X}", "/usr/Xe.tar.gz"}, ExpandCase{"${A/z/b}", "a"},
        // Quotes and escapes.
        ExpandCase{"'$A'", "$A"}, ExpandCase{"\"$A\"", "a"}, ExpandCase{"\\$A", "$A"},
        ExpandCase{"\"\\$A\"", "$A"}, ExpandCase{"'a\\b'", "a\\b"}, ExpandCase{"\"a\\b\"", "a\\b"},
        ExpandCase{"\"a\\\"b\"", "a\"b"}, ExpandCase{"a\\ b", "a b"}, ExpandCase{"a\\", "a"},
        ExpandCase{"\"it's\"", "it's"}, ExpandCase{"'say \"hi\"'", "say \"hi\""},
        ExpandCase{"a'b'c\"d\"e", "abcde"}, ExpandCase{"\"$SP\"", "x y"}, ExpandCase{"", ""}));

struct ErrorCase {
  std::string word;
  std::string message;
};

class DockerfileExpandErrors : public ::testing::TestWithParam<ErrorCase> {};

TEST_P(DockerfileExpandErrors, FailsWithBuildKitsMessage) {
  try {
    expand(GetParam().word, lookup);
    FAIL() << "expected an error for " << GetParam().word;
  } catch (const InvalidArgumentError& e) {
    EXPECT_EQ(std::string(e.what()), GetParam().message);
  }
}

INSTANTIATE_TEST_SUITE_P(
    Messages, DockerfileExpandErrors,
    ::testing::Values(
        ErrorCase{"${UNSET:?}",
                  "failed to process \"${UNSET:?}\": UNSET: is not allowed to be unset"},
        ErrorCase{"${UNSET?}",
                  "failed to process \"${UNSET?}\": UNSET: is not allowed to be unset"},
        ErrorCase{"${EMPTY:?}",
                  "failed to process \"${EMPTY:?}\": EMPTY: is not allowed to be empty"},
        ErrorCase{"${UNSET:?set it please}",
                  "failed to process \"${UNSET:?set it please}\": UNSET: set it please"},
        ErrorCase{"${A", "failed to process \"${A\": syntax error: missing '}'"},
        ErrorCase{"${A:-x", "failed to process \"${A:-x\": syntax error: missing '}'"},
        ErrorCase{"${", "failed to process \"${\": syntax error: missing '}'"},
        ErrorCase{"${}", "failed to process \"${}\": syntax error: bad substitution"},
        ErrorCase{"${:-x}", "failed to process \"${:-x}\": syntax error: bad substitution"},
        ErrorCase{"${A:x}",
                  "failed to process \"${A:x}\": unsupported modifier (:x) in substitution"},
        ErrorCase{"${A/x", "failed to process \"${A/x\": syntax error: missing '/' in ${}"},
        ErrorCase{"'abc",
                  "failed to process \"'abc\": unexpected end of statement while looking "
                  "for matching single-quote"},
        ErrorCase{"\"abc",
                  "failed to process \"\\\"abc\": unexpected end of statement while "
                  "looking for matching double-quote"}));

TEST(DockerfileExpandWords, SplitsExpansionsButNotQuotedText) {
  EXPECT_EQ(expand_words("$SP", lookup), (std::vector<std::string>{"x", "y"}));
  EXPECT_EQ(expand_words("\"$SP\"", lookup), (std::vector<std::string>{"x y"}));
  EXPECT_EQ(expand_words("a  b", lookup), (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(expand_words("'a b' c", lookup), (std::vector<std::string>{"a b", "c"}));
  EXPECT_EQ(expand_words("a\\ b", lookup), (std::vector<std::string>{"a b"}));
  EXPECT_EQ(expand_words("80 ${SP}z", lookup), (std::vector<std::string>{"80", "x", "yz"}));
  EXPECT_TRUE(expand_words("", lookup).empty());
  EXPECT_TRUE(expand_words("$UNSET", lookup).empty());
}

TEST(DockerfileExpandEscape, BacktickEscapesAndBackslashIsLiteral) {
  EXPECT_EQ(expand("`$A", lookup, '`'), "$A");
  EXPECT_EQ(expand("C:\\dir\\$A", lookup, '`'), "C:\\dir\\a");
  EXPECT_EQ(expand("\"a`\"b\"", lookup, '`'), "a\"b");
  EXPECT_EQ(expand("a` b", lookup, '`'), "a b");
}

TEST(DockerfileExpandHeredocBody, ExpandsVariablesButKeepsQuotes) {
  EXPECT_EQ(expand_heredoc_body("echo \"$A\" '$A' \\$A ${UNSET:-d}\n", lookup),
            "echo \"a\" 'a' $A d\n");
}

TEST(DockerfileShellProcess, SkipUnsetKeepsReferencesAsWritten) {
  ShellLexerOptions options{.skip_unset = true};
  EXPECT_EQ(shell_process("$UNSET ${UNSET} ${UNSET:-x} $A", lookup, options).joined,
            "$UNSET ${UNSET} ${UNSET:-x} a");
}

TEST(DockerfileShellProcess, RawQuotesAndEscapesKeepThem) {
  ShellLexerOptions options{.raw_quotes = true, .raw_escapes = true};
  EXPECT_EQ(shell_process("'a' \"b\" \\c", lookup, options).fields,
            (std::vector<std::string>{"'a'", "\"b\"", "\\c"}));
}

}  // namespace
}  // namespace berth::build
