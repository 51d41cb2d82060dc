#pragma once
// The pure parts of `compose ps` and `compose ls` output, as docker compose v2 prints them:
// a project's STATUS ("exited(1), running(2)"), its CONFIG FILES, and ps's Publishers.
#include <map>
#include <string>
#include <vector>

#include "base/json.hpp"
#include "network/port_spec.hpp"

namespace berth::cli {

// One container as `compose ls` sees it: its labels and its state (Docker's word).
struct LabelledContainerState {
  std::map<std::string, std::string> labels;
  std::string state;
};

struct ProjectSummary {
  std::string name;
  std::string status;        // "running(2)", "exited(1), running(1)"
  std::string config_files;  // comma-separated, as the label has them
};

// The projects among `containers` (by com.docker.compose.project), sorted by name. Each
// project's status counts its containers by state, states in alphabetical order.
std::vector<ProjectSummary> summarize_projects(
    const std::vector<LabelledContainerState>& containers);

// compose ps's "Publishers": [{"URL":"0.0.0.0","TargetPort":80,"PublishedPort":8080,
// "Protocol":"tcp"}].
Json publishers_json(const std::vector<network::PortBinding>& ports);

}  // namespace berth::cli
