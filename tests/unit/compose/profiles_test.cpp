// Profiles: --profile, COMPOSE_PROFILES, "*", and dependencies on disabled services.
#include <gtest/gtest.h>

#include "compose_test_project.hpp"

namespace berth::compose {
namespace {

constexpr const char* kProfilesFile = R"(services:
  web:
    image: web
  debug:
    image: busybox
    profiles: [debug]
  tools:
    image: busybox
    profiles: [tools, debug]
)";

std::vector<std::string> names(const std::map<std::string, ServiceConfig>& services) {
  std::vector<std::string> out;
  for (const auto& [name, s] : services) out.push_back(name);
  return out;
}

TEST(ComposeProfiles, ServicesWithProfilesAreOffByDefault) {
  testing::ComposeTestProject p;
  p.write("compose.yaml", kProfilesFile);
  auto project = p.load();
  EXPECT_EQ(names(project.services), std::vector<std::string>{"web"});
  EXPECT_EQ(names(project.disabled), (std::vector<std::string>{"debug", "tools"}));
}

TEST(ComposeProfiles, FlagEnvironmentAndStar) {
  testing::ComposeTestProject p;
  p.write("compose.yaml", kProfilesFile);
  p.options.profiles = {"tools"};
  EXPECT_EQ(names(p.load().services), (std::vector<std::string>{"tools", "web"}));
  p.options.profiles.clear();
  p.options.environment["COMPOSE_PROFILES"] = "debug,";
  EXPECT_EQ(names(p.load().services), (std::vector<std::string>{"debug", "tools", "web"}));
  p.options.environment.erase("COMPOSE_PROFILES");
  p.options.profiles = {"*"};
  EXPECT_EQ(names(p.load().services).size(), 3u);
}

TEST(ComposeProfiles, RequiredDependencyOnADisabledServiceIsAnError) {
  testing::ComposeTestProject p;
  p.write("compose.yaml",
          "services:\n  web:\n    image: web\n    depends_on: [db]\n  db:\n    image: db\n"
          "    profiles: [db]\n");
  EXPECT_EQ(p.error(),
            "compose.yaml:4: services.web.depends_on: service \"web\" depends on \"db\", which "
            "no active profile enables");
  p.write("compose.yaml",
          "services:\n  web:\n    image: web\n    depends_on:\n      db: {condition: "
          "service_started, required: false}\n  db:\n    image: db\n    profiles: [db]\n");
  EXPECT_TRUE(p.load().services.at("web").depends_on.empty());
}

}  // namespace
}  // namespace berth::compose
