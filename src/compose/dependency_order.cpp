#include "compose/dependency_order.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

#include "compose/compose_error.hpp"

namespace berth::compose {
namespace {

// A cycle through the services left once no more levels can be made: walk dependencies from
// one of them until a service repeats. `first` is set to the cycle's first service.
std::string describe_cycle(const Project& project, const std::set<std::string>& left,
                           std::string& first) {
  std::vector<std::string> path;
  std::string at = *left.begin();
  std::map<std::string, size_t> seen;
  while (!seen.count(at)) {
    seen[at] = path.size();
    path.push_back(at);
    for (const auto& [dep, d] : project.services.at(at).depends_on) {
      if (left.count(dep)) {
        at = dep;
        break;
      }
    }
  }
  std::string out;
  first = at;
  for (size_t i = seen[at]; i < path.size(); ++i) out += path[i] + " -> ";
  return out + at;
}

}  // namespace

std::vector<std::vector<std::string>> dependency_levels(const Project& project) {
  std::set<std::string> left;
  for (const auto& [name, s] : project.services) left.insert(name);
  std::set<std::string> placed;
  std::vector<std::vector<std::string>> levels;
  while (!left.empty()) {
    std::vector<std::string> level;
    for (const auto& name : left) {
      const auto& deps = project.services.at(name).depends_on;
      bool ready = std::all_of(deps.begin(), deps.end(), [&](const auto& d) {
        return placed.count(d.first) || !project.services.count(d.first);
      });
      if (ready) level.push_back(name);
    }
    if (level.empty()) {
      std::string first;
      std::string cycle = describe_cycle(project, left, first);
      SourceLocation at;
      if (auto it = project.depends_on_at.find(first); it != project.depends_on_at.end()) {
        at = it->second;
      }
      fail_at(at.file, at.line, child_path(child_path("services", first), "depends_on"),
              fmt::format("dependency cycle detected: {}", cycle));
    }
    for (const auto& name : level) {
      left.erase(name);
      placed.insert(name);
    }
    levels.push_back(std::move(level));
  }
  return levels;
}

std::vector<std::string> start_order(const Project& project) {
  std::vector<std::string> out;
  for (auto& level : dependency_levels(project)) {
    for (auto& name : level) out.push_back(std::move(name));
  }
  return out;
}

}  // namespace berth::compose
