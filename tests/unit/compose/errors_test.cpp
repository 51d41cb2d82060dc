// Errors name the file, the line and the key path: compose.yaml:12: services.web.x: ...
#include <gtest/gtest.h>

#include "compose_test_project.hpp"

namespace berth::compose {
namespace {

std::string error_for(const std::string& text) {
  testing::ComposeTestProject p;
  p.write("compose.yaml", text);
  return p.error();
}

TEST(ComposeErrors, UnknownKeys) {
  EXPECT_EQ(error_for("services:\n  web:\n    image: nginx\n    imagee: nginx\n"),
            "compose.yaml:4: services.web: additional property \"imagee\" is not allowed");
  EXPECT_EQ(error_for("servicess: {}\n"),
            "compose.yaml:1: additional property \"servicess\" is not allowed");
  EXPECT_EQ(error_for("services:\n  web:\n    image: x\n    healthcheck:\n      test: [CMD, x]\n"
                      "      intervall: 5s\n"),
            "compose.yaml:6: services.web.healthcheck: additional property \"intervall\" is not "
            "allowed");
}

TEST(ComposeErrors, AKeyFromALaterFileIsNamedInThatFile) {
  testing::ComposeTestProject p;
  p.write("compose.yaml", "services:\n  web:\n    image: nginx\n");
  p.write("override.yaml", "services:\n  web:\n    imagee: nginx\n");
  p.options.files = {"compose.yaml", "override.yaml"};
  EXPECT_EQ(p.error(),
            "override.yaml:3: services.web: additional property \"imagee\" is not allowed");
}

TEST(ComposeErrors, ExtensionsAreDroppedNotErrors) {
  testing::ComposeTestProject p;
  p.write("compose.yaml",
          "x-top: 1\nservices:\n  web:\n    image: nginx\n    x-mine: {a: b}\n"
          "    deploy:\n      x-deep: 1\n");
  EXPECT_EQ(p.config().find("x-"), std::string::npos);
}

TEST(ComposeErrors, BadTypes) {
  EXPECT_EQ(error_for("services:\n  web:\n    image: [nginx]\n"),
            "compose.yaml:3: services.web.image: expected a string, got a list");
  EXPECT_EQ(error_for("services:\n  web:\n    image: x\n    read_only: maybe\n"),
            "compose.yaml:4: services.web.read_only: expected true or false, got \"maybe\"");
  EXPECT_EQ(error_for("services:\n  web:\n    image: x\n    environment: 3\n"),
            "compose.yaml:4: services.web.environment: expected a mapping, got a string");
  EXPECT_EQ(error_for("services:\n  web:\n    image: x\n    restart: sometimes\n"),
            "compose.yaml:4: services.web.restart: invalid restart policy \"sometimes\" (no, "
            "always, on-failure[:N], unless-stopped)");
  EXPECT_EQ(error_for("services:\n  web:\n    image: x\n    ulimits:\n      nofile: {soft: 10, "
                      "hard: 5}\n"),
            "compose.yaml:5: services.web.ulimits.nofile: soft limit 10 is above the hard limit 5");
  EXPECT_EQ(error_for("services:\n  web:\n    image: x\n    deploy:\n      resources:\n"
                      "        limits:\n          memory: lots\n"),
            "compose.yaml:7: services.web.deploy.resources.limits.memory: invalid size \"lots\" "
            "(like 512m or 1g)");
  EXPECT_EQ(error_for("services:\n  web:\n    build: .\n    pull_policy: sometimes\n"),
            "compose.yaml:4: services.web.pull_policy: \"sometimes\" is not one of always, never, "
            "missing, build, daily, weekly, every_<duration>");
}

TEST(ComposeErrors, ServiceNeedsAnImageOrBuild) {
  EXPECT_EQ(error_for("services:\n  web:\n    restart: always\n"),
            "compose.yaml:3: services.web: the service has neither an image nor a build context");
}

TEST(ComposeErrors, UndefinedNetworksSecretsAndConfigs) {
  EXPECT_EQ(error_for("services:\n  web:\n    image: x\n    networks: [front]\n"),
            "compose.yaml:4: services.web.networks: service \"web\" refers to undefined network "
            "\"front\"");
  EXPECT_EQ(error_for("services:\n  web:\n    image: x\n    secrets:\n      - db_pass\n"),
            "compose.yaml:5: services.web.secrets[0]: service \"web\" refers to undefined secret "
            "\"db_pass\"");
}

TEST(ComposeErrors, YamlSyntaxAndDuplicateKeys) {
  EXPECT_EQ(error_for("services:\n  web:\n    image: x\n   bad: 1\n"),
            "compose.yaml:4: invalid YAML: end of map not found");
  EXPECT_EQ(error_for("services:\n  web:\n    image: x\n    image: y\n"),
            "compose.yaml:4: mapping key \"image\" already defined at line 3");
  EXPECT_EQ(error_for(""), "compose.yaml:1: empty compose file");
  EXPECT_EQ(error_for("- a\n"), "compose.yaml:1: the top level must be a mapping, not a list");
}

// Found by fuzz_compose: invalid UTF-8 reached nlohmann's printer, which throws.
TEST(ComposeErrors, InvalidUtf8IsRefusedWithItsLine) {
  EXPECT_EQ(error_for("services:\n  web:\n    image: \"a\x87\"\n"),
            "compose.yaml:3: invalid YAML: the file is not valid UTF-8");
}

TEST(ComposeErrors, FilesNotFound) {
  testing::ComposeTestProject p;
  EXPECT_NE(p.error().find("no configuration file provided: not found"), std::string::npos);
  p.options.files = {"missing.yaml"};
  EXPECT_EQ(p.error(), "open missing.yaml: no such file or directory");
  p.write("compose.yaml", "services:\n  web:\n    image: x\n    env_file: nope.env\n");
  p.options.files.clear();
  EXPECT_EQ(p.error(), "compose.yaml:4: services.web.env_file[0]: env file " +
                           (p.dir() / "nope.env").string() + " not found");
}

TEST(ComposeErrors, ObsoleteVersionIsAWarning) {
  testing::ComposeTestProject p;
  p.write("compose.yaml", "version: \"3.9\"\nservices:\n  web:\n    image: x\n");
  auto project = p.load();
  ASSERT_EQ(project.warnings.size(), 1u);
  EXPECT_EQ(project.warnings[0],
            "compose.yaml: the attribute `version` is obsolete, it will be ignored, please "
            "remove it to avoid potential confusion");
}

}  // namespace
}  // namespace berth::compose
