#pragma once
// Everything `create`/`run` was asked for, kept with the container (as JSON) so each start
// regenerates the runtime spec from the same request.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "base/json.hpp"
#include "network/network_record.hpp"
#include "runtime/health_config.hpp"
#include "runtime/spec/container_config.hpp"
#include "runtime/spec/ulimit.hpp"

namespace berth::runtime {

struct RestartPolicy {
  std::string name = "no";  // no | on-failure | always | unless-stopped
  int maximum_retry_count = 0;
  // Parses Docker's --restart value; throws InvalidArgumentError.
  static RestartPolicy parse(const std::string& text);
};

struct ContainerRequest {
  std::string image;  // as the user typed it
  std::string name;   // empty = generated
  std::optional<std::vector<std::string>> entrypoint;
  std::vector<std::string> command;
  std::vector<std::string> env;
  // Secret variables ("NAME=<sealed value>", runtime/secret_env.hpp): kept out of env, so
  // neither berth.db nor inspect holds their values in plain text.
  std::vector<std::string> sealed_env;
  std::string user;
  std::string workdir;
  std::string hostname;
  bool tty = false;
  bool open_stdin = false;
  // The container's stdin ends when its first attached client's does (Docker's StdinOnce:
  // `run -i` and `create -i`, not `run -di`).
  bool stdin_once = false;
  // Its output is attached to a client: Docker's AttachStdout/AttachStderr, false for `run -d`.
  bool attach_output = true;
  bool read_only = false;
  bool init = false;
  bool auto_remove = false;
  std::vector<MountRequest> mounts;
  // "none", "host", "container:<name or id>", or a bridge network: "bridge" (the default
  // network) or a user network's name, which is then networks.front().
  std::string network_mode = "none";
  std::vector<network::EndpointRequest> networks;  // bridge modes: the networks to join
  std::vector<network::PortBinding> ports;         // -p; host_port 0 = chosen at start
  bool publish_all = false;                        // -P: the image's EXPOSEd ports too
  ResourceLimits limits;
  RestartPolicy restart;
  std::string stop_signal;
  std::optional<int> stop_timeout;
  std::map<std::string, std::string> labels;
  std::string runtime = "runc";
  int64_t log_max_size = -1;
  int log_max_files = 1;
  // --storage-opt, as Docker keeps it (HostConfig.StorageOpt): only "size" is known, the cap
  // of the writable layer.
  std::map<std::string, std::string> storage_opt;
  // --health-* / --no-healthcheck; nullopt: the image's HEALTHCHECK as it is.
  std::optional<HealthConfig> healthcheck;
  // Docker's HostConfig options compose files use. Admin-only: Spaces never set them.
  std::vector<std::string> cap_add;      // --cap-add as given ("NET_ADMIN", "cap_sys_time", "ALL")
  std::vector<std::string> cap_drop;     // --cap-drop as given
  Ulimits ulimits;                       // --ulimit, by name ("nofile" -> {soft, hard})
  std::vector<std::string> extra_hosts;  // --add-host "name:ip"; ip may be "host-gateway"
  std::vector<std::string> dns;          // --dns servers (replace the network's)
  std::vector<std::string> dns_search;   // --dns-search domains ("." = no search line)
  std::vector<std::string> dns_options;  // --dns-option ("ndots:2")
  int64_t shm_size = kDefaultShmSize;    // --shm-size in bytes (0 asks for the default)
};

// What create does with the HostConfig options whoever built the request (CLI, compose) set:
// refuses, with Docker's wording and exit code 125, an unknown capability, an unknown or
// inverted ulimit, a malformed extra host, DNS server or search domain, a negative shm size;
// and stores them in Docker's form: extra hosts as "name:ip" ("name=ip" and "[::1]" accepted),
// DNS servers canonical, search domains without their trailing dot, shm size 0 = the default.
void normalize_run_options(ContainerRequest& r);

// The writable layer's cap in bytes from storage_opt["size"] (Docker's units: 10G = 10 GiB);
// 0 when there is none. Throws InvalidArgumentError for an unknown option or a bad size.
int64_t writable_layer_cap(const ContainerRequest& r);

// True when the container gets its own namespace wired to bridge networks.
bool uses_bridge_network(const ContainerRequest& r);

Json to_json(const ContainerRequest& r);
ContainerRequest request_from_json(const Json& j);

}  // namespace berth::runtime
