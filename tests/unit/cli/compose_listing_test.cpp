// compose ls's project summary (status counts, config files) and compose ps's Publishers.
#include "cli/compose_listing.hpp"

#include <gtest/gtest.h>

#include "compose/orchestrator/compose_labels.hpp"

namespace berth::cli {
namespace {

LabelledContainerState container(const std::string& project, const std::string& state,
                                 const std::string& files = "/p/compose.yaml") {
  LabelledContainerState c;
  if (!project.empty()) c.labels[compose::kProjectLabel] = project;
  if (!files.empty()) c.labels[compose::kConfigFilesLabel] = files;
  c.state = state;
  return c;
}

TEST(ComposeListingTest, CountsStatesPerProjectSortedByName) {
  auto projects = summarize_projects({container("web", "running"), container("db", "exited"),
                                      container("web", "exited"), container("web", "running"),
                                      container("", "running")});
  ASSERT_EQ(projects.size(), 2u);
  EXPECT_EQ(projects[0].name, "db");
  EXPECT_EQ(projects[0].status, "exited(1)");
  EXPECT_EQ(projects[1].name, "web");
  EXPECT_EQ(projects[1].status, "exited(1), running(2)");
  EXPECT_EQ(projects[1].config_files, "/p/compose.yaml");
}

TEST(ComposeListingTest, ConfigFilesAreTheUnionInOrder) {
  auto projects = summarize_projects({container("app", "running", "/a.yaml,/b.yaml"),
                                      container("app", "running", "/b.yaml,/c.yaml"),
                                      container("app", "running", "")});
  ASSERT_EQ(projects.size(), 1u);
  EXPECT_EQ(projects[0].config_files, "/a.yaml,/b.yaml,/c.yaml");
}

TEST(ComposeListingTest, PublishersAsComposePrintsThem) {
  network::PortBinding tcp;
  tcp.container_port = 80;
  tcp.host_port = 8080;
  tcp.protocol = "tcp";
  network::PortBinding udp = tcp;
  udp.host_ip = "127.0.0.1";
  udp.protocol = "udp";
  Json p = publishers_json({tcp, udp});
  ASSERT_EQ(p.size(), 2u);
  EXPECT_EQ(
      p[0],
      Json({{"URL", "0.0.0.0"}, {"TargetPort", 80}, {"PublishedPort", 8080}, {"Protocol", "tcp"}}));
  EXPECT_EQ(p[1]["URL"], "127.0.0.1");
  EXPECT_EQ(p[1]["Protocol"], "udp");
  EXPECT_EQ(publishers_json({}), Json::array());
}

}  // namespace
}  // namespace berth::cli
