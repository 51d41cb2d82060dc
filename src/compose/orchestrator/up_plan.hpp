#pragma once
// What `up` changes, decided before anything is touched (pure: tested without an engine).
// Each service's containers are compared with what the project wants, as docker compose
// converges them: a container whose config hash or image changed is recreated, a stopped one
// started, one beyond the wanted scale removed (highest numbers first), and missing numbers
// created; containers of services the project no longer has are orphans.
#include <map>
#include <string>
#include <vector>

#include "compose/orchestrator/observed_container.hpp"
#include "compose/project.hpp"

namespace berth::compose {

struct UpOptions {
  std::vector<std::string> services;  // the ones asked for; empty: all
  bool no_deps = false;               // only those asked for, not their dependencies
  bool force_recreate = false;
  bool no_recreate = false;
  bool no_start = false;
  std::map<std::string, int> scale;  // --scale SERVICE=N
};

enum class ContainerAction { kCreate, kRecreate, kStart, kKeep, kRemove };

struct PlannedContainer {
  ContainerAction action = ContainerAction::kKeep;
  int number = 0;
  ObservedContainer existing;  // all but kCreate
};

struct ServicePlan {
  std::string service;
  std::vector<PlannedContainer> containers;  // by number
  // Whether any container is made anew (create or recreate): dependents that share its
  // network namespace, or asked for restart: true, follow it.
  bool renewed() const;
};

struct UpPlan {
  // The services `up` works on, in dependency levels (each level starts in parallel).
  std::vector<std::vector<std::string>> levels;
  std::map<std::string, ServicePlan> services;
  std::vector<ObservedContainer> orphans;  // services no longer in the project
};

// `image_ids`: each service's image ID now (after pulls and builds), so a container made from
// an older image is recreated; a service missing from it is compared by config hash alone.
UpPlan plan_up(const Project& project, const std::vector<ObservedContainer>& observed,
               const std::map<std::string, std::string>& image_ids, const UpOptions& options);

// The services `names` and, unless no_deps, everything they depend on (transitively);
// all services when `names` is empty. An unknown name is Docker's "no such service" error.
std::vector<std::string> services_with_dependencies(const Project& project,
                                                    const std::vector<std::string>& names,
                                                    bool no_deps);

std::string_view action_name(ContainerAction action);

}  // namespace berth::compose
