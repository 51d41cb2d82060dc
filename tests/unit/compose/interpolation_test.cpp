// Compose's variable interpolation: every form the spec names, nesting, and its errors.
#include "compose/interpolation.hpp"

#include <gtest/gtest.h>

#include <map>

#include "compose_test_project.hpp"

namespace berth::compose {
namespace {

std::string interpolated(std::string_view text) {
  static const std::map<std::string, std::string, std::less<>> kEnv = {
      {"SET", "value"}, {"EMPTY", ""}, {"PORT", "8080"}, {"NESTED", "${SET}"}};
  return interpolate(text, [](std::string_view name) -> std::optional<std::string> {
    auto it = kEnv.find(name);
    if (it == kEnv.end()) return std::nullopt;
    return it->second;
  });
}

std::string interpolation_error(std::string_view text) {
  try {
    interpolated(text);
  } catch (const InterpolationError& e) {
    return e.message;
  }
  return "no error";
}

TEST(ComposeInterpolation, PlainAndBracedNames) {
  EXPECT_EQ(interpolated("$SET"), "value");
  EXPECT_EQ(interpolated("${SET}"), "value");
  EXPECT_EQ(interpolated("a${SET}b$SET.c"),
            "avalueb"
            "value.c");
  EXPECT_EQ(interpolated("$UNSET-x"), "-x");
  EXPECT_EQ(interpolated("no variables"), "no variables");
}

TEST(ComposeInterpolation, DollarDollarIsALiteralDollar) {
  EXPECT_EQ(interpolated("$$SET"), "$SET");
  EXPECT_EQ(interpolated("cost: 5$"), "cost: 5$");
  EXPECT_EQ(interpolated("a $ b"), "a $ b");
}

TEST(ComposeInterpolation, DefaultsTellUnsetFromEmpty) {
  EXPECT_EQ(interpolated("${UNSET:-d}"), "d");
  EXPECT_EQ(interpolated("${EMPTY:-d}"), "d");
  EXPECT_EQ(interpolated("${EMPTY-d}"), "");
  EXPECT_EQ(interpolated("${UNSET-d}"), "d");
  EXPECT_EQ(interpolated("${SET:-d}"), "value");
}

TEST(ComposeInterpolation, Replacements) {
  EXPECT_EQ(interpolated("${SET:+x}"), "x");
  EXPECT_EQ(interpolated("${EMPTY:+x}"), "");
  EXPECT_EQ(interpolated("${EMPTY+x}"), "x");
  EXPECT_EQ(interpolated("${UNSET+x}"), "");
}

TEST(ComposeInterpolation, NestedDefaults) {
  EXPECT_EQ(interpolated("${UNSET:-${PORT}}"), "8080");
  EXPECT_EQ(interpolated("${UNSET:-${ALSO_UNSET:-${SET}}}"), "value");
  EXPECT_EQ(interpolated("${UNSET:-a-$SET-b}"), "a-value-b");
  // A value is not interpolated again.
  EXPECT_EQ(interpolated("${NESTED}"), "${SET}");
}

TEST(ComposeInterpolation, RequiredVariables) {
  EXPECT_EQ(interpolated("${SET:?oops}"), "value");
  EXPECT_EQ(interpolation_error("${UNSET:?set it}"),
            "required variable UNSET is missing a value: set it");
  EXPECT_EQ(interpolation_error("${EMPTY:?}"), "required variable EMPTY is missing a value");
  EXPECT_EQ(interpolated("${EMPTY?x}"), "");
  EXPECT_EQ(interpolation_error("${UNSET?need ${SET}}"),
            "required variable UNSET is missing a value: need value");
}

TEST(ComposeInterpolation, InvalidTemplates) {
  EXPECT_EQ(interpolation_error("${"), "invalid interpolation format for \"${\"");
  EXPECT_EQ(interpolation_error("x ${SET"), "invalid interpolation format for \"x ${SET\"");
  EXPECT_EQ(interpolation_error("${9}"), "invalid interpolation format for \"${9}\"");
  EXPECT_EQ(interpolation_error("${SET%x}"), "invalid interpolation format for \"${SET%x}\"");
  EXPECT_EQ(interpolation_error("${}"), "invalid interpolation format for \"${}\"");
}

TEST(ComposeInterpolation, FilesAreInterpolatedWithDotEnvUnderTheProcessEnvironment) {
  testing::ComposeTestProject p;
  p.write(".env", "TAG=from-dotenv\nREPO=dotenv-repo\n# comment\nexport PORT=5000\n");
  p.write("compose.yaml",
          "services:\n  web:\n    image: ${REPO}:${TAG}\n    ports: [\"${PORT}:80\"]\n");
  p.options.environment["TAG"] = "from-shell";
  auto project = p.load();
  EXPECT_EQ(project.services.at("web").image, "dotenv-repo:from-shell");
  EXPECT_EQ(project.services.at("web").ports.at(0).published, "5000");
}

TEST(ComposeInterpolation, EnvFileFlagReplacesDotEnv) {
  testing::ComposeTestProject p;
  p.write(".env", "TAG=dotenv\n");
  p.write("other.env", "TAG=other\n");
  p.write("compose.yaml", "services:\n  web:\n    image: app:${TAG:-none}\n");
  p.options.env_files = {"other.env"};
  EXPECT_EQ(p.load().services.at("web").image, "app:other");
}

TEST(ComposeInterpolation, ErrorsNameTheFileLineAndKey) {
  testing::ComposeTestProject p;
  p.write("compose.yaml", "services:\n  web:\n    image: nginx\n    user: ${USER_ID:?pick one}\n");
  EXPECT_EQ(p.error(),
            "compose.yaml:4: services.web.user: required variable USER_ID is missing a value: "
            "pick one");
}

}  // namespace
}  // namespace berth::compose
