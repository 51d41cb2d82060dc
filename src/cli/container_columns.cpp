#include "cli/container_columns.hpp"

#include "base/human_format.hpp"
#include "base/time_format.hpp"

namespace berth::cli {
namespace {

// The health part of STATUS, as Docker words it: "health: starting", "healthy", "unhealthy".
std::string health_text(const std::optional<runtime::HealthState>& health) {
  if (!health) return "";
  return health->status == "starting" ? " (health: starting)" : " (" + health->status + ")";
}

}  // namespace

std::string command_text(const std::vector<std::string>& argv) {
  std::string out;
  for (size_t i = 0; i < argv.size(); ++i) {
    if (i > 0) out += ' ';
    // The daemon quotes an argument with a space (not the program): "sh -c 'echo hi'".
    bool quote = i > 0 && argv[i].find(' ') != std::string::npos;
    out += quote ? "'" + argv[i] + "'" : argv[i];
  }
  return out;
}

std::string status_text(const runtime::ContainerRecord& c,
                        const std::optional<runtime::HealthState>& health) {
  auto now = std::chrono::system_clock::now();
  switch (c.state) {
    case runtime::ContainerState::kCreated:
      return "Created";
    case runtime::ContainerState::kPaused:
    case runtime::ContainerState::kRunning: {
      auto started = parse_rfc3339(c.started_at);
      std::string paused =
          c.state == runtime::ContainerState::kPaused ? " (Paused)" : health_text(health);
      return "Up " +
             (started
                  ? human_duration(std::chrono::duration_cast<std::chrono::seconds>(now - *started))
                  : std::string("?")) +
             paused;
    }
    case runtime::ContainerState::kExited: {
      auto finished = parse_rfc3339(c.finished_at);
      return "Exited (" + std::to_string(c.exit_code) + ") " +
             (finished ? human_age(*finished, now) : std::string(""));
    }
  }
  return "";
}

std::string ports_text(const std::vector<network::PortBinding>& ports) {
  std::string out;
  for (const auto& p : ports) {
    if (!out.empty()) out += ", ";
    out += (p.host_ip.empty() ? "0.0.0.0" : p.host_ip) + ":" + std::to_string(p.host_port) + "->" +
           std::to_string(p.container_port) + "/" + p.protocol;
  }
  return out;
}

}  // namespace berth::cli
