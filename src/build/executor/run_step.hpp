#pragma once
// Runs one RUN instruction's process in a step's rootfs with the OCI runtime, in the
// foreground, streaming its output; the runtime-created mount points (for /proc, /etc/hosts,
// secrets, ...) are taken out of the upper dir again so they never reach the layer.
#include <chrono>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "build/executor/step_rootfs.hpp"
#include "network/network_manager.hpp"
#include "runtime/oci_runtime.hpp"
#include "runtime/rootfs_mounter.hpp"
#include "runtime/spec/container_config.hpp"

namespace berth::build {

struct RunStep {
  std::vector<std::string> argv;
  std::vector<std::string> env;  // "K=V", the whole environment
  std::string user;              // the stage's USER ("" = root)
  std::string workdir = "/";
  std::string network = "host";  // "host" | "none" | "bridge" (a Berth network, below)
  // The network a "bridge" step joins: the default one, or network::kBuildNetworkName for an
  // untrusted build (no private addresses, nothing of the host's).
  std::string bridge_network = "bridge";
  std::vector<runtime::MountRequest> mounts;
  runtime::ResourceLimits limits;                 // memory, pids, CPU of the step's cgroup
  std::optional<std::chrono::seconds> wall_time;  // killed when still running then
};

struct RunnerOptions {
  std::string runtime = "runc";
  std::filesystem::path runtime_root;           // the runtime's --root
  network::NetworkManager* networks = nullptr;  // for "bridge" steps
  // Runs the steps instead of `runtime` (tests); unset: the runtime's binary.
  runtime::OciRuntime* oci_runtime = nullptr;
  // Mounts the steps' filesystems (tests); unset: overlayfs.
  runtime::RootfsMounter* mounter = nullptr;
};

// Returns the process's exit code. Output (stdout and stderr together) goes to `output` line
// by line. Throws berth::Error when the process cannot be started (user not found, runtime
// failure) or ran past its wall time. Steps never hold CAP_NET_RAW (no raw sockets to sniff
// or spoof with, even on the host network).
int run_in_rootfs(const StepRootfs& rootfs, const RunStep& step, const RunnerOptions& runner,
                  const std::function<void(std::string_view line)>& output);

}  // namespace berth::build
