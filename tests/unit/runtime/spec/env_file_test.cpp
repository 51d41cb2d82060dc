#include <gtest/gtest.h>

#include "base/error.hpp"
#include "runtime/spec/container_config.hpp"

namespace berth::runtime {
namespace env_file_test {

using Lines = std::vector<std::string>;

TEST(ParseEnvFile, DockerRules) {
  std::string text =
      "# comment\n"
      "\n"
      "   \t\n"
      "A=1\n"
      "  B=two words  \n"
      "C=\"quoted\"\n"
      "D=\n"
      "E==x=y\n"
      "BARE\n"
      "  # indented comment\n"
      "WIN=crlf\r\n"
      "LAST=no newline";
  EXPECT_EQ(parse_env_file(text, "env.list"),
            (Lines{"A=1", "B=two words  ", "C=\"quoted\"", "D=", "E==x=y", "BARE", "WIN=crlf",
                   "LAST=no newline"}));
}

TEST(ParseEnvFile, Utf8BomOnFirstLineIsDropped) {
  EXPECT_EQ(parse_env_file("\xEF\xBB\xBFK=v\n", "f"), (Lines{"K=v"}));
}

TEST(ParseEnvFile, ValuesMayHoldUtf8) {
  EXPECT_EQ(parse_env_file("GREETING=h\xC3\xA9llo\n", "f"), (Lines{"GREETING=h\xC3\xA9llo"}));
}

void expect_error(const std::string& text, const std::string& message) {
  try {
    parse_env_file(text, "env.list");
    FAIL() << "expected an error for: " << text;
  } catch (const InvalidArgumentError& e) {
    EXPECT_EQ(e.what(), message);
    EXPECT_EQ(e.exit_code(), 125);
  }
}

TEST(ParseEnvFile, BadNamesNameTheFileAndLine) {
  expect_error("OK=1\na b=c\n",
               "poorly formatted environment: variable 'a b' contains whitespaces "
               "(env.list line 2)");
  expect_error("\n\nBARE WORD\n",
               "poorly formatted environment: variable 'BARE WORD' contains whitespaces "
               "(env.list line 3)");
  expect_error("=value\n",
               "poorly formatted environment: no variable name on line '=value' "
               "(env.list line 1)");
}

TEST(ParseEnvFile, InvalidUtf8IsRefused) {
  expect_error("A=1\nB=\xFF\n", "env file env.list contains invalid utf8 bytes at line 2");
  expect_error("B=\xC0\xAF\n", "env file env.list contains invalid utf8 bytes at line 1");
}

TEST(ParseMemorySize, DockerRamInBytes) {
  EXPECT_EQ(parse_memory_size("512"), 512);
  EXPECT_EQ(parse_memory_size("0"), 0);
  EXPECT_EQ(parse_memory_size("32b"), 32);
  EXPECT_EQ(parse_memory_size("64k"), 64 * 1024);
  EXPECT_EQ(parse_memory_size("64K"), 64 * 1024);
  EXPECT_EQ(parse_memory_size("10m"), 10 * 1024 * 1024);
  EXPECT_EQ(parse_memory_size("10MB"), 10 * 1024 * 1024);
  EXPECT_EQ(parse_memory_size("10MiB"), 10 * 1024 * 1024);
  EXPECT_EQ(parse_memory_size("1.5g"), 1536LL * 1024 * 1024);
  EXPECT_EQ(parse_memory_size("2 g"), 2LL << 30);
  EXPECT_EQ(parse_memory_size("1t"), 1LL << 40);
  EXPECT_EQ(parse_memory_size("1p"), 1LL << 50);
  EXPECT_EQ(parse_memory_size("+5k"), 5 * 1024);
  EXPECT_EQ(parse_memory_size("0.5k"), 512);
}

void expect_size_error(std::string_view text, const std::string& message) {
  try {
    parse_memory_size(text);
    FAIL() << "expected an error for " << text;
  } catch (const InvalidArgumentError& e) {
    EXPECT_EQ(e.what(), message);
    EXPECT_EQ(e.exit_code(), 125);
  }
}

TEST(ParseMemorySize, Errors) {
  expect_size_error("", "invalid size: ''");
  expect_size_error("m", "invalid size: 'm'");
  expect_size_error("-1", "invalid size: '-1'");
  expect_size_error("-1m", "invalid size: '-1m'");
  expect_size_error("10x", "invalid suffix: 'x'");
  expect_size_error("10mm", "invalid suffix: 'mm'");
  expect_size_error("10KiBs", "invalid suffix: 'KiBs'");
  expect_size_error("10kx", "invalid suffix: 'kx'");
  expect_size_error("10bb", "invalid suffix: 'bb'");
  expect_size_error("1..5m", "strconv.ParseFloat: parsing \"1..5\": invalid syntax");
  expect_size_error("9999999p", "invalid size: '9999999p'");
}

}  // namespace env_file_test
}  // namespace berth::runtime
