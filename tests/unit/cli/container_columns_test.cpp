// The ps cells `berth ps` and `berth compose ps` share: STATUS in Docker's words, PORTS,
// COMMAND.
#include "cli/container_columns.hpp"

#include <gtest/gtest.h>

namespace berth::cli {
namespace {

std::string ago(std::chrono::seconds s) {
  return format_rfc3339_nano(std::chrono::system_clock::now() - s);
}

TEST(ContainerColumnsTest, StatusByState) {
  runtime::ContainerRecord c;
  c.state = runtime::ContainerState::kCreated;
  EXPECT_EQ(status_text(c, std::nullopt), "Created");

  c.state = runtime::ContainerState::kRunning;
  c.started_at = ago(std::chrono::minutes(5));
  EXPECT_EQ(status_text(c, std::nullopt), "Up 5 minutes");
  runtime::HealthState health;
  EXPECT_EQ(status_text(c, health), "Up 5 minutes (health: starting)");
  health.status = "healthy";
  EXPECT_EQ(status_text(c, health), "Up 5 minutes (healthy)");

  c.state = runtime::ContainerState::kPaused;
  EXPECT_EQ(status_text(c, health), "Up 5 minutes (Paused)");

  c.state = runtime::ContainerState::kExited;
  c.exit_code = 3;
  c.finished_at = ago(std::chrono::hours(2));
  EXPECT_EQ(status_text(c, std::nullopt), "Exited (3) 2 hours ago");
}

TEST(ContainerColumnsTest, PortsAndCommand) {
  network::PortBinding web{"tcp", "", 8080, 80};
  network::PortBinding dns{"udp", "127.0.0.1", 5353, 53};
  EXPECT_EQ(ports_text({web, dns}), "0.0.0.0:8080->80/tcp, 127.0.0.1:5353->53/udp");
  EXPECT_EQ(ports_text({}), "");
  // As Docker 28's daemon gives it (`docker ps`: "sh -c 'head -c 1234…").
  EXPECT_EQ(command_text({"sh", "-c", "echo hi"}), "sh -c 'echo hi'");
  EXPECT_EQ(command_text({"/my app", "it's", "a\tb"}), "/my app it's a\tb");
}

}  // namespace
}  // namespace berth::cli
