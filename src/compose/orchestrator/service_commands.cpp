// ProjectOrchestrator's commands on existing containers: start, stop, restart, kill, rm,
// pause, unpause, and the listing they (and ps) work from.
#include <algorithm>
#include <map>
#include <set>
#include <tuple>

#include "base/error.hpp"
#include "compose/orchestrator/orchestrator.hpp"
#include "compose/orchestrator/parallel_each.hpp"

namespace berth::compose {

std::vector<ObservedContainer> ProjectOrchestrator::containers(
    const std::vector<std::string>& services, bool include_oneoff) {
  auto backend = backends_();
  std::set<std::string> wanted(services.begin(), services.end());
  for (const auto& name : services) {
    if (!project_.services.count(name)) throw NotFoundError("no such service: " + name);
  }
  std::vector<ObservedContainer> found;
  for (const auto& c : backend->containers(project_.name)) {
    if (c.oneoff && !include_oneoff) continue;
    if (!wanted.empty() && !wanted.count(c.service)) continue;
    found.push_back(c);
  }
  std::sort(found.begin(), found.end(), [](const auto& a, const auto& b) {
    return std::tie(a.service, a.number, a.name) < std::tie(b.service, b.number, b.name);
  });
  return found;
}

void ProjectOrchestrator::start(const std::vector<std::string>& services) {
  auto backend = backends_();
  auto names = selected(services);
  for (const auto& name : names) {
    wait_for_dependencies(*backend, name);
    for (const auto& c : containers({name})) {
      if (c.running()) continue;
      progress_.event("Container", c.name, "Starting");
      backend->start(c.id);
      progress_.event("Container", c.name, "Started");
    }
  }
}

void ProjectOrchestrator::stop(const std::vector<std::string>& services,
                               std::optional<int> timeout) {
  std::vector<ObservedContainer> running;
  for (const auto& c : containers(selected(services))) {
    if (c.running()) running.push_back(c);
  }
  for (const auto& level : stop_levels(running)) {
    std::map<std::string, ObservedContainer> by_name;
    std::vector<std::string> names;
    for (const auto& c : level) {
      by_name[c.name] = c;
      names.push_back(c.name);
    }
    for_each_in_parallel(names, [&](const std::string& name) {
      auto backend = backends_();
      const ObservedContainer& c = by_name.at(name);
      progress_.event("Container", c.name, "Stopping");
      backend->stop(c.id, timeout ? timeout : stop_timeout(c.service));
      progress_.event("Container", c.name, "Stopped");
    });
  }
}

void ProjectOrchestrator::restart(const std::vector<std::string>& services,
                                  std::optional<int> timeout) {
  auto backend = backends_();
  for (const auto& name : selected(services)) {
    for (const auto& c : containers({name})) {
      progress_.event("Container", c.name, "Restarting");
      if (c.running()) backend->stop(c.id, timeout ? timeout : stop_timeout(name));
      backend->start(c.id);
      progress_.event("Container", c.name, "Started");
    }
  }
}

void ProjectOrchestrator::kill(const std::vector<std::string>& services,
                               const std::string& signal) {
  auto backend = backends_();
  for (const auto& name : selected(services)) {
    for (const auto& c : containers({name})) {
      if (!c.running()) continue;
      progress_.event("Container", c.name, "Killing");
      backend->kill(c.id, signal);
      progress_.event("Container", c.name, "Killed");
    }
  }
}

int ProjectOrchestrator::remove(const std::vector<std::string>& services, bool stop_first,
                                bool anonymous_volumes) {
  auto backend = backends_();
  int removed = 0;
  for (const auto& name : selected(services)) {
    for (const auto& c : containers({name})) {
      if (c.running()) {
        if (!stop_first) continue;
        progress_.event("Container", c.name, "Stopping");
        backend->stop(c.id, stop_timeout(name));
        progress_.event("Container", c.name, "Stopped");
      }
      progress_.event("Container", c.name, "Removing");
      backend->remove(c.id, false, anonymous_volumes);
      progress_.event("Container", c.name, "Removed");
      ++removed;
    }
  }
  return removed;
}

void ProjectOrchestrator::change_state(const std::vector<std::string>& services,
                                       const std::string& from,
                                       void (ProjectBackend::*change)(const std::string& id),
                                       const char* doing, const char* done) {
  auto backend = backends_();
  for (const auto& name : selected(services)) {
    for (const auto& c : containers({name})) {
      if (c.state != from) continue;
      progress_.event("Container", c.name, doing);
      ((*backend).*change)(c.id);
      progress_.event("Container", c.name, done);
    }
  }
}

void ProjectOrchestrator::pause(const std::vector<std::string>& services) {
  change_state(services, "running", &ProjectBackend::pause, "Pausing", "Paused");
}

void ProjectOrchestrator::unpause(const std::vector<std::string>& services) {
  change_state(services, "paused", &ProjectBackend::unpause, "Unpausing", "Unpaused");
}

}  // namespace berth::compose
