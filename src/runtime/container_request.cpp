#include "runtime/container_request.hpp"

#include "base/capped_filesystem.hpp"
#include "base/error.hpp"
#include "runtime/name_resolution_options.hpp"
#include "runtime/spec/capabilities.hpp"

namespace berth::runtime {

RestartPolicy RestartPolicy::parse(const std::string& text) {
  RestartPolicy p;
  auto colon = text.find(':');
  p.name = text.substr(0, colon);
  if (p.name.empty()) p.name = "no";
  if (p.name != "no" && p.name != "always" && p.name != "unless-stopped" &&
      p.name != "on-failure") {
    throw InvalidArgumentError("invalid restart policy '" + p.name + "'", 125);
  }
  if (colon != std::string::npos) {
    if (p.name != "on-failure") {
      throw InvalidArgumentError(
          "maximum retry count cannot be used with restart policy '" + p.name + "'", 125);
    }
    try {
      p.maximum_retry_count = std::stoi(text.substr(colon + 1));
    } catch (const std::exception&) {
      throw InvalidArgumentError("maximum retry count must be an integer", 125);
    }
  }
  return p;
}

namespace {

Json limits_json(const ResourceLimits& l) {
  Json j = Json::object();
  if (l.memory_bytes) j["memory"] = *l.memory_bytes;
  if (l.memory_swap_bytes) j["memory_swap"] = *l.memory_swap_bytes;
  if (l.cpus) j["cpus"] = *l.cpus;
  if (l.cpu_shares) j["cpu_shares"] = *l.cpu_shares;
  if (l.pids_limit) j["pids_limit"] = *l.pids_limit;
  return j;
}

ResourceLimits limits_from(const Json& j) {
  ResourceLimits l;
  if (j.contains("memory")) l.memory_bytes = j["memory"].get<int64_t>();
  if (j.contains("memory_swap")) l.memory_swap_bytes = j["memory_swap"].get<int64_t>();
  if (j.contains("cpus")) l.cpus = j["cpus"].get<double>();
  if (j.contains("cpu_shares")) l.cpu_shares = j["cpu_shares"].get<uint64_t>();
  if (j.contains("pids_limit")) l.pids_limit = j["pids_limit"].get<int64_t>();
  return l;
}

Json ulimits_json(const Ulimits& ulimits) {
  Json j = Json::object();
  for (const auto& [name, limit] : ulimits) j[name] = {{"soft", limit.soft}, {"hard", limit.hard}};
  return j;
}

Ulimits ulimits_from(const Json& j) {
  Ulimits out;
  for (const auto& [name, limit] : j.items()) {
    out[name] = {limit.value("soft", int64_t{0}), limit.value("hard", int64_t{0})};
  }
  return out;
}

}  // namespace

void normalize_run_options(ContainerRequest& r) {
  normalize_capabilities(r.cap_add, "CapAdd");
  normalize_capabilities(r.cap_drop, "CapDrop");
  for (const auto& [name, limit] : r.ulimits) check_ulimit(name, limit);
  for (auto& host : r.extra_hosts) host = validate_extra_host(host);
  for (auto& server : r.dns) server = validate_dns_server(server);
  for (auto& domain : r.dns_search) domain = validate_dns_search(domain);
  // Docker's: another container's namespace comes with its own names and resolvers.
  if (r.network_mode.rfind("container:", 0) == 0) {
    if (!r.dns.empty()) {
      throw InvalidArgumentError("conflicting options: dns and the network mode", 125);
    }
    if (!r.extra_hosts.empty()) {
      throw InvalidArgumentError(
          "conflicting options: custom host-to-IP mapping and the network mode", 125);
    }
  }
  if (r.shm_size < 0) throw InvalidArgumentError("SHM size can not be less than 0", 125);
  if (r.shm_size == 0) r.shm_size = kDefaultShmSize;  // Docker's 0: the default
}

int64_t writable_layer_cap(const ContainerRequest& r) {
  int64_t cap = 0;
  for (const auto& [key, value] : r.storage_opt) {
    // Docker's overlay2 driver words it so.
    if (key != "size") throw InvalidArgumentError("Unknown option " + key, 125);
    cap = parse_memory_size(value);
    if (cap < kMinimumCappedSize) {
      throw InvalidArgumentError(
          "--storage-opt size=" + value + " is too small: the minimum is 16MiB", 125);
    }
  }
  return cap;
}

bool uses_bridge_network(const ContainerRequest& r) {
  return r.network_mode != "none" && r.network_mode != "host" &&
         r.network_mode.rfind("container:", 0) != 0;
}

Json to_json(const ContainerRequest& r) {
  Json mounts = Json::array();
  for (const auto& m : r.mounts) {
    mounts.push_back({{"type", m.type},
                      {"source", m.source},
                      {"destination", m.destination},
                      {"read_only", m.read_only},
                      {"options", m.options}});
  }
  Json networks = Json::array();
  for (const auto& e : r.networks) {
    networks.push_back({{"network", e.network}, {"aliases", e.aliases}, {"ip", e.ip}});
  }
  Json ports = Json::array();
  for (const auto& p : r.ports) {
    ports.push_back({{"protocol", p.protocol},
                     {"host_ip", p.host_ip},
                     {"host_port", p.host_port},
                     {"container_port", p.container_port}});
    if (p.host_port_last != 0) ports.back()["host_port_last"] = p.host_port_last;
  }
  Json j = {{"image", r.image},
            {"name", r.name},
            {"command", r.command},
            {"env", r.env},
            {"user", r.user},
            {"workdir", r.workdir},
            {"hostname", r.hostname},
            {"tty", r.tty},
            {"open_stdin", r.open_stdin},
            {"stdin_once", r.stdin_once},
            {"attach_output", r.attach_output},
            {"read_only", r.read_only},
            {"init", r.init},
            {"auto_remove", r.auto_remove},
            {"mounts", mounts},
            {"network_mode", r.network_mode},
            {"networks", networks},
            {"ports", ports},
            {"publish_all", r.publish_all},
            {"limits", limits_json(r.limits)},
            {"restart", {{"name", r.restart.name}, {"max", r.restart.maximum_retry_count}}},
            {"stop_signal", r.stop_signal},
            {"labels", r.labels},
            {"runtime", r.runtime},
            {"log_max_size", r.log_max_size},
            {"log_max_files", r.log_max_files},
            {"storage_opt", r.storage_opt}};
  if (!r.cap_add.empty()) j["cap_add"] = r.cap_add;
  if (!r.cap_drop.empty()) j["cap_drop"] = r.cap_drop;
  if (!r.ulimits.empty()) j["ulimits"] = ulimits_json(r.ulimits);
  if (!r.extra_hosts.empty()) j["extra_hosts"] = r.extra_hosts;
  if (!r.dns.empty()) j["dns"] = r.dns;
  if (!r.dns_search.empty()) j["dns_search"] = r.dns_search;
  if (!r.dns_options.empty()) j["dns_options"] = r.dns_options;
  if (r.shm_size != kDefaultShmSize) j["shm_size"] = r.shm_size;
  if (!r.sealed_env.empty()) j["sealed_env"] = r.sealed_env;
  if (r.entrypoint) j["entrypoint"] = *r.entrypoint;
  if (r.stop_timeout) j["stop_timeout"] = *r.stop_timeout;
  if (r.healthcheck) j["healthcheck"] = to_json(*r.healthcheck);
  return j;
}

ContainerRequest request_from_json(const Json& j) {
  ContainerRequest r;
  r.image = j.value("image", "");
  r.name = j.value("name", "");
  if (j.contains("entrypoint")) r.entrypoint = j["entrypoint"].get<std::vector<std::string>>();
  r.command = j.value("command", std::vector<std::string>{});
  r.env = j.value("env", std::vector<std::string>{});
  r.sealed_env = j.value("sealed_env", std::vector<std::string>{});
  r.user = j.value("user", "");
  r.workdir = j.value("workdir", "");
  r.hostname = j.value("hostname", "");
  r.tty = j.value("tty", false);
  r.open_stdin = j.value("open_stdin", false);
  // Records from before the field: every client's stdin ending ended the container's.
  r.stdin_once = j.value("stdin_once", r.open_stdin);
  r.attach_output = j.value("attach_output", true);
  r.read_only = j.value("read_only", false);
  r.init = j.value("init", false);
  r.auto_remove = j.value("auto_remove", false);
  for (const auto& m : j.value("mounts", Json::array())) {
    r.mounts.push_back({m.value("type", ""), m.value("source", ""), m.value("destination", ""),
                        m.value("read_only", false),
                        m.value("options", std::vector<std::string>{})});
  }
  r.network_mode = j.value("network_mode", "none");
  for (const auto& e : j.value("networks", Json::array())) {
    r.networks.push_back({e.value("network", ""), e.value("aliases", std::vector<std::string>{}),
                          e.value("ip", "")});
  }
  for (const auto& p : j.value("ports", Json::array())) {
    r.ports.push_back({p.value("protocol", "tcp"), p.value("host_ip", ""),
                       p.value("host_port", uint16_t{0}), p.value("container_port", uint16_t{0}),
                       p.value("host_port_last", uint16_t{0})});
  }
  r.publish_all = j.value("publish_all", false);
  r.limits = limits_from(j.value("limits", Json::object()));
  if (j.contains("restart")) {
    r.restart.name = j["restart"].value("name", "no");
    r.restart.maximum_retry_count = j["restart"].value("max", 0);
  }
  r.stop_signal = j.value("stop_signal", "");
  if (j.contains("stop_timeout")) r.stop_timeout = j["stop_timeout"].get<int>();
  r.labels = j.value("labels", std::map<std::string, std::string>{});
  r.runtime = j.value("runtime", "runc");
  r.log_max_size = j.value("log_max_size", int64_t{-1});
  r.log_max_files = j.value("log_max_files", 1);
  if (j.contains("storage_opt"))
    r.storage_opt = j["storage_opt"].get<std::map<std::string, std::string>>();
  if (j.contains("healthcheck")) r.healthcheck = health_config_from_json(j["healthcheck"]);
  r.cap_add = j.value("cap_add", std::vector<std::string>{});
  r.cap_drop = j.value("cap_drop", std::vector<std::string>{});
  if (j.contains("ulimits")) r.ulimits = ulimits_from(j["ulimits"]);
  r.extra_hosts = j.value("extra_hosts", std::vector<std::string>{});
  r.dns = j.value("dns", std::vector<std::string>{});
  r.dns_search = j.value("dns_search", std::vector<std::string>{});
  r.dns_options = j.value("dns_options", std::vector<std::string>{});
  r.shm_size = j.value("shm_size", kDefaultShmSize);
  return r;
}

}  // namespace berth::runtime
