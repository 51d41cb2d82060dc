// depends_on (list and map forms), the start order in levels, and cycles.
#include <gtest/gtest.h>

#include "compose/dependency_order.hpp"
#include "compose_test_project.hpp"

namespace berth::compose {
namespace {

TEST(ComposeDependsOn, ListAndMapForms) {
  testing::ComposeTestProject p;
  p.write("compose.yaml", R"(services:
  web:
    image: web
    depends_on:
      db:
        condition: service_healthy
        restart: true
      migrate:
        condition: service_completed_successfully
  api:
    image: api
    depends_on: [db]
  db:
    image: db
  migrate:
    image: migrate
    depends_on: [db]
)");
  auto project = p.load();
  const auto& web = project.services.at("web").depends_on;
  EXPECT_EQ(web.at("db").condition, "service_healthy");
  EXPECT_TRUE(web.at("db").restart);
  EXPECT_TRUE(web.at("db").required);
  EXPECT_EQ(web.at("migrate").condition, "service_completed_successfully");
  EXPECT_EQ(project.services.at("api").depends_on.at("db").condition, "service_started");
  auto levels = dependency_levels(project);
  EXPECT_EQ(levels, (std::vector<std::vector<std::string>>{{"db"}, {"api", "migrate"}, {"web"}}));
  EXPECT_EQ(start_order(project), (std::vector<std::string>{"db", "api", "migrate", "web"}));
}

TEST(ComposeDependsOn, BadConditionsAndUnknownServices) {
  testing::ComposeTestProject p;
  p.write("compose.yaml",
          "services:\n  web:\n    image: web\n    depends_on:\n      db:\n        condition: "
          "started\n  db:\n    image: db\n");
  EXPECT_EQ(p.error(),
            "compose.yaml:6: services.web.depends_on.db.condition: \"started\" is not one of "
            "service_started, service_healthy, service_completed_successfully");
  p.write("compose.yaml", "services:\n  web:\n    image: web\n    depends_on: [web]\n");
  EXPECT_EQ(p.error(),
            "compose.yaml:4: services.web.depends_on: service \"web\" depends on itself");
}

TEST(ComposeDependsOn, CyclesAreNamed) {
  testing::ComposeTestProject p;
  p.write("compose.yaml",
          "services:\n  a:\n    image: x\n    depends_on: [b]\n  b:\n    image: x\n"
          "    depends_on: [a]\n");
  auto project = p.load();
  try {
    dependency_levels(project);
    FAIL() << "no cycle found";
  } catch (const ComposeError& e) {
    EXPECT_STREQ(e.what(),
                 "compose.yaml:4: services.a.depends_on: dependency cycle detected: a -> b -> a");
  }
}

TEST(ComposeDependsOn, LinksAndVolumesFromAddDependencies) {
  testing::ComposeTestProject p;
  p.write("compose.yaml",
          "services:\n  db:\n    image: db\n  data:\n    image: data\n  app:\n    image: app\n"
          "    links: [\"db:database\"]\n    volumes_from: [\"data:ro\", \"container:other\"]\n");
  auto project = p.load();
  const auto& deps = project.services.at("app").depends_on;
  ASSERT_EQ(deps.size(), 2u);
  EXPECT_TRUE(deps.at("db").restart);
  EXPECT_FALSE(deps.at("data").restart);
  p.write("compose.yaml", "services:\n  app:\n    image: app\n    links: [nope]\n");
  EXPECT_EQ(p.error(),
            "compose.yaml:4: services.app.links: service \"app\" refers to undefined service "
            "\"nope\"");
}

TEST(ComposeDependsOn, NetworkModeServiceAddsADependency) {
  testing::ComposeTestProject p;
  p.write("compose.yaml",
          "services:\n  vpn:\n    image: vpn\n  app:\n    image: app\n"
          "    network_mode: service:vpn\n");
  auto project = p.load();
  EXPECT_TRUE(project.services.at("app").depends_on.at("vpn").restart);
  EXPECT_TRUE(project.services.at("app").networks.empty());
}

}  // namespace
}  // namespace berth::compose
