#pragma once
// The commands that change a compose project, as docker compose v2 carries them out: `up`
// (networks, volumes, images, then each dependency level's services in parallel, waiting on
// depends_on conditions), `down`, and start/stop/restart/kill/rm/pause/unpause of services.
// Works through ProjectBackend, so its rules are tested against a fake.
#include <optional>
#include <string>
#include <vector>

#include "compose/orchestrator/compose_progress.hpp"
#include "compose/orchestrator/project_backend.hpp"
#include "compose/orchestrator/up_plan.hpp"
#include "compose/project.hpp"

namespace berth::compose {

struct ImageOptions {
  bool build = false;     // --build: build images before starting
  bool no_build = false;  // --no-build: never build, even when the image is missing
  std::string pull;       // --pull always|missing|never; empty: each service's pull_policy
};

struct UpRequest {
  UpOptions plan;
  ImageOptions images;
  bool remove_orphans = false;
  bool wait = false;                        // --wait: until running and healthy
  std::optional<int> wait_timeout_seconds;  // --wait-timeout
};

struct DownRequest {
  bool remove_volumes = false;  // -v: named volumes declared by the project, anonymous ones
  std::string remove_images;    // --rmi all|local
  bool remove_orphans = false;
  std::optional<int> timeout;  // -t
};

class ProjectOrchestrator {
 public:
  ProjectOrchestrator(const Project& project, BackendFactory backends, ComposeProgress& progress);

  void up(const UpRequest& request);
  void down(const DownRequest& request);

  // Creates the networks and volumes the project's services use and checks the external ones
  // exist, as `up` does first (also `compose run`).
  void ensure_resources();

  // Pulls or builds what the services need, as `up` does first (also `compose pull|build`).
  void prepare_images(const std::vector<std::string>& services, const ImageOptions& options);
  void build(const std::vector<std::string>& services);
  void pull(const std::vector<std::string>& services, bool ignore_failures);

  // The services' existing containers; empty names: all services. Dependencies first for
  // start, dependents first for stop (compose's order).
  void start(const std::vector<std::string>& services);
  void stop(const std::vector<std::string>& services, std::optional<int> timeout);
  void restart(const std::vector<std::string>& services, std::optional<int> timeout);
  void kill(const std::vector<std::string>& services, const std::string& signal);
  // Stopped containers only unless `stop_first` (rm -s); returns how many were removed.
  int remove(const std::vector<std::string>& services, bool stop_first, bool anonymous_volumes);
  void pause(const std::vector<std::string>& services);
  void unpause(const std::vector<std::string>& services);

  // The project's containers of `services` (all when empty), service then number order.
  std::vector<ObservedContainer> containers(const std::vector<std::string>& services,
                                            bool include_oneoff = false);

 private:
  // pause and unpause: each container of `services` in state `from` goes through `change`,
  // announced with compose's verbs ("Pausing", "Paused").
  void change_state(const std::vector<std::string>& services, const std::string& from,
                    void (ProjectBackend::*change)(const std::string& id), const char* doing,
                    const char* done);
  void ensure_networks(ProjectBackend& backend);
  void ensure_volumes(ProjectBackend& backend);
  void converge_service(const std::string& name, const ServicePlan& plan, const UpPlan& whole);
  void wait_for_dependencies(ProjectBackend& backend, const std::string& name);
  void wait_until_ready(ProjectBackend& backend, const std::vector<std::string>& services,
                        std::optional<int> timeout_seconds);
  // Creates container NUMBER of the service (reusing `anonymous_volumes` by destination);
  // returns its ID.
  // `name`: a name other than the container's own (a recreate's temporary one).
  std::string create_container(ProjectBackend& backend, const ServiceConfig& service, int number,
                               const std::map<std::string, std::string>& anonymous_volumes,
                               const std::string& name = {});
  // Replaces `old` with a container of the service's current config; returns its ID.
  std::string recreate_container(ProjectBackend& backend, const ServiceConfig& service,
                                 const ObservedContainer& old);
  void start_container(ProjectBackend& backend, const std::string& id, const std::string& name);
  void stop_and_remove(ProjectBackend& backend, const ObservedContainer& c,
                       std::optional<int> timeout, bool anonymous_volumes);
  // Stops and removes each container on a thread of its own.
  void stop_and_remove_in_parallel(const std::vector<ObservedContainer>& containers,
                                   std::optional<int> timeout, bool anonymous_volumes);
  // `containers` grouped for stopping: dependents' levels first.
  std::vector<std::vector<ObservedContainer>> stop_levels(
      const std::vector<ObservedContainer>& containers) const;
  std::optional<int> stop_timeout(const std::string& service) const;
  // The service's build.secrets, resolved against the project's secrets.
  std::vector<BuildSecret> build_secrets(const ServiceConfig& service) const;
  std::vector<std::string> selected(const std::vector<std::string>& services) const;

  const Project& project_;
  BackendFactory backends_;
  ComposeProgress& progress_;
  bool no_start_ = false;
};

}  // namespace berth::compose
