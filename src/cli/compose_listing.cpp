#include "cli/compose_listing.hpp"

#include <algorithm>
#include <sstream>

#include "compose/orchestrator/compose_labels.hpp"

namespace berth::cli {

std::vector<ProjectSummary> summarize_projects(
    const std::vector<LabelledContainerState>& containers) {
  struct Seen {
    std::map<std::string, int> states;
    std::vector<std::string> files;  // in the order first seen, without repeats
  };
  std::map<std::string, Seen> projects;
  for (const auto& c : containers) {
    auto p = c.labels.find(compose::kProjectLabel);
    if (p == c.labels.end() || p->second.empty()) continue;
    Seen& seen = projects[p->second];
    ++seen.states[c.state];
    auto f = c.labels.find(compose::kConfigFilesLabel);
    if (f == c.labels.end()) continue;
    std::stringstream files(f->second);
    for (std::string file; std::getline(files, file, ',');) {
      if (!file.empty() &&
          std::find(seen.files.begin(), seen.files.end(), file) == seen.files.end())
        seen.files.push_back(file);
    }
  }
  std::vector<ProjectSummary> summaries;
  for (const auto& [name, seen] : projects) {
    ProjectSummary s{name, "", ""};
    for (const auto& [state, count] : seen.states) {
      s.status += (s.status.empty() ? "" : ", ") + state + "(" + std::to_string(count) + ")";
    }
    for (const auto& f : seen.files) s.config_files += (s.config_files.empty() ? "" : ",") + f;
    summaries.push_back(std::move(s));
  }
  return summaries;
}

Json publishers_json(const std::vector<network::PortBinding>& ports) {
  Json out = Json::array();
  for (const auto& p : ports) {
    out.push_back({{"URL", p.host_ip.empty() ? "0.0.0.0" : p.host_ip},
                   {"TargetPort", p.container_port},
                   {"PublishedPort", p.host_port},
                   {"Protocol", p.protocol}});
  }
  return out;
}

}  // namespace berth::cli
