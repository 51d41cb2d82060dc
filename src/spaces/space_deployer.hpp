#pragma once
// The deploy pipeline: a pushed commit's files → README header → build (variables as build
// args, secrets as build secrets) → a new instance as UID 1000 → health probe on app_port →
// route switch → the old instance retired. Stages follow the Hub's SpaceStage names; while an
// old version serves, a failed deploy leaves it serving and shows the error (RUNNING with an
// errorMessage). It reaches the engine only through ImageBuilder and SpaceRunner.
#include <chrono>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "spaces/deploy_history.hpp"
#include "spaces/hardware.hpp"
#include "spaces/image_builder.hpp"
#include "spaces/route_table.hpp"
#include "spaces/space_config.hpp"
#include "spaces/space_runner.hpp"
#include "spaces/spaces_database.hpp"

namespace berth::spaces {

class SpaceLogWriter;

// A push's deploy whose app exits sooner than this after its route switched is rolled back to
// the deploy before it.
inline constexpr std::chrono::seconds kRollbackWindow{60};

struct DeployerOptions {
  std::filesystem::path spaces_dir;  // <root>/spaces: <owner>/<name>/{repo.git,data,build.log}
  std::string domain = "localhost";  // SPACE_HOST is {subdomain}.{domain}
  MachineFacts machine;
  // Between health probes of a starting instance: a refused connect costs microseconds, and
  // every wake from the stopped tier and every rollback waits for the first probe that answers.
  std::chrono::milliseconds probe_interval{20};
  // How long the old instance keeps running after the route moved, so requests already
  // sent to it finish.
  std::chrono::milliseconds drain_time{2000};
  // How many of a Space's most recently deployed images are kept for rollbacks (the serving
  // one among them, so at least 1); older ones are removed after the next deploy.
  size_t keep_deploys = 5;
  std::chrono::seconds rollback_window = kRollbackWindow;
  // Called once a rollback made its instance current, before the old one is retired: a process
  // that does not route (the CLI) tells the server that does.
  std::function<void(const std::string& space_id)> route_moved;
  // Runs an automatic rollback (a crashed or deaf young deploy) in line with the Space's other
  // jobs: the server's deploy queue, so the sweep that found the crash goes on at once rather
  // than wait up to the earlier deploy's startup timeout. Unset: at once, on the finder's
  // thread (the CLI, tests).
  using Job = std::function<void()>;
  std::function<void(const std::string& space_id, std::string description, Job job)> queue_rollback;
};

// A deploy a killed server left half-done: what was pushed, to be deployed again.
struct InterruptedDeploy {
  SpaceRecord space;
  std::string commit;
};

class SpaceDeployer {
 public:
  SpaceDeployer(SpacesDatabase& db, ImageBuilder& builder, SpaceRunner& runner, RouteTable& routes,
                DeployerOptions options);

