// .env files: compose's dotenv format.
#include "compose/dotenv.hpp"

#include <gtest/gtest.h>

#include "compose/compose_error.hpp"

namespace berth::compose {
namespace {

EnvPairs dotenv_of(std::string_view text) {
  return parse_dotenv(text, ".env", [](std::string_view name) -> std::optional<std::string> {
    if (name == "FROM_SHELL") return std::string("shell");
    return std::nullopt;
  });
}

TEST(ComposeDotenv, Forms) {
  auto env = dotenv_of(
      "# comment\n\nA=1\nexport B=two words  # trailing comment\nC='single $A'\n"
      "D=\"double $A\\nnext\"\nE=${A}-${FROM_SHELL}\nFROM_SHELL\nMISSING\nF=\nG=\"multi\nline\"\n"
      "H=a#b\n");
  EnvPairs expected = {
      {"A", "1"},       {"B", "two words"},      {"C", "single $A"}, {"D", "double 1\nnext"},
      {"E", "1-shell"}, {"FROM_SHELL", "shell"}, {"F", ""},          {"G", "multi\nline"},
      {"H", "a#b"}};
  EXPECT_EQ(env, expected);
}

TEST(ComposeDotenv, Errors) {
  try {
    dotenv_of("A=1\nB=\"open\n");
    FAIL();
  } catch (const ComposeError& e) {
    EXPECT_STREQ(e.what(), ".env:2: B: unterminated quoted value");
  }
  try {
    dotenv_of("BAD KEY=1\n");
    FAIL();
  } catch (const ComposeError& e) {
    EXPECT_STREQ(e.what(), ".env:1: unexpected character in variable name BAD KEY");
  }
}

}  // namespace
}  // namespace berth::compose
