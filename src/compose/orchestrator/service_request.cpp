#include "compose/orchestrator/service_request.hpp"

#include <algorithm>
#include <filesystem>

#include "base/error.hpp"
#include "compose/byte_size.hpp"
#include "compose/orchestrator/compose_labels.hpp"
#include "compose/orchestrator/resource_names.hpp"
#include "compose/project.hpp"

namespace berth::compose {
namespace {

[[noreturn]] void unsupported(const ServiceConfig& service, const std::string& attribute) {
  throw InvalidArgumentError(
      "service \"" + service.name + "\": " + attribute + " is not supported yet by berth", 1);
}

// Attributes a compose file may hold that this engine has no way to apply yet.
void refuse_unsupported(const ServiceConfig& service) {
  if (service.privileged) unsupported(service, "privileged");
  if (!service.domainname.empty()) unsupported(service, "domainname");
  for (const auto& [key, value] : service.other_attributes) unsupported(service, key);
}

std::vector<std::string> environment_of(const ServiceConfig& service) {
  std::vector<std::string> env;
  // A variable listed without a value and unset in compose's environment is left out, as
  // compose does.
  for (const auto& [key, value] : service.environment) {
    if (value) env.push_back(key + "=" + *value);
  }
  return env;
}

// tmpfs options as the engine's tmpfs mount takes them ("size=…", "mode=…").
std::vector<std::string> tmpfs_options(const VolumeMount& v) {
  std::vector<std::string> options;
  if (v.tmpfs_size) options.push_back("size=" + std::to_string(*v.tmpfs_size));
  if (v.tmpfs_mode) {
    char mode[16];
    std::snprintf(mode, sizeof mode, "mode=%o", *v.tmpfs_mode);
    options.emplace_back(mode);
  }
  return options;
}

}  // namespace

runtime::MountRequest volume_mount_request(const Project& project, const ServiceConfig& service,
                                           const VolumeMount& v) {
  runtime::MountRequest m;
  m.destination = v.target;
  m.read_only = v.read_only;
  if (v.type == "volume") {
    m.type = "volume";
    if (!v.source.empty()) {
      auto named = project.volumes.find(v.source);
      if (named == project.volumes.end()) {
        throw InvalidArgumentError("service \"" + service.name + "\" refers to undefined volume " +
                                       v.source + ": invalid compose project",
                                   1);
      }
      m.source = named->second.name;
    }
    if (!v.volume_subpath.empty()) unsupported(service, "volumes[].volume.subpath");
  } else if (v.type == "bind") {
    m.type = "bind";
    m.source = v.source;
    if (!m.source.empty() && m.source.front() != '/') {
      m.source =
          (std::filesystem::path(project.working_dir) / m.source).lexically_normal().string();
    }
    if (!v.bind_propagation.empty()) m.options.push_back(v.bind_propagation);
  } else if (v.type == "tmpfs") {
    m.type = "tmpfs";
    m.options = tmpfs_options(v);
  } else {
    unsupported(service, "volumes of type " + v.type);
  }
  return m;
}

namespace {

// `tmpfs: /run` or `tmpfs: ["/run:size=64m,mode=1777"]`.
runtime::MountRequest tmpfs_of(const std::string& entry) {
  runtime::MountRequest m;
  m.type = "tmpfs";
  auto colon = entry.find(':');
  m.destination = entry.substr(0, colon);
  if (colon != std::string::npos) {
    std::string options = entry.substr(colon + 1);
    size_t start = 0;
    while (start <= options.size()) {
      auto comma = options.find(',', start);
      auto option = options.substr(start, comma - start);
      if (!option.empty()) m.options.push_back(option);
      if (comma == std::string::npos) break;
      start = comma + 1;
    }
  }
  return m;
}

// Secrets and configs from files are bind mounted read-only, as compose does without swarm:
// secrets under /run/secrets/, configs at /NAME unless a target is given.
runtime::MountRequest file_object_mount(const ServiceConfig& service, const FileReference& ref,
                                        const std::map<std::string, FileObjectConfig>& objects,
                                        const std::string& kind, const std::string& default_dir) {
  auto it = objects.find(ref.source);
  if (it == objects.end()) {
    throw InvalidArgumentError("service \"" + service.name + "\" refers to undefined " + kind +
                                   " " + ref.source + ": invalid compose project",
                               1);
  }
  const FileObjectConfig& object = it->second;
  if (object.file.empty()) unsupported(service, kind + " \"" + ref.source + "\" not from a file");
  if (!ref.uid.empty() || !ref.gid.empty() || ref.mode) {
    unsupported(service, kind + " \"" + ref.source + "\" with uid, gid or mode");
  }
  runtime::MountRequest m;
  m.type = "bind";
  m.source = object.file;
  m.read_only = true;
  if (ref.target.empty()) {
    m.destination = default_dir + ref.source;
  } else {
    m.destination = ref.target.front() == '/' ? ref.target : default_dir + ref.target;
  }
  return m;
}

// The networks a service joins, most important first (priority, then name, as compose sorts).
std::vector<std::pair<std::string, ServiceNetwork>> networks_by_priority(
    const ServiceConfig& service) {
  std::vector<std::pair<std::string, ServiceNetwork>> networks(service.networks.begin(),
                                                               service.networks.end());
  std::stable_sort(networks.begin(), networks.end(), [](const auto& a, const auto& b) {
    return a.second.priority > b.second.priority;
  });
  return networks;
}

void add_networking(const Project& project, const ServiceConfig& service,
                    runtime::ContainerRequest& r) {
  const std::string& mode = service.network_mode;
  if (mode == "host" || mode == "none") {
    r.network_mode = mode;
    return;
  }
  if (mode.rfind("service:", 0) == 0) {
    auto target = project.services.find(mode.substr(8));
    if (target == project.services.end()) {
      throw InvalidArgumentError("service \"" + service.name + "\": network_mode " + mode +
                                     " names no service of the project",
                                 1);
    }
    r.network_mode = "container:" + container_name(project, target->second, 1);
    return;
  }
  if (mode.rfind("container:", 0) == 0) {
    r.network_mode = mode;
    return;
  }
  if (!mode.empty() && mode != "bridge" && mode != "default") {
    unsupported(service, "network_mode " + mode);
  }
  if (mode == "bridge") {
    r.network_mode = "bridge";
    return;
  }
  for (const auto& [key, attachment] : networks_by_priority(service)) {
    auto network = project.networks.find(key);
    if (network == project.networks.end()) {
      throw InvalidArgumentError("service \"" + service.name + "\" refers to undefined network " +
                                     key + ": invalid compose project",
                                 1);
    }
    if (!attachment.ipv6_address.empty()) unsupported(service, "networks." + key + ".ipv6_address");
    network::EndpointRequest endpoint;
    endpoint.network = network->second.name;
    // Every container answers to its service's name on each of its networks.
    endpoint.aliases.push_back(service.name);
    for (const auto& alias : attachment.aliases) {
      if (alias != service.name) endpoint.aliases.push_back(alias);
    }
    endpoint.ip = attachment.ipv4_address;
    r.networks.push_back(endpoint);
  }
  r.network_mode = r.networks.empty() ? "none" : r.networks.front().network;
}

uint16_t parse_host_port(const ServiceConfig& service, const std::string& text) {
  int port = -1;
  try {
    size_t used = 0;
    port = std::stoi(text, &used);
    if (used != text.size()) port = -1;
  } catch (const std::exception&) {
    port = -1;
  }
  if (port < 0 || port > 65535) {
    throw InvalidArgumentError("service \"" + service.name + "\": invalid published port " + text,
                               1);
  }
  return static_cast<uint16_t>(port);
}

std::vector<network::PortBinding> port_bindings(const ServiceConfig& service) {
  std::vector<network::PortBinding> bindings;
  for (const auto& port : service.ports) {
    if (port.target == 0 || port.target > 65535) {
      throw InvalidArgumentError(
          "service \"" + service.name + "\": invalid container port " + std::to_string(port.target),
          1);
    }
    if (port.mode != "ingress" && port.mode != "host")
      unsupported(service, "ports mode " + port.mode);
    network::PortBinding b;
    b.protocol = port.protocol;
    b.host_ip = port.host_ip;
    b.container_port = static_cast<uint16_t>(port.target);
    if (auto dash = port.published.find('-'); dash != std::string::npos) {
      // "9000-9005:80": the first free port of the range, at each start.
      auto first = parse_host_port(service, port.published.substr(0, dash));
      auto last = parse_host_port(service, port.published.substr(dash + 1));
      if (first == 0 || last < first) {
        throw InvalidArgumentError(
            "service \"" + service.name + "\": invalid published port range " + port.published, 1);
      }
      b.host_port = first;
      b.host_port_last = last;
    } else if (!port.published.empty()) {
      b.host_port = parse_host_port(service, port.published);
    }
    bindings.push_back(b);
  }
  return bindings;
}

void add_logging(const ServiceConfig& service, runtime::ContainerRequest& r) {
  if (!service.logging) return;
  const auto& logging = *service.logging;
  if (!logging.driver.empty() && logging.driver != "json-file" && logging.driver != "local") {
    unsupported(service, "logging driver " + logging.driver);
  }
  for (const auto& [key, value] : logging.options) {
    if (key == "max-size") {
      auto size = parse_byte_size(value);
      if (!size || *size <= 0) {
        throw InvalidArgumentError(
            "service \"" + service.name + "\": invalid logging max-size \"" + value + "\"", 1);
      }
      r.log_max_size = *size;
    } else if (key == "max-file") {
      int files = 0;
      try {
        files = std::stoi(value);
      } catch (const std::exception&) {
      }
      if (files < 1) {
        throw InvalidArgumentError(
            "service \"" + service.name + "\": invalid logging max-file \"" + value + "\"", 1);
      }
      r.log_max_files = files;
    } else {
      unsupported(service, "logging option " + key);
    }
  }
}

// The service's healthcheck over the image's, as the engine merges them; `disable: true` and
// test NONE turn the image's off.
void add_healthcheck(const ServiceConfig& service, runtime::ContainerRequest& r) {
  if (!service.healthcheck) return;
  const HealthcheckConfig& h = *service.healthcheck;
  runtime::HealthConfig health;
  health.test = h.disable ? std::vector<std::string>{"NONE"} : h.test;
  health.interval = std::chrono::nanoseconds(h.interval.value_or(0));
  health.timeout = std::chrono::nanoseconds(h.timeout.value_or(0));
  health.start_period = std::chrono::nanoseconds(h.start_period.value_or(0));
  health.start_interval = std::chrono::nanoseconds(h.start_interval.value_or(0));
  health.retries = static_cast<int>(std::min<uint64_t>(h.retries.value_or(0), 1'000'000));
  r.healthcheck = health;
}

// Docker's HostConfig options, passed as written: the engine checks and normalizes them at
// create (runtime::normalize_run_options), with Docker's errors.
void add_host_options(const ServiceConfig& service, runtime::ContainerRequest& r) {
  r.cap_add = service.cap_add;
  r.cap_drop = service.cap_drop;
  for (const auto& [name, limit] : service.ulimits) {
    r.ulimits[name] = limit.is_single ? runtime::Ulimit{limit.single, limit.single}
                                      : runtime::Ulimit{limit.soft, limit.hard};
  }
  r.extra_hosts = service.extra_hosts;
  r.dns = service.dns;
  if (service.shm_size) r.shm_size = *service.shm_size;
}

void add_limits(const ServiceConfig& service, runtime::ContainerRequest& r) {
  if (service.mem_limit) r.limits.memory_bytes = *service.mem_limit;
  if (!service.deploy) return;
  const auto& limits = service.deploy->limits;
  if (limits.cpus) r.limits.cpus = *limits.cpus;
  if (limits.memory) r.limits.memory_bytes = *limits.memory;
  if (limits.pids) r.limits.pids_limit = *limits.pids;
  if (!limits.other_attributes.empty()) {
    unsupported(service, "deploy.resources.limits." + limits.other_attributes.begin()->first);
  }
}

}  // namespace

runtime::ContainerRequest service_request(const Project& project, const ServiceConfig& service,
                                          int number) {
  refuse_unsupported(service);
  runtime::ContainerRequest r;
  r.image = service_image(project, service);
  r.name = container_name(project, service, number);
  r.entrypoint = service.entrypoint;
  if (service.command) r.command = *service.command;
  r.env = environment_of(service);
  r.user = service.user;
  r.workdir = service.working_dir;
  r.hostname = service.hostname;
  r.tty = service.tty;
  r.open_stdin = service.stdin_open;
  r.read_only = service.read_only;
  r.init = service.init.value_or(false);
  for (const auto& v : service.volumes)
    r.mounts.push_back(volume_mount_request(project, service, v));
  for (const auto& t : service.tmpfs) r.mounts.push_back(tmpfs_of(t));
  for (const auto& s : service.secrets) {
    r.mounts.push_back(file_object_mount(service, s, project.secrets, "secret", "/run/secrets/"));
  }
  for (const auto& c : service.configs) {
    r.mounts.push_back(file_object_mount(service, c, project.configs, "config", "/"));
  }
  add_networking(project, service, r);
  r.ports = port_bindings(service);
  if (!service.restart.empty()) r.restart = runtime::RestartPolicy::parse(service.restart);
  r.stop_signal = service.stop_signal;
  if (service.stop_grace_period) {
    // Whole seconds, rounded up: the engine waits in seconds.
    r.stop_timeout = static_cast<int>((*service.stop_grace_period + 999'999'999) / 1'000'000'000);
  }
  add_healthcheck(service, r);
  add_host_options(service, r);
  add_limits(service, r);
  add_logging(service, r);
  r.labels = container_labels(project, service, number, false);
  return r;
}

runtime::ContainerRequest oneoff_request(const Project& project, const ServiceConfig& service,
                                         const std::string& name, bool service_ports,
                                         bool use_aliases) {
  auto r = service_request(project, service, 1);
  r.name = name;
  if (!service_ports) r.ports.clear();
  if (!use_aliases) {
    for (auto& endpoint : r.networks) endpoint.aliases.clear();
  }
  r.restart = {};
  r.labels = container_labels(project, service, 1, true);
  return r;
}

}  // namespace berth::compose
