// extends (same file and another file), include, and their paths.
#include <gtest/gtest.h>

#include "compose_test_project.hpp"

namespace berth::compose {
namespace {

TEST(ComposeExtends, SameFileChainsMergeOverTheBase) {
  testing::ComposeTestProject p;
  p.write("compose.yaml", R"(services:
  base:
    image: base
    environment: {A: "1", B: "1"}
    command: base
  middle:
    extends: base
    environment: {B: "2"}
  web:
    extends:
      service: middle
    command: web
)");
  auto project = p.load();
  const auto& web = project.services.at("web");
  EXPECT_EQ(web.image, "base");
  EXPECT_EQ(web.environment.at("A"), "1");
  EXPECT_EQ(web.environment.at("B"), "2");
  EXPECT_EQ(*web.command, std::vector<std::string>{"web"});
}

TEST(ComposeExtends, OtherFilePathsStayRelativeToThatFile) {
  testing::ComposeTestProject p;
  p.write("common/base.yaml",
          "services:\n  app:\n    build: ./app\n    volumes: [./conf:/conf]\n"
          "    env_file: app.env\n");
  p.write("common/app.env", "FROM_FILE=1\n");
  p.write("compose.yaml",
          "services:\n  web:\n    extends: {file: common/base.yaml, service: app}\n");
  auto web = p.load().services.at("web");
  EXPECT_EQ(web.build->context, (p.dir() / "common/app").string());
  EXPECT_EQ(web.volumes.at(0).source, (p.dir() / "common/conf").string());
  EXPECT_EQ(web.environment.at("FROM_FILE"), "1");
}

TEST(ComposeExtends, CyclesAndMissingBasesAreErrors) {
  testing::ComposeTestProject p;
  p.write("compose.yaml",
          "services:\n  a:\n    image: x\n    extends: b\n  b:\n    image: x\n    extends: a\n");
  EXPECT_EQ(p.error(),
            "compose.yaml:4: services.a.extends: circular reference with extends in \"a\"");
  p.write("compose.yaml", "services:\n  a:\n    image: x\n    extends: nope\n");
  EXPECT_EQ(p.error(),
            "compose.yaml:4: services.a.extends: cannot extend service \"a\": service \"nope\" "
            "not found");
}

TEST(ComposeInclude, IncludedResourcesJoinWithTheirOwnPaths) {
  testing::ComposeTestProject p;
  p.write("db/compose.yaml",
          "services:\n  db:\n    image: postgres:${PG_VERSION}\n    volumes: [./init:/init]\n"
          "volumes:\n  dbdata: {}\n");
  p.write("db/.env", "PG_VERSION=16\n");
  p.write("compose.yaml",
          "include:\n  - db/compose.yaml\nservices:\n  web:\n    image: web\n"
          "    depends_on: [db]\n");
  auto project = p.load();
  EXPECT_EQ(project.services.at("db").image, "postgres:16");
  EXPECT_EQ(project.services.at("db").volumes.at(0).source, (p.dir() / "db/init").string());
  EXPECT_EQ(project.volumes.at("dbdata").name, "proj_dbdata");
}

TEST(ComposeInclude, AServiceDefinedOnBothSidesConflicts) {
  testing::ComposeTestProject p;
  p.write("other.yaml", "services:\n  web:\n    image: a\n");
  p.write("compose.yaml", "include: [other.yaml]\nservices:\n  web:\n    image: b\n");
  EXPECT_EQ(p.error(),
            "compose.yaml:1: include[0]: services.web conflicts with an imported resource");
}

}  // namespace
}  // namespace berth::compose
