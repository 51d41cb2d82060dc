#include "compose/model_json.hpp"

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <string>

#include "compose/duration.hpp"

namespace berth::compose {
namespace {

OrderedJson string_map(const std::map<std::string, std::string>& m) {
  OrderedJson out = OrderedJson::object();
  for (const auto& [k, v] : m) out[k] = v;
  return out;
}

OrderedJson optional_map(const std::map<std::string, std::optional<std::string>>& m) {
  OrderedJson out = OrderedJson::object();
  for (const auto& [k, v] : m) out[k] = v ? OrderedJson(*v) : OrderedJson(nullptr);
  return out;
}

OrderedJson list(const std::vector<std::string>& v) {
  OrderedJson out = OrderedJson::array();
  for (const auto& s : v) out.push_back(s);
  return out;
}

OrderedJson file_references(const std::vector<FileReference>& refs) {
  OrderedJson out = OrderedJson::array();
  for (const auto& r : refs) {
    OrderedJson j = OrderedJson::object();
    j["source"] = r.source;
    if (!r.target.empty()) j["target"] = r.target;
    if (!r.uid.empty()) j["uid"] = r.uid;
    if (!r.gid.empty()) j["gid"] = r.gid;
    if (r.mode) j["mode"] = *r.mode;
    out.push_back(std::move(j));
  }
  return out;
}

// float32 as Go prints it (types/cpus.go NanoCPUs is a float32; Go writes the shortest
// decimal that reads back as the same float32): 0.5, 0.3 (not 0.30000001192092896), 2.
OrderedJson cpus(double v) {
  double rounded = std::round(v);
  if (rounded == v && std::fabs(v) < 1e15) return static_cast<int64_t>(v);
  char text[64];
  auto [end, ec] = std::to_chars(text, text + sizeof(text), static_cast<float>(v));
  if (ec != std::errc()) return v;
  return std::strtod(std::string(text, end).c_str(), nullptr);
}

OrderedJson limits(const ResourceLimits& l) {
  OrderedJson j = OrderedJson::object();
  if (l.cpus && *l.cpus != 0) j["cpus"] = cpus(*l.cpus);
  if (l.memory && *l.memory != 0) j["memory"] = std::to_string(*l.memory);
  if (l.pids && *l.pids != 0) j["pids"] = *l.pids;
  for (const char* key : {"devices", "generic_resources"}) {
    if (auto it = l.other_attributes.find(key); it != l.other_attributes.end()) j[key] = it->second;
  }
  return j;
}

OrderedJson build_json(const BuildConfig& b) {
  OrderedJson j = OrderedJson::object();
  j["context"] = b.context;
  if (!b.dockerfile.empty()) j["dockerfile"] = b.dockerfile;
  if (!b.dockerfile_inline.empty()) j["dockerfile_inline"] = b.dockerfile_inline;
  if (!b.args.empty()) j["args"] = optional_map(b.args);
  if (!b.labels.empty()) j["labels"] = string_map(b.labels);
  if (!b.cache_from.empty()) j["cache_from"] = list(b.cache_from);
  if (b.no_cache) j["no_cache"] = true;
  if (b.pull) j["pull"] = true;
  if (!b.network.empty()) j["network"] = b.network;
  if (!b.target.empty()) j["target"] = b.target;
  if (!b.secrets.empty()) j["secrets"] = file_references(b.secrets);
  if (!b.tags.empty()) j["tags"] = list(b.tags);
  return j;
}

OrderedJson healthcheck_json(const HealthcheckConfig& h) {
  OrderedJson j = OrderedJson::object();
  if (!h.test.empty()) j["test"] = list(h.test);
  if (h.timeout) j["timeout"] = format_duration(*h.timeout);
  if (h.interval) j["interval"] = format_duration(*h.interval);
  if (h.retries) j["retries"] = *h.retries;
  if (h.start_period) j["start_period"] = format_duration(*h.start_period);
  if (h.start_interval) j["start_interval"] = format_duration(*h.start_interval);
  if (h.disable) j["disable"] = true;
  return j;
}

OrderedJson port_json(const PortConfig& p) {
  OrderedJson j = OrderedJson::object();
  if (!p.name.empty()) j["name"] = p.name;
  if (!p.mode.empty()) j["mode"] = p.mode;
  if (!p.host_ip.empty()) j["host_ip"] = p.host_ip;
  j["target"] = p.target;
  if (!p.published.empty()) j["published"] = p.published;
  if (!p.protocol.empty()) j["protocol"] = p.protocol;
  if (!p.app_protocol.empty()) j["app_protocol"] = p.app_protocol;
  return j;
}

OrderedJson volume_json(const VolumeMount& m) {
  OrderedJson j = OrderedJson::object();
  j["type"] = m.type;
  if (!m.source.empty()) j["source"] = m.source;
  j["target"] = m.target;
  if (m.read_only) j["read_only"] = true;
  if (!m.consistency.empty()) j["consistency"] = m.consistency;
  if (m.has_bind) {
    OrderedJson b = OrderedJson::object();
    if (!m.bind_selinux.empty()) b["selinux"] = m.bind_selinux;
    if (!m.bind_propagation.empty()) b["propagation"] = m.bind_propagation;
    // An opt-out: printed only when false, as compose does.
    if (m.bind_create_host_path && !*m.bind_create_host_path) b["create_host_path"] = false;
    j["bind"] = std::move(b);
  }
  if (m.has_volume) {
    OrderedJson v = OrderedJson::object();
    if (m.volume_nocopy) v["nocopy"] = true;
    if (!m.volume_subpath.empty()) v["subpath"] = m.volume_subpath;
    j["volume"] = std::move(v);
  }
  if (m.has_tmpfs) {
    OrderedJson t = OrderedJson::object();
    if (m.tmpfs_size) t["size"] = std::to_string(*m.tmpfs_size);
    if (m.tmpfs_mode) t["mode"] = *m.tmpfs_mode;
    j["tmpfs"] = std::move(t);
  }
  return j;
}

// compose's order of a service's attributes (its ServiceConfig's fields).
constexpr std::string_view kServiceKeyOrder[] = {"profiles",
                                                 "annotations",
                                                 "attach",
                                                 "build",
                                                 "develop",
                                                 "blkio_config",
                                                 "cap_add",
                                                 "cap_drop",
                                                 "cgroup_parent",
                                                 "cgroup",
                                                 "cpu_count",
                                                 "cpu_percent",
                                                 "cpu_period",
                                                 "cpu_quota",
                                                 "cpu_rt_period",
                                                 "cpu_rt_runtime",
                                                 "cpus",
                                                 "cpuset",
                                                 "cpu_shares",
                                                 "command",
                                                 "configs",
                                                 "container_name",
                                                 "credential_spec",
                                                 "depends_on",
                                                 "deploy",
                                                 "device_cgroup_rules",
                                                 "devices",
                                                 "dns",
                                                 "dns_opt",
                                                 "dns_search",
                                                 "dockerfile",
                                                 "domainname",
                                                 "entrypoint",
                                                 "provider",
                                                 "environment",
                                                 "env_file",
                                                 "expose",
                                                 "extends",
                                                 "external_links",
                                                 "extra_hosts",
                                                 "group_add",
                                                 "gpus",
                                                 "hostname",
                                                 "healthcheck",
                                                 "image",
                                                 "init",
                                                 "ipc",
                                                 "isolation",
                                                 "labels",
                                                 "label_file",
                                                 "links",
                                                 "logging",
                                                 "log_driver",
                                                 "log_opt",
                                                 "mem_limit",
                                                 "mem_reservation",
                                                 "memswap_limit",
                                                 "mem_swappiness",
                                                 "mac_address",
                                                 "models",
                                                 "net",
                                                 "network_mode",
                                                 "networks",
                                                 "oom_kill_disable",
                                                 "oom_score_adj",
                                                 "pid",
                                                 "pids_limit",
                                                 "platform",
                                                 "ports",
                                                 "privileged",
                                                 "pull_policy",
                                                 "read_only",
                                                 "restart",
                                                 "runtime",
                                                 "scale",
                                                 "secrets",
                                                 "security_opt",
                                                 "shm_size",
                                                 "stdin_open",
                                                 "stop_grace_period",
                                                 "stop_signal",
                                                 "storage_opt",
                                                 "sysctls",
                                                 "tmpfs",
                                                 "tty",
                                                 "ulimits",
                                                 "use_api_socket",
                                                 "user",
                                                 "userns_mode",
                                                 "uts",
                                                 "volume_driver",
                                                 "volumes",
                                                 "volumes_from",
                                                 "working_dir",
                                                 "pre_start",
                                                 "post_start",
                                                 "pre_stop"};

OrderedJson in_service_order(const OrderedJson& j) {
  OrderedJson out = OrderedJson::object();
  for (std::string_view key : kServiceKeyOrder) {
    auto it = j.find(std::string(key));
    if (it != j.end()) out[std::string(key)] = *it;
  }
  for (const auto& [key, value] : j.items()) {
    if (!out.contains(key)) out[key] = value;
  }
  return out;
}

OrderedJson modeled_service_json(const ServiceConfig& s, ModelFormat format) {
  const bool json = format == ModelFormat::json;
  OrderedJson j = OrderedJson::object();
  if (!s.profiles.empty()) j["profiles"] = list(s.profiles);
  if (s.build) j["build"] = build_json(*s.build);
  if (!s.cap_add.empty()) j["cap_add"] = list(s.cap_add);
  if (!s.cap_drop.empty()) j["cap_drop"] = list(s.cap_drop);
  if (s.command) {
    j["command"] = list(*s.command);
  } else if (json) {
    j["command"] = nullptr;  // ShellCommand's json tag has no omitempty
  }
  if (!s.configs.empty()) j["configs"] = file_references(s.configs);
  if (!s.container_name.empty()) j["container_name"] = s.container_name;
  if (!s.depends_on.empty()) {
    OrderedJson d = OrderedJson::object();
    for (const auto& [name, dep] : s.depends_on) {
      OrderedJson e = OrderedJson::object();
      e["condition"] = dep.condition;
      if (dep.restart) e["restart"] = true;
      e["required"] = dep.required;
      d[name] = std::move(e);
    }
    j["depends_on"] = std::move(d);
  }
  if (s.deploy) {
    OrderedJson d = OrderedJson::object();
    if (!s.deploy->mode.empty()) d["mode"] = s.deploy->mode;
    if (s.deploy->replicas) d["replicas"] = *s.deploy->replicas;
    if (!s.deploy->labels.empty()) d["labels"] = string_map(s.deploy->labels);
    const auto& other = s.deploy->other_attributes;
    auto copy = [&](const char* key) {
      if (auto it = other.find(key); it != other.end()) d[key] = it->second;
    };
    copy("update_config");
    copy("rollback_config");
    OrderedJson r = OrderedJson::object();
    if (!s.deploy->limits.empty()) r["limits"] = limits(s.deploy->limits);
    if (!s.deploy->reservations.empty()) r["reservations"] = limits(s.deploy->reservations);
    d["resources"] = std::move(r);
    copy("restart_policy");
    copy("placement");
    // encoding/json never leaves out a struct (Placement is one), omitempty or not.
    if (json && !d.contains("placement")) d["placement"] = OrderedJson::object();
    copy("endpoint_mode");
    j["deploy"] = std::move(d);
  }
  if (!s.dns.empty()) j["dns"] = list(s.dns);
  if (!s.domainname.empty()) j["domainname"] = s.domainname;
  if (s.entrypoint) {
    j["entrypoint"] = list(*s.entrypoint);
  } else if (json) {
    j["entrypoint"] = nullptr;
  }
  if (!s.environment.empty()) j["environment"] = optional_map(s.environment);
  if (!s.env_files.empty()) {
    OrderedJson files = OrderedJson::array();
    for (const auto& f : s.env_files) {
      OrderedJson e = OrderedJson::object();
      e["path"] = f.path;
      if (!f.required) e["required"] = false;
      files.push_back(std::move(e));
    }
    j["env_file"] = std::move(files);
  }
  if (!s.expose.empty()) j["expose"] = list(s.expose);
  if (!s.extra_hosts.empty()) j["extra_hosts"] = list(s.extra_hosts);
  if (!s.hostname.empty()) j["hostname"] = s.hostname;
  if (s.healthcheck) j["healthcheck"] = healthcheck_json(*s.healthcheck);
  if (!s.image.empty()) j["image"] = s.image;
  if (s.init) j["init"] = *s.init;
  if (!s.labels.empty()) j["labels"] = string_map(s.labels);
  if (s.logging) {
    OrderedJson l = OrderedJson::object();
    if (!s.logging->driver.empty()) l["driver"] = s.logging->driver;
    if (!s.logging->options.empty()) l["options"] = string_map(s.logging->options);
    j["logging"] = std::move(l);
  }
  if (s.mem_limit) j["mem_limit"] = std::to_string(*s.mem_limit);
  if (!s.network_mode.empty()) j["network_mode"] = s.network_mode;
  if (!s.networks.empty()) {
    OrderedJson n = OrderedJson::object();
    for (const auto& [name, net] : s.networks) {
      if (net.empty()) {
        n[name] = nullptr;
        continue;
      }
      OrderedJson e = OrderedJson::object();
      if (!net.aliases.empty()) e["aliases"] = list(net.aliases);
      if (!net.ipv4_address.empty()) e["ipv4_address"] = net.ipv4_address;
      if (!net.ipv6_address.empty()) e["ipv6_address"] = net.ipv6_address;
      if (net.priority != 0) e["priority"] = net.priority;
      n[name] = std::move(e);
    }
    j["networks"] = std::move(n);
  }
  if (!s.platform.empty()) j["platform"] = s.platform;
  if (!s.ports.empty()) {
    OrderedJson p = OrderedJson::array();
    for (const auto& port : s.ports) p.push_back(port_json(port));
    j["ports"] = std::move(p);
  }
  if (s.privileged) j["privileged"] = true;
  if (!s.pull_policy.empty()) j["pull_policy"] = s.pull_policy;
  if (s.read_only) j["read_only"] = true;
  if (!s.restart.empty()) j["restart"] = s.restart;
  if (s.scale) j["scale"] = *s.scale;
  if (!s.secrets.empty()) j["secrets"] = file_references(s.secrets);
  if (s.shm_size) j["shm_size"] = std::to_string(*s.shm_size);
  if (s.stdin_open) j["stdin_open"] = true;
  if (s.stop_grace_period) j["stop_grace_period"] = format_duration(*s.stop_grace_period);
  if (!s.stop_signal.empty()) j["stop_signal"] = s.stop_signal;
  if (!s.tmpfs.empty()) j["tmpfs"] = list(s.tmpfs);
  if (s.tty) j["tty"] = true;
  if (!s.ulimits.empty()) {
    OrderedJson u = OrderedJson::object();
    for (const auto& [name, limit] : s.ulimits) {
      if (limit.is_single) {
        u[name] = limit.single;
      } else if (json) {
        // UlimitsConfig's MarshalJSON: the struct's fields, omitempty.
        OrderedJson l = OrderedJson::object();
        if (limit.soft != 0) l["soft"] = limit.soft;
        if (limit.hard != 0) l["hard"] = limit.hard;
        u[name] = std::move(l);
      } else {
        u[name] = OrderedJson{{"soft", limit.soft}, {"hard", limit.hard}};
      }
    }
    j["ulimits"] = std::move(u);
  }
  if (!s.user.empty()) j["user"] = s.user;
  if (!s.volumes.empty()) {
    OrderedJson v = OrderedJson::array();
    for (const auto& m : s.volumes) v.push_back(volume_json(m));
    j["volumes"] = std::move(v);
  }
  if (!s.working_dir.empty()) j["working_dir"] = s.working_dir;
  return j;
}

}  // namespace

OrderedJson service_json(const ServiceConfig& s, ModelFormat format) {
  OrderedJson j = modeled_service_json(s, format);
  for (const auto& [key, value] : s.other_attributes) j[key] = value;
  return in_service_order(j);
}

OrderedJson project_json(const Project& project, ModelFormat format) {
  const bool json = format == ModelFormat::json;
  OrderedJson j = OrderedJson::object();
  j["name"] = project.name;
  OrderedJson services = OrderedJson::object();
  for (const auto& [name, s] : project.services) services[name] = service_json(s, format);
  j["services"] = std::move(services);
  if (!project.networks.empty()) {
    OrderedJson networks = OrderedJson::object();
    for (const auto& [key, n] : project.networks) {
      OrderedJson e = OrderedJson::object();
      e["name"] = n.name;
      if (!n.driver.empty()) e["driver"] = n.driver;
      if (!n.driver_opts.empty()) e["driver_opts"] = string_map(n.driver_opts);
      if (n.has_ipam) {
        OrderedJson ipam = OrderedJson::object();
        if (!n.ipam_driver.empty()) ipam["driver"] = n.ipam_driver;
        if (!n.ipam_config.empty()) {
          OrderedJson pools = OrderedJson::array();
          for (const auto& p : n.ipam_config) {
            OrderedJson pool = OrderedJson::object();
            if (!p.subnet.empty()) pool["subnet"] = p.subnet;
            if (!p.gateway.empty()) pool["gateway"] = p.gateway;
            if (!p.ip_range.empty()) pool["ip_range"] = p.ip_range;
            if (!p.aux_addresses.empty()) pool["aux_addresses"] = string_map(p.aux_addresses);
            pools.push_back(std::move(pool));
          }
          ipam["config"] = std::move(pools);
        }
        e["ipam"] = std::move(ipam);
      } else if (json) {
        e["ipam"] = OrderedJson::object();  // a struct: encoding/json never leaves it out
      }
      if (n.external) e["external"] = true;
      if (n.internal) e["internal"] = true;
      if (n.attachable) e["attachable"] = true;
      if (!n.labels.empty()) e["labels"] = string_map(n.labels);
      if (n.enable_ipv6) e["enable_ipv6"] = *n.enable_ipv6;
      networks[key] = std::move(e);
    }
    j["networks"] = std::move(networks);
  }
  if (!project.volumes.empty()) {
    OrderedJson volumes = OrderedJson::object();
    for (const auto& [key, v] : project.volumes) {
      OrderedJson e = OrderedJson::object();
      e["name"] = v.name;
      if (!v.driver.empty()) e["driver"] = v.driver;
      if (!v.driver_opts.empty()) e["driver_opts"] = string_map(v.driver_opts);
      if (v.external) e["external"] = true;
      if (!v.labels.empty()) e["labels"] = string_map(v.labels);
      volumes[key] = std::move(e);
    }
    j["volumes"] = std::move(volumes);
  }
  for (const char* kind : {"secrets", "configs"}) {
    const auto& objects = std::string(kind) == "secrets" ? project.secrets : project.configs;
    if (objects.empty()) continue;
    OrderedJson out = OrderedJson::object();
    for (const auto& [key, o] : objects) {
      OrderedJson e = OrderedJson::object();
      e["name"] = o.name;
      if (!o.file.empty()) e["file"] = o.file;
      if (!o.environment.empty()) e["environment"] = o.environment;
      if (!o.content.empty()) e["content"] = o.content;
      if (o.external) e["external"] = true;
      if (!o.labels.empty()) e["labels"] = string_map(o.labels);
      out[key] = std::move(e);
    }
    j[kind] = std::move(out);
  }
  if (json) {
    // Project.MarshalJSON marshals a map: Go writes its keys sorted.
    OrderedJson sorted = OrderedJson::object();
    for (const auto& key : {"configs", "name", "networks", "secrets", "services", "volumes"}) {
      if (j.contains(key)) sorted[key] = std::move(j[key]);
    }
    return sorted;
  }
  return j;
}

std::string json_text(const OrderedJson& model) {
  std::string text = model.dump(2, ' ', false, OrderedJson::error_handler_t::replace);
  // These characters stand only inside strings in JSON text, so each can be escaped in place.
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '<') {
      out += "\\u003c";
    } else if (c == '>') {
      out += "\\u003e";
    } else if (c == '&') {
      out += "\\u0026";
    } else if (c == '\xe2' && i + 2 < text.size() && text[i + 1] == '\x80' &&
               (text[i + 2] == '\xa8' || text[i + 2] == '\xa9')) {
      out += text[i + 2] == '\xa8' ? "\\u2028" : "\\u2029";
      i += 2;
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace berth::compose
