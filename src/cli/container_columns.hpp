#pragma once
// The cells `berth ps` and `berth compose ps` print for a container, in Docker's words:
// COMMAND, STATUS ("Up 5 minutes (healthy)", "Exited (0) 2 seconds ago") and PORTS
// ("0.0.0.0:8080->80/tcp").
#include <optional>
#include <string>
#include <vector>

#include "network/port_spec.hpp"
#include "runtime/container_record.hpp"
#include "runtime/health_check.hpp"

namespace berth::cli {

// argv joined by spaces, as Docker shows a command: an argument with a space in single quotes,
// nothing else escaped.
std::string command_text(const std::vector<std::string>& argv);
std::string status_text(const runtime::ContainerRecord& c,
                        const std::optional<runtime::HealthState>& health);
std::string ports_text(const std::vector<network::PortBinding>& ports);

}  // namespace berth::cli