  // Deploys `commit`, whose files are in `source` (the caller's to remove afterwards).
  // Blocks until the Space serves the commit or the deploy failed; the outcome is in the
  // Space's stage. Deploys of one Space run one at a time.
  void deploy(const std::string& space_id, const std::string& commit,
              const std::filesystem::path& source);
  // The same, with the files written by `checkout` into a scratch directory the deployer
  // owns; a checkout that throws is a failed deploy like a failed build.
  using SourceCheckout = std::function<void(const std::filesystem::path& into)>;
  void deploy(const std::string& space_id, const std::string& commit,
              const SourceCheckout& checkout);
  // A fresh instance of the current image: the writable layer is dropped, /data is kept.
  // A paused Space is restarted (resumed) only with `resume_paused`: a restart asked for before
  // a pause must not undo it when it runs after.
  void restart(const std::string& space_id, bool resume_paused = true);
  // The owner's pause: the instance stopped and removed (image and /data kept), stage PAUSED;
  // visits get a page saying so, and only a restart (or a new deploy) brings the Space back.
  // Waits for a deploy under way. NotFoundError for an unknown Space.
  void pause(const std::string& space_id);
  // Serves an earlier deploy again (space_rollback.cpp): an instance of its image with its
  // settings, probed as a deploy's, the route switched once it answers, the old instance
  // retired after the drain; recorded as the current deploy. `commit` is a commit id or a
  // unique prefix of at least 7 hex digits; none: the deploy before the current one. Throws
  // rollback_target's errors, and Error when the instance does not start (the old one serves on
  // and the Space's errorMessage says why).
  void rollback(const std::string& space_id, const std::optional<std::string>& commit = {});
  // The deploy rollback() would start: ConflictError when nothing is deployed, no earlier deploy
  // is left, or `commit` serves already; NotFoundError naming the commit and the commits that
  // can be rolled back to when it was never deployed or its image was removed;
  // InvalidArgumentError for a malformed or ambiguous commit.
  DeployRecord rollback_target(const std::string& space_id,
                               const std::optional<std::string>& commit = {});
  // The Space's deploys, newest first.
  std::vector<DeployRecord> deploy_history(const std::string& space_id);
  // Drops the Space's build cache and cache mounts, so that its next build starts from its base
  // images (a factory reboot). Call it where the Space's deploys are serialized.
  void forget_build_cache(const std::string& space_id);
  // Stops the Space's instance and removes its network and images (before the Space itself
  // is deleted).
  void tear_down(const std::string& space_id);
  // At server start: routes for instances still running; instances gone (a reboot) are
  // started again; instances the previous server left behind (not the current one of their
  // Space) are removed. Deploys it was killed in lose their checkout and half-made image and
  // are returned, for the caller to deploy their commit again; an in-progress stage without
  // a recorded commit (a server before migration 11) is marked failed.
  std::vector<InterruptedDeploy> recover();
  // Periodically: a serving instance that exited turns its Space into RUNTIME_ERROR, unless it
  // is a push's deploy younger than rollback_window with an earlier deploy to roll back to:
  // then that one serves again, the stage stays RUNNING and errorMessage says what crashed.
  // Returns false when a Space was skipped because a deploy held it: check again soon.
  bool check_instances();
  // Periodically (every few seconds): the Spaces whose push deploy is younger than
  // rollback_window are probed on app_port; one whose app failed kYoungProbeFailures probes in a
  // row is rolled back as if it had exited (or, with nothing to roll back to, keeps serving with
  // the failure as its errorMessage). Returns whether any deploy is still watched (false: no
  // probe is due until the next deploy serves, which the route table announces).
  bool probe_young_deploys();

  std::filesystem::path space_dir(const std::string& space_id) const;
  std::filesystem::path build_log_path(const std::string& space_id) const;
  // The container log of the instance serving the Space; nullopt when none.
  std::optional<std::filesystem::path> run_log_path(const std::string& space_id);
  // The container log of one instance (of any Space); nullopt when it is gone.
  std::optional<std::filesystem::path> instance_log_path(const std::string& instance);
  // {subdomain}.{domain}: the Space's unique host label (spaces/space_host.hpp).
  std::string host_of(const std::string& space_id) const;
  std::string host_of(const SpaceRecord& space) const;

  // The route to the Space's current instance at `address`, on its deployed app_port.
  static Route current_route(const SpaceRecord& space, const std::string& address);

  // Held by whatever changes the Space's instance (deploys, restarts, freezing, waking), so
  // one change happens at a time per Space.
  std::mutex& lock_for(const std::string& space_id);

