// Several -f files merged by the Compose Specification's rules.
#include <gtest/gtest.h>

#include "compose_test_project.hpp"

namespace berth::compose {
namespace {

class ComposeMerge : public ::testing::Test {
 protected:
  testing::ComposeTestProject p;
  void SetUp() override {
    p.write("compose.yaml", R"(services:
  web:
    image: web:1
    command: ["echo", "base"]
    environment:
      KEEP: base
      CHANGE: base
    labels: [a=1]
    ports: ["8080:80"]
    volumes: ["data:/data", "./logs:/logs"]
    cap_add: [NET_ADMIN]
    logging:
      driver: json-file
      options: {max-size: 1m}
volumes:
  data: {}
  other: {}
)");
    p.options.files = {"compose.yaml", "override.yaml"};
  }
};

TEST_F(ComposeMerge, MappingsMergeAndScalarsAreReplaced) {
  p.write("override.yaml",
          "services:\n  web:\n    image: web:2\n    environment: [CHANGE=over, NEW=1]\n"
          "    labels: {b: \"2\"}\n");
  auto web = p.load().services.at("web");
  EXPECT_EQ(web.image, "web:2");
  EXPECT_EQ(web.environment.at("KEEP"), "base");
  EXPECT_EQ(web.environment.at("CHANGE"), "over");
  EXPECT_EQ(web.environment.at("NEW"), "1");
  EXPECT_EQ(web.labels, (std::map<std::string, std::string>{{"a", "1"}, {"b", "2"}}));
}

TEST_F(ComposeMerge, CommandIsReplacedWholeSequencesAppend) {
  p.write("override.yaml",
          "services:\n  web:\n    command: echo over\n    cap_add: [NET_ADMIN, SYS_TIME]\n"
          "    ports: [\"9090:90\"]\n");
  auto web = p.load().services.at("web");
  EXPECT_EQ(*web.command, (std::vector<std::string>{"echo", "over"}));
  EXPECT_EQ(web.cap_add, (std::vector<std::string>{"NET_ADMIN", "SYS_TIME"}));
  ASSERT_EQ(web.ports.size(), 2u);
  EXPECT_EQ(web.ports[1].target, 90u);
}

TEST_F(ComposeMerge, VolumesAreUniqueByTarget) {
  p.write("override.yaml", "services:\n  web:\n    volumes: [\"other:/data\", \"/cache\"]\n");
  auto web = p.load().services.at("web");
  ASSERT_EQ(web.volumes.size(), 3u);
  EXPECT_EQ(web.volumes[0].source, "other");
  EXPECT_EQ(web.volumes[0].target, "/data");
  EXPECT_EQ(web.volumes[1].target, "/logs");
  EXPECT_EQ(web.volumes[2].target, "/cache");
}

TEST_F(ComposeMerge, ResetAndOverrideTags) {
  p.write("override.yaml",
          "services:\n  web:\n    ports: !reset []\n    environment:\n      KEEP: !reset null\n"
          "    volumes: !override [\"/only:/only\"]\n");
  auto web = p.load().services.at("web");
  EXPECT_TRUE(web.ports.empty());
  EXPECT_FALSE(web.environment.count("KEEP"));
  ASSERT_EQ(web.volumes.size(), 1u);
  EXPECT_EQ(web.volumes[0].target, "/only");
  EXPECT_EQ(web.volumes[0].type, "bind");
}

TEST_F(ComposeMerge, LoggingMergesOnlyForTheSameDriver) {
  p.write("override.yaml", "services:\n  web:\n    logging:\n      options: {max-file: \"3\"}\n");
  auto same = p.load().services.at("web").logging;
  EXPECT_EQ(same->driver, "json-file");
  EXPECT_EQ(same->options.size(), 2u);
  p.write("override.yaml", "services:\n  web:\n    logging:\n      driver: syslog\n");
  auto other = p.load().services.at("web").logging;
  EXPECT_EQ(other->driver, "syslog");
  EXPECT_TRUE(other->options.empty());
}

TEST_F(ComposeMerge, OverrideFileBesideTheComposeFileIsReadWithoutF) {
  p.options.files.clear();
  p.write("compose.override.yaml", "services:\n  web:\n    image: web:override\n");
  EXPECT_EQ(p.load().services.at("web").image, "web:override");
}

TEST_F(ComposeMerge, ComposeFileVariableListsTheFiles) {
  p.options.files.clear();
  p.write("override.yaml", "services:\n  web:\n    image: web:from-compose-file\n");
  p.options.environment["COMPOSE_FILE"] = "compose.yaml:override.yaml";
  EXPECT_EQ(p.load().services.at("web").image, "web:from-compose-file");
}

TEST_F(ComposeMerge, DocumentsOfOneFileMergeInTurn) {
  p.options.files = {"compose.yaml", "override.yaml"};
  p.write("override.yaml",
          "services:\n  web:\n    image: web:doc1\n    ports: !reset []\n---\nservices:\n"
          "  web:\n    image: web:doc2\n  extra:\n    image: extra\n");
  auto project = p.load();
  EXPECT_EQ(project.services.at("web").image, "web:doc2");
  EXPECT_TRUE(project.services.at("web").ports.empty());
  EXPECT_TRUE(project.services.count("extra"));
}

TEST_F(ComposeMerge, ExtendsIsResolvedWithinItsFile) {
  // As compose does: the override changes base, not what web took from base in its own file.
  p.options.files = {"base.yaml", "over.yaml"};
  p.write("base.yaml", "services:\n  base:\n    image: base:1\n  web:\n    extends: base\n");
  p.write("over.yaml", "services:\n  base:\n    image: base:2\n");
  auto project = p.load();
  EXPECT_EQ(project.services.at("base").image, "base:2");
  EXPECT_EQ(project.services.at("web").image, "base:1");
}

TEST_F(ComposeMerge, RelativePathsOfLaterFilesAreRelativeToTheProjectDirectory) {
  p.write("sub/override.yaml", "services:\n  web:\n    volumes: [\"./cfg:/cfg\"]\n");
  p.options.files = {"compose.yaml", "sub/override.yaml"};
  auto web = p.load().services.at("web");
  EXPECT_EQ(web.volumes.back().source, (p.dir() / "cfg").string());
}

// compose-go (loader/loader.go loadYamlFile, loader/reset.go) merges every document of every
// file in turn into one model: a document's !reset and !override reach all that came before.
TEST_F(ComposeMerge, ResetInALaterDocumentReachesEarlierFiles) {
  p.write("override.yaml",
          "services:\n  web:\n    image: web:doc1\n---\nservices:\n  web:\n"
          "    ports: !reset []\n    cap_add: !reset null\n");
  auto web = p.load().services.at("web");
  EXPECT_EQ(web.image, "web:doc1");
  EXPECT_TRUE(web.ports.empty());
  EXPECT_TRUE(web.cap_add.empty());
}

TEST_F(ComposeMerge, OverrideInALaterDocumentReplacesEarlierFiles) {
  p.write("override.yaml",
          "services:\n  web:\n    image: web:doc1\n---\nservices:\n  web:\n"
          "    environment: !override {ONLY: \"1\"}\n");
  auto web = p.load().services.at("web");
  ASSERT_EQ(web.environment.size(), 1u);
  EXPECT_EQ(web.environment.at("ONLY"), "1");
}

TEST_F(ComposeMerge, ValueResetByAnEarlierDocumentIsSetAfreshByALaterOne) {
  // compose-go removes the reset value before the document is merged, so the later document's
  // value stands alone: nothing of compose.yaml's environment is left.
  p.write("override.yaml",
          "services:\n  web:\n    environment: !reset {}\n---\nservices:\n  web:\n"
          "    environment: {NEW: \"1\"}\n");
  auto web = p.load().services.at("web");
  ASSERT_EQ(web.environment.size(), 1u);
  EXPECT_EQ(web.environment.at("NEW"), "1");
}

TEST_F(ComposeMerge, ResetInsideANewValueLeavesNoMarkForLaterDocuments) {
  p.options.files = {"compose.yaml"};
  p.write("compose.yaml",
          "services:\n  web:\n    image: web:1\n    ports: !reset []\n---\nservices:\n"
          "  web:\n    ports: [\"81:80\"]\n");
  auto web = p.load().services.at("web");
  ASSERT_EQ(web.ports.size(), 1u);
  EXPECT_EQ(web.ports[0].published, "81");
}

TEST_F(ComposeMerge, OverrideOnAListFormStaysAfterItBecomesAMapping) {
  p.write("override.yaml", "services:\n  web:\n    environment: !override [ONLY=1]\n");
  auto web = p.load().services.at("web");
  ASSERT_EQ(web.environment.size(), 1u);
  EXPECT_EQ(web.environment.at("ONLY"), "1");
}

TEST_F(ComposeMerge, ErrorsInALaterDocumentNameItsLine) {
  p.write("override.yaml",
          "services:\n  web:\n    image: web:doc1\n---\nservices:\n  web:\n"
          "    ports: [\"80:80:80\"]\n");
  EXPECT_EQ(p.error(), "override.yaml:7: services.web.ports[1]: invalid port \"80:80:80\"");
}

}  // namespace
}  // namespace berth::compose
