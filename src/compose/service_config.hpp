#pragma once
// One service of a compose project, normalized: short forms in their long form, paths
// absolute, environment resolved (env_file folded in), defaults filled in as compose does.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "base/json.hpp"
#include "compose/build_config.hpp"
#include "compose/deploy_config.hpp"
#include "compose/file_reference.hpp"
#include "compose/healthcheck_config.hpp"
#include "compose/logging_config.hpp"
#include "compose/port_config.hpp"
#include "compose/service_dependency.hpp"
#include "compose/service_network.hpp"
#include "compose/ulimit.hpp"
#include "compose/volume_mount.hpp"

namespace berth::compose {

struct EnvFileRef {
  std::string path;  // absolute
  bool required = true;
};

struct ServiceConfig {
  std::string name;
  std::vector<std::string> profiles;
  std::optional<BuildConfig> build;
  std::vector<std::string> cap_add;
  std::vector<std::string> cap_drop;
  std::optional<std::vector<std::string>> command;  // nullopt: the image's; [] clears it
  std::vector<FileReference> configs;
  std::string container_name;
  std::map<std::string, ServiceDependency> depends_on;
  std::optional<DeployConfig> deploy;
  std::optional<std::vector<std::string>> entrypoint;
  std::map<std::string, std::optional<std::string>> environment;
  std::vector<EnvFileRef> env_files;
  std::vector<std::string> expose;
  std::string hostname;
  std::optional<HealthcheckConfig> healthcheck;
  std::string image;
  std::optional<bool> init;
  std::map<std::string, std::string> labels;
  std::optional<LoggingConfig> logging;
  std::string network_mode;
  std::map<std::string, ServiceNetwork> networks;
  std::vector<PortConfig> ports;
  bool privileged = false;
  std::string pull_policy;
  bool read_only = false;
  std::string restart;
  std::optional<int> scale;
  std::vector<FileReference> secrets;
  std::optional<int64_t> stop_grace_period;  // nanoseconds
  std::string stop_signal;
  std::vector<std::string> tmpfs;
  bool tty = false;
  bool stdin_open = false;
  std::map<std::string, Ulimit> ulimits;
  std::string user;
  std::vector<VolumeMount> volumes;
  std::string working_dir;
  std::string platform;
  std::vector<std::string> extra_hosts;
  std::vector<std::string> dns;
  std::optional<int64_t> shm_size;
  std::optional<int64_t> mem_limit;
  std::string domainname;
  // Attributes of the spec Berth does not act on (sysctls, devices, security_opt, …), as
  // written: `config` prints them, the engine ignores them.
  std::map<std::string, OrderedJson> other_attributes;
};

}  // namespace berth::compose