 private:
  void remove_stray_instances(const std::vector<SpaceRecord>& spaces);
  // At server start, a paused or sleeping Space goes into the route table as such (a frozen
  // one whose container is gone sleeps on, stopped). False for a Space that is neither.
  bool recover_dormant(const SpaceRecord& space);
  // The checkout directories and the image an interrupted deploy of `commit` left.
  void remove_deploy_leftovers(const SpaceRecord& space, const std::string& commit);
  std::string image_tag(const SpaceRecord& space, const std::string& commit) const;
  // `source` gives the commit's files (it may throw); called inside the deploy's error handling.
  void run_deploy(const std::string& space_id, const std::string& commit,
                  const std::function<std::filesystem::path()>& source);
  // Starts an instance of `image` and waits until it answers; throws DeployError on failure.
  // `network_in_use`: an older instance of the Space is still attached to its network.
  Route start_instance(const SpaceRecord& space, const SpaceConfig& config,
                       const std::string& image, const std::string& instance, SpaceLogWriter& log,
                       bool network_in_use);
  // The Space's network, with host access as the Space's setting says. A network whose
  // setting differs is made again when no instance holds it; otherwise the change waits for
  // the next restart (a redeploy keeps the old version serving on it meanwhile).
  void prepare_network(const SpaceRecord& space, bool network_in_use, SpaceLogWriter& log);
  void retire(const std::string& instance);
  void drop_image(const std::string& tag);
  // Drops the images that fell out of the window of keep_deploys.
  void release_old_images(const std::string& space_id);
  std::string new_instance_name(const SpaceRecord& space, const std::string& commit) const;
  DeployRecord find_rollback_target(const SpaceRecord& space,
                                    const std::optional<std::string>& commit);
  // Starts `target` and makes it current (the Space's deploy lock held). `old_instance` (or "")
  // is retired after, once drained when it served; `stage_message` is the errorMessage shown
  // after.
  // On failure records the stage and throws Error.
  void switch_to_deploy(const SpaceRecord& space, const DeployRecord& target, DeployKind kind,
                        const std::string& old_instance, const std::string& stage_message,
                        SpaceLogWriter& log);
  // check_instances found `crashed` exited: rolls back when the rules allow; false otherwise.
  bool roll_back_crashed(const SpaceRecord& space, const std::string& crashed,
                         const std::string& exit_message);
  // The young push deploy `crashed` of the Space exited or stopped answering (the Space's lock
  // held): rolled back when the rules allow, queued when options_.queue_rollback is set;
  // otherwise (and when a queued rollback fails) `fallback` records the failure. A queued
  // rollback whose Space moved on meanwhile (a deploy, restart or removal) does nothing.
  void roll_back_or(const SpaceRecord& space, const std::string& crashed,
                    const std::string& message, const std::function<void()>& fallback);
  // Whether roll_back_crashed would roll the Space back: a young push deploy with an earlier,
  // healthy deploy whose image is kept. The deploy and its predecessor when it would.
  struct CrashRollback {
    DeployRecord crashed;
    DeployRecord previous;
    std::chrono::seconds age;
  };
  std::optional<CrashRollback> crash_rollback_of(const SpaceRecord& space);
  // What the Space's build and app get: a preview its Space's variables, and its secrets only
  // when that Space allows it (previews_get_secrets).
  std::map<std::string, std::string> secrets_for(const SpaceRecord& space);
  std::vector<SpaceVariable> variables_for(const SpaceRecord& space);
  // The values a log must redact (SpaceLogWriter): secrets_for's.
  static std::vector<std::string> values_of(const std::map<std::string, std::string>& secrets);
  // The Space's /data, capped at its storage tier's size (base/capped_filesystem.hpp),
  // mounted on the host for the container to bind.
  std::filesystem::path mount_data(const SpaceRecord& space);
  std::string network_of(const SpaceRecord& space) const;

  SpacesDatabase& db_;
  ImageBuilder& builder_;
  SpaceRunner& runner_;
  RouteTable& routes_;
  DeployerOptions options_;
  std::mutex locks_mutex_;
  std::map<std::string, std::unique_ptr<std::mutex>> locks_;
  // Push deploys still within rollback_window, by Space id (lowercase): until when, and their
  // health probes failed in a row. In memory: a server restart forgives them.
  struct YoungDeploy {
    std::chrono::steady_clock::time_point until;
    int failed_probes = 0;
  };
  std::mutex young_mutex_;
  std::map<std::string, YoungDeploy> young_deploys_;
};

// Failed health probes in a row that make a young deploy count as crashed.
inline constexpr int kYoungProbeFailures = 3;

}  // namespace berth::spaces
