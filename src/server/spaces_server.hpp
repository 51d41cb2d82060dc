#pragma once
// `berth serve`: one process on one public port for the Hub API, git, log streams, the status
// page and the reverse proxy to each Space (by Host: {owner}-{name}.{domain}). Spaces keep
// running when the server stops; the next server picks them up.
#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "engine/engine.hpp"
#include "spaces/sleep_policy.hpp"
#include "spaces/space_deployer.hpp"

namespace berth::runtime {
class RootEventListener;
}

namespace berth::server {

// A Space's Git LFS storage, by default (berth serve --lfs-quota).
inline constexpr std::uint64_t kDefaultLfsQuota = 10ull << 30;

struct ServeOptions {
  std::string listen = "0.0.0.0:8080";
  std::string domain = "localhost";
  unsigned event_loops = 0;  // 0: half the CPUs
  // Open connections one client (an IPv4 address, an IPv6 /64) may hold; 0: no limit.
  std::size_t max_connections_per_ip = 256;
  // Spaces' networks may reach link-local and private ranges (cloud metadata, the LAN).
  bool allow_private_egress = false;
  // Registries Space builds may pull from although they are at private or loopback addresses.
  std::vector<std::string> trusted_registries;
  // When idle Spaces sleep, and how deeply (--default-sleep, --freeze-ttl,
  // --sleep-memory-floor).
  spaces::SleepOptions sleep;
  // How many of a Space's most recent deploys keep their images for rollbacks.
  std::size_t keep_deploys = 5;
  // A push's deploy whose app exits this soon after serving is rolled back; 0: never.
  unsigned rollback_window_seconds = spaces::kRollbackWindow.count();
  // The most a Space's Git LFS objects may take; 0: no quota.
  std::uint64_t lfs_quota_bytes = kDefaultLfsQuota;
  std::filesystem::path root;  // Berth's --root
  // The engine the Spaces are built and run with, in-process (over `root`).
  engine::EngineConfig engine;
};

class SpacesServer {
 public:
  explicit SpacesServer(const ServeOptions& options);
  ~SpacesServer();
  SpacesServer(const SpacesServer&) = delete;
  SpacesServer& operator=(const SpacesServer&) = delete;

  // Picks up running Spaces, then serves until stop().
  void run();
  void stop();  // thread-safe
  uint16_t port() const;

 private:
  // The maintenance thread: checks instances, the Host directory, sleep, young deploys and
  // LFS garbage, each when due or announced.
  void maintain(std::shared_ptr<runtime::RootEventListener> events,
                std::chrono::milliseconds sweep_every);
  // The CLI changed Spaces' secrets or variables: they redeploy, as after the API's change.
  void redeploy_announced_changes(const std::vector<std::string>& messages);

  struct Parts;
  std::unique_ptr<Parts> parts_;
  engine::EngineConfig engine_;
  std::chrono::milliseconds sleep_check_;
  std::atomic<bool> stopping_{false};
  std::shared_ptr<runtime::RootEventListener> events_;  // null: announcements unavailable
  std::chrono::milliseconds sweep_every_;        // the slow sweep; shorter without announcements
  std::atomic<bool> began_serving_{false};       // a route was set since last looked
  std::atomic<bool> sleep_time_changed_{false};  // a Space's sleep time, since last looked
  std::thread maintenance_;
};

}  // namespace berth::server
