#pragma once
// What a build may do beyond its Dockerfile: whom it builds for (a Space, or the admin's CLI),
// which entitlements it holds (BuildKit's `--allow`), and the limits on its steps. The
// `berth build` flags only fill it; a caller linking the builder sets it directly.
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace berth::build {

struct StepLimits {
  std::optional<int64_t> memory_bytes;
  std::optional<int64_t> pids;
  std::optional<double> cpus;
  std::optional<std::chrono::seconds> wall_time;  // a RUN still going then is killed
};

// A Space build's base image: at most this much to download, ample for CUDA images (~10 GB).
inline constexpr int64_t kTenantMaxPullBytes = int64_t{16} << 30;

struct BuildPolicy {
  // The Space ("owner/name") the build is for; empty: the admin's own build. A Space build
  // sees only allowed base images and its own, its own cache and cache mounts, never the host
  // network, and fetches only from public addresses.
  std::string tenant;
  bool allow_network_host = false;     // RUN --network=host (BuildKit's network.host)
  bool allow_private_network = false;  // a Space build's ADD/git may reach private addresses
  // Registries (reference domains, "127.0.0.1:5000") a Space build may pull from although
  // they are at a private or loopback address: the admin's own registry or mirror.
  std::vector<std::string> trusted_registries;
  StepLimits step_limits;
  // The most a Space build's pull of a base image may download (its compressed layers).
  int64_t max_pull_bytes = kTenantMaxPullBytes;

  bool tenant_build() const { return !tenant.empty(); }
  // Downloads and git fetches must reach public addresses only.
  bool public_fetches_only() const { return tenant_build() && !allow_private_network; }
  // Whether a Space build's pull from `registry` must reach only public addresses.
  bool public_pulls_only(const std::string& registry) const;
  // The build cache and cache mounts are kept apart per scope: "cli" or "space:<owner/name>".
  std::string cache_scope() const { return tenant_build() ? "space:" + tenant : "cli"; }
};

// The limits a Space build's RUN steps get unless the admin says otherwise: enough for common
// builds (pip, npm, apt), not the whole machine.
StepLimits default_tenant_step_limits();

// The label that marks an image built for a Space; its value is the Space ("owner/name").
inline constexpr const char* kSpaceImageLabel = "berth.build.space";

}  // namespace berth::build
