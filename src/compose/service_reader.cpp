#include "compose/service_reader.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <functional>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "base/go_quote.hpp"
#include "compose/compose_error.hpp"
#include "compose/device_mappings.hpp"
#include "compose/dotenv.hpp"
#include "compose/extra_hosts.hpp"
#include "compose/value_reader.hpp"

namespace berth::compose {
namespace {

// Spec keys Berth reads but does not model yet: accepted, left out of the model.
constexpr std::string_view kAcceptedKeys[] = {"annotations",
                                              "attach",
                                              "blkio_config",
                                              "cgroup",
                                              "cgroup_parent",
                                              "cpu_count",
                                              "cpu_percent",
                                              "cpu_period",
                                              "cpu_quota",
                                              "cpu_rt_period",
                                              "cpu_rt_runtime",
                                              "cpu_shares",
                                              "cpus",
                                              "cpuset",
                                              "credential_spec",
                                              "develop",
                                              "device_cgroup_rules",
                                              "dns_opt",
                                              "dns_search",
                                              "external_links",
                                              "gpus",
                                              "group_add",
                                              "ipc",
                                              "isolation",
                                              "label_file",
                                              "links",
                                              "mac_address",
                                              "mem_reservation",
                                              "mem_swappiness",
                                              "memswap_limit",
                                              "models",
                                              "oom_kill_disable",
                                              "oom_score_adj",
                                              "pid",
                                              "pids_limit",
                                              "post_start",
                                              "pre_stop",
                                              "provider",
                                              "runtime",
                                              "security_opt",
                                              "storage_opt",
                                              "sysctls",
                                              "use_api_socket",
                                              "userns_mode",
                                              "uts",
                                              "volume_driver",
                                              "volumes_from"};

class ServiceReader {
 public:
  ServiceReader(const std::string& name, const ServiceReadContext& ctx)
      : ctx_(ctx), path_(child_path("services", name)) {
    s_.name = name;
  }

  ServiceConfig read(const Node& n) {
    if (n.is_null()) fail_at(n, path_, "a service needs at least an image or a build");
    expect_mapping(n, path_);
    for (const auto& e : n.entries) {
      if (e.value.tag == "!reset") continue;
      std::string p = child_path(path_, e.key);
      auto it = setters().find(e.key);
      if (it == setters().end()) {
        if (std::find(std::begin(kAcceptedKeys), std::end(kAcceptedKeys), e.key) !=
            std::end(kAcceptedKeys)) {
          s_.other_attributes[e.key] = node_json(e.value);
          continue;
        }
        fail_at(e.file(n.file), e.key_line, path_,
                fmt::format("additional property {} is not allowed", go_quote(e.key)));
      }
      if (e.value.is_null() && e.key != "environment") continue;
      it->second(*this, e.value, p);
    }
    if (s_.image.empty() && !s_.build) {
      fail_at(n, path_, "the service has neither an image nor a build context");
    }
    fold_env_files(n);
    return std::move(s_);
  }

 private:
  using Setter = std::function<void(ServiceReader&, const Node&, const std::string&)>;

  static const std::map<std::string, Setter, std::less<>>& setters() {
    using R = ServiceReader;
    static const std::map<std::string, Setter, std::less<>> kSetters = {
        {"build", [](R& r, const Node& n, const std::string& p) { r.read_build(n, p); }},
        {"cap_add", [](R& r, const Node& n,
                       const std::string& p) { r.s_.cap_add = read_string_list(n, p, false); }},
        {"cap_drop", [](R& r, const Node& n,
                        const std::string& p) { r.s_.cap_drop = read_string_list(n, p, false); }},
        {"command",
         [](R& r, const Node& n, const std::string& p) { r.s_.command = read_command(n, p); }},
        {"configs", [](R& r, const Node& n,
                       const std::string& p) { r.s_.configs = read_file_references(n, p); }},
        {"container_name",
         [](R& r, const Node& n, const std::string& p) {
           r.s_.container_name = read_string(n, p);
           if (!valid_container_name(r.s_.container_name)) {
             fail_at(n, p, fmt::format("invalid container name {}", go_quote(n.scalar)));
           }
         }},
        {"depends_on", [](R& r, const Node& n, const std::string& p) { r.read_depends_on(n, p); }},
        {"deploy", [](R& r, const Node& n, const std::string& p) { r.read_deploy(n, p); }},
        {"devices",  // kept for config only: the engine refuses them (other_attributes)
         [](R& r, const Node& n, const std::string& p) {
           r.s_.other_attributes["devices"] = read_device_mappings(n, p);
         }},
        {"dns", [](R& r, const Node& n,
                   const std::string& p) { r.s_.dns = read_string_list(n, p, true); }},
        {"domainname",
         [](R& r, const Node& n, const std::string& p) { r.s_.domainname = read_string(n, p); }},
        {"entrypoint",
         [](R& r, const Node& n, const std::string& p) { r.s_.entrypoint = read_command(n, p); }},
        {"env_file", [](R& r, const Node& n, const std::string& p) { r.read_env_file(n, p); }},
        {"environment",
         [](R& r, const Node& n, const std::string& p) { r.read_environment(n, p); }},
        {"expose", [](R& r, const Node& n, const std::string& p) { r.read_expose(n, p); }},
        {"extends", [](R&, const Node&, const std::string&) {}},  // applied by the loader
        {"extra_hosts", [](R& r, const Node& n,
                           const std::string& p) { r.s_.extra_hosts = read_extra_hosts(n, p); }},
        {"healthcheck",
         [](R& r, const Node& n, const std::string& p) { r.read_healthcheck(n, p); }},
        {"hostname",
         [](R& r, const Node& n, const std::string& p) { r.s_.hostname = read_string(n, p); }},
        {"image",
         [](R& r, const Node& n, const std::string& p) { r.s_.image = read_string(n, p); }},
        {"init", [](R& r, const Node& n, const std::string& p) { r.s_.init = read_bool(n, p); }},
        {"labels",
         [](R& r, const Node& n, const std::string& p) { r.s_.labels = read_string_map(n, p); }},
        {"logging", [](R& r, const Node& n, const std::string& p) { r.read_logging(n, p); }},
        {"mem_limit",
         [](R& r, const Node& n, const std::string& p) { r.s_.mem_limit = read_bytes(n, p); }},
        {"network_mode",
         [](R& r, const Node& n, const std::string& p) { r.s_.network_mode = read_string(n, p); }},
        {"networks", [](R& r, const Node& n, const std::string& p) { r.read_networks(n, p); }},
        {"platform",
         [](R& r, const Node& n, const std::string& p) { r.s_.platform = read_string(n, p); }},
        {"ports", [](R& r, const Node& n, const std::string& p) { r.read_ports(n, p); }},
        {"privileged",
         [](R& r, const Node& n, const std::string& p) { r.s_.privileged = read_bool(n, p); }},
        {"profiles", [](R& r, const Node& n,
                        const std::string& p) { r.s_.profiles = read_string_list(n, p, false); }},
        {"pull_policy",
         [](R& r, const Node& n, const std::string& p) { r.read_pull_policy(n, p); }},
        {"read_only",
         [](R& r, const Node& n, const std::string& p) { r.s_.read_only = read_bool(n, p); }},
        {"restart", [](R& r, const Node& n, const std::string& p) { r.read_restart(n, p); }},
        {"scale",
         [](R& r, const Node& n,
            const std::string& p) { r.s_.scale = static_cast<int>(read_int(n, p, 0, 1000)); }},
        {"secrets", [](R& r, const Node& n,
                       const std::string& p) { r.s_.secrets = read_file_references(n, p); }},
        {"shm_size",
         [](R& r, const Node& n, const std::string& p) { r.s_.shm_size = read_bytes(n, p); }},
        {"stdin_open",
         [](R& r, const Node& n, const std::string& p) { r.s_.stdin_open = read_bool(n, p); }},
        {"stop_grace_period",
         [](R& r, const Node& n,
            const std::string& p) { r.s_.stop_grace_period = read_duration(n, p); }},
        {"stop_signal",
         [](R& r, const Node& n, const std::string& p) { r.s_.stop_signal = read_string(n, p); }},
        {"tmpfs", [](R& r, const Node& n,
                     const std::string& p) { r.s_.tmpfs = read_string_list(n, p, true); }},
        {"tty", [](R& r, const Node& n, const std::string& p) { r.s_.tty = read_bool(n, p); }},
        {"ulimits", [](R& r, const Node& n, const std::string& p) { r.read_ulimits(n, p); }},
        {"user", [](R& r, const Node& n, const std::string& p) { r.s_.user = read_string(n, p); }},
        {"volumes", [](R& r, const Node& n, const std::string& p) { r.read_volumes(n, p); }},
        {"working_dir",
         [](R& r, const Node& n, const std::string& p) { r.s_.working_dir = read_string(n, p); }},
    };
    return kSetters;
  }

  static bool valid_container_name(const std::string& name) {
    if (name.empty() || !std::isalnum(static_cast<unsigned char>(name[0]))) return false;
    return std::all_of(name.begin(), name.end(), [](char c) {
      return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == '-';
    });
  }

  // environment values: null ones are looked up in the project's environment.
  std::map<std::string, std::optional<std::string>> resolved_mapping(const Node& n,
                                                                     const std::string& p,
                                                                     bool keep_unset) {
    std::map<std::string, std::optional<std::string>> out;
    if (n.is_null()) return out;
    expect_mapping(n, p);
    for (const auto& e : n.entries) {
      if (e.value.tag == "!reset") continue;
      if (e.value.is_null()) {
        auto v = ctx_.environment(e.key);
        if (v || keep_unset) out[e.key] = v;
        continue;
      }
      out[e.key] = read_string(e.value, child_path(p, e.key));
    }
    return out;
  }

  void read_environment(const Node& n, const std::string& p) {
    s_.environment = resolved_mapping(n, p, true);
  }

  void read_build(const Node& n, const std::string& p) {
    expect_mapping(n, p);
    expect_keys(n, p,
                {"context",
                 "dockerfile",
                 "dockerfile_inline",
                 "args",
                 "ssh",
                 "cache_from",
                 "cache_to",
                 "extra_hosts",
                 "isolation",
                 "labels",
                 "network",
                 "target",
                 "shm_size",
                 "secrets",
                 "tags",
                 "platforms",
                 "privileged",
                 "pull",
                 "no_cache",
                 "no_cache_filter",
                 "additional_contexts",
                 "entitlements",
                 "ulimits",
                 "provenance",
                 "sbom"});
    BuildConfig b;
    for (const auto& e : n.entries) {
      std::string ep = child_path(p, e.key);
      const Node& v = e.value;
      if (v.is_null() || v.tag == "!reset") continue;
      if (e.key == "context")
        b.context = read_string(v, ep);
      else if (e.key == "dockerfile")
        b.dockerfile = read_string(v, ep);
      else if (e.key == "dockerfile_inline")
        b.dockerfile_inline = read_string(v, ep);
      else if (e.key == "args")
        b.args = resolved_mapping(v, ep, false);
      else if (e.key == "labels")
        b.labels = read_string_map(v, ep);
      else if (e.key == "target")
        b.target = read_string(v, ep);
      else if (e.key == "secrets")
        b.secrets = read_file_references(v, ep);
      else if (e.key == "cache_from")
        b.cache_from = read_string_list(v, ep, false);
      else if (e.key == "network")
        b.network = read_string(v, ep);
      else if (e.key == "tags")
        b.tags = read_string_list(v, ep, false);
      else if (e.key == "pull")
        b.pull = read_bool(v, ep);
      else if (e.key == "no_cache")
        b.no_cache = read_bool(v, ep);
    }
    if (!b.dockerfile.empty() && !b.dockerfile_inline.empty()) {
      fail_at(n, p, "dockerfile and dockerfile_inline are mutually exclusive");
    }
    if (b.dockerfile.empty() && b.dockerfile_inline.empty()) b.dockerfile = "Dockerfile";
    s_.build = std::move(b);
  }

  static std::vector<FileReference> read_file_references(const Node& n, const std::string& p) {
    if (!n.is_sequence()) fail_at(n, p, fmt::format("expected a list, got {}", kind_name(n)));
    std::vector<FileReference> out;
    std::unordered_map<std::string, size_t> index;
    for (size_t i = 0; i < n.items.size(); ++i) {
      const Node& item = n.items[i];
      std::string ip = item_path(p, i);
      FileReference ref;
      if (item.is_scalar()) {
        ref.source = item.scalar;
      } else {
        expect_mapping(item, ip);
        expect_keys(item, ip, {"source", "target", "uid", "gid", "mode"});
        for (const auto& e : item.entries) {
          std::string ep = child_path(ip, e.key);
          if (e.key == "source")
            ref.source = read_string(e.value, ep);
          else if (e.key == "target")
            ref.target = read_string(e.value, ep);
          else if (e.key == "uid")
            ref.uid = read_string(e.value, ep);
          else if (e.key == "gid")
            ref.gid = read_string(e.value, ep);
          else if (e.key == "mode")
            ref.mode = read_mode(e.value, ep);
        }
        if (ref.source.empty()) fail_at(item, ip, "source is required");
      }
      // Unique by target (or source): a later file's entry replaces an earlier one.
      std::string key = ref.target.empty() ? ref.source : ref.target;
      auto [at, inserted] = index.emplace(key, out.size());
      if (inserted) {
        out.push_back(std::move(ref));
      } else {
        out[at->second] = std::move(ref);
      }
    }
    return out;
  }

  static int64_t read_mode(const Node& n, const std::string& p) {
    if (!n.is_scalar()) fail_at(n, p, fmt::format("expected a file mode, got {}", kind_name(n)));
    std::string s = n.scalar;
    int base = 10;
    if (s.starts_with("0o")) {
      s = s.substr(2);
      base = 8;
    } else if (s.size() > 1 && s.starts_with('0')) {
      base = 8;
    }
    char* end = nullptr;
    long v = std::strtol(s.c_str(), &end, base);
    if (s.empty() || *end != '\0' || v < 0 || v > 07777) {
      fail_at(n, p, fmt::format("invalid file mode {}", go_quote(n.scalar)));
    }
    return v;
  }

  void read_depends_on(const Node& n, const std::string& p) {
    expect_mapping(n, p);
    for (const auto& e : n.entries) {
      std::string ep = child_path(p, e.key);
      if (e.value.tag == "!reset") continue;
      ServiceDependency d;
      if (!e.value.is_null()) {
        expect_mapping(e.value, ep);
        expect_keys(e.value, ep, {"condition", "restart", "required"});
        for (const auto& f : e.value.entries) {
          std::string fp = child_path(ep, f.key);
          if (f.key == "condition") {
            d.condition = read_string(f.value, fp);
            if (d.condition != kServiceStarted && d.condition != kServiceHealthy &&
                d.condition != kServiceCompletedSuccessfully) {
              fail_at(f.value, fp,
                      fmt::format("{} is not one of service_started, service_healthy, "
                                  "service_completed_successfully",
                                  go_quote(d.condition)));
            }
          } else if (f.key == "restart") {
            d.restart = read_bool(f.value, fp);
          } else if (f.key == "required") {
            d.required = read_bool(f.value, fp);
          }
        }
      }
      if (e.key == s_.name) {
        fail_at(e.file(n.file), e.key_line, p,
                fmt::format("service {} depends on itself", go_quote(e.key)));
      }
      if (!ctx_.service_names.count(e.key)) {
        fail_at(e.file(n.file), e.key_line, p,
                fmt::format("service {} depends on undefined service {}", go_quote(s_.name),
                            go_quote(e.key)));
      }
      s_.depends_on[e.key] = d;
    }
  }

  static void read_limits(const Node& n, const std::string& p, ResourceLimits& out) {
    expect_mapping(n, p);
    expect_keys(n, p, {"cpus", "memory", "pids", "devices", "generic_resources"});
    for (const auto& e : n.entries) {
      std::string ep = child_path(p, e.key);
      if (e.value.is_null()) continue;
      if (e.key == "cpus")
        out.cpus = read_number(e.value, ep);
      else if (e.key == "memory")
        out.memory = read_bytes(e.value, ep);
      else if (e.key == "pids")
        out.pids = read_int(e.value, ep, -1, INT64_MAX / 2);
      else
        out.other_attributes[e.key] = node_json(e.value);
    }
  }

  void read_deploy(const Node& n, const std::string& p) {
    expect_mapping(n, p);
    expect_keys(n, p,
                {"mode", "replicas", "labels", "resources", "restart_policy", "placement",
                 "update_config", "rollback_config", "endpoint_mode"});
    DeployConfig d;
    for (const auto& e : n.entries) {
      std::string ep = child_path(p, e.key);
      if (e.value.is_null()) continue;
      if (e.key == "mode")
        d.mode = read_string(e.value, ep);
      else if (e.key == "replicas")
        d.replicas = static_cast<int>(read_int(e.value, ep, 0, 1000));
      else if (e.key == "labels")
        d.labels = read_string_map(e.value, ep);
      else if (e.key != "resources")
        d.other_attributes[e.key] = node_json(e.value);
      else {
        expect_mapping(e.value, ep);
        expect_keys(e.value, ep, {"limits", "reservations"});
        if (const Node* l = e.value.find("limits"); l != nullptr && !l->is_null()) {
          read_limits(*l, ep + ".limits", d.limits);
        }
        if (const Node* r = e.value.find("reservations"); r != nullptr && !r->is_null()) {
          read_limits(*r, ep + ".reservations", d.reservations);
        }
      }
    }
    s_.deploy = std::move(d);
  }

  void read_env_file(const Node& n, const std::string& p) {
    if (!n.is_sequence()) fail_at(n, p, fmt::format("expected a list, got {}", kind_name(n)));
    for (size_t i = 0; i < n.items.size(); ++i) {
      const Node& item = n.items[i];
      std::string ip = item_path(p, i);
      EnvFileRef ref;
      if (item.is_scalar()) {
        ref.path = item.scalar;
      } else {
        expect_mapping(item, ip);
        expect_keys(item, ip, {"path", "required", "format"});
        const Node* path = item.find("path");
        if (path == nullptr) fail_at(item, ip, "path is required");
        ref.path = read_string(*path, ip + ".path");
        if (const Node* r = item.find("required")) ref.required = read_bool(*r, ip + ".required");
      }
      env_file_nodes_.push_back(&item);
      s_.env_files.push_back(std::move(ref));
    }
  }

  // env_file values join the environment; `environment:` wins over them.
  void fold_env_files(const Node&) {
    std::map<std::string, std::optional<std::string>> from_files;
    for (size_t i = 0; i < s_.env_files.size(); ++i) {
      const EnvFileRef& ref = s_.env_files[i];
      std::error_code ec;
      if (!std::filesystem::is_regular_file(ref.path, ec)) {
        if (!ref.required) continue;
        const Node& at = *env_file_nodes_[i];
        fail_at(at, item_path(child_path(path_, "env_file"), i),
                fmt::format("env file {} not found", ref.path));
      }
      for (auto& [k, v] : read_dotenv(ref.path, ref.path, ctx_.environment)) from_files[k] = v;
    }
    for (auto& [k, v] : from_files) s_.environment.emplace(k, v);
  }

  void read_expose(const Node& n, const std::string& p) {
    if (!n.is_sequence()) fail_at(n, p, fmt::format("expected a list, got {}", kind_name(n)));
    std::unordered_set<std::string> exposed(s_.expose.begin(), s_.expose.end());
    for (size_t i = 0; i < n.items.size(); ++i) {
      std::string v = read_string(n.items[i], item_path(p, i));
      if (!parse_port_spec(v) || v.find(':') != std::string::npos) {
        fail_at(n.items[i], item_path(p, i), fmt::format("invalid port {}", go_quote(v)));
      }
      if (exposed.insert(v).second) s_.expose.push_back(v);
    }
  }

  void read_healthcheck(const Node& n, const std::string& p) {
    expect_mapping(n, p);
    expect_keys(
        n, p,
        {"test", "interval", "timeout", "retries", "start_period", "start_interval", "disable"});
    HealthcheckConfig h;
    for (const auto& e : n.entries) {
      std::string ep = child_path(p, e.key);
      const Node& v = e.value;
      if (v.is_null()) continue;
      if (e.key == "test") {
        if (v.is_scalar()) {
          h.test = {"CMD-SHELL", v.scalar};
        } else {
          h.test = read_string_list(v, ep, false);
          if (h.test.empty() ||
              (h.test[0] != "CMD" && h.test[0] != "CMD-SHELL" && h.test[0] != "NONE")) {
            fail_at(v, ep, "a test list starts with CMD, CMD-SHELL or NONE");
          }
        }
      } else if (e.key == "interval")
        h.interval = read_duration(v, ep);
      else if (e.key == "timeout")
        h.timeout = read_duration(v, ep);
      else if (e.key == "start_period")
        h.start_period = read_duration(v, ep);
      else if (e.key == "start_interval")
        h.start_interval = read_duration(v, ep);
      else if (e.key == "retries")
        h.retries = static_cast<uint64_t>(read_int(v, ep, 0, INT32_MAX));
      else if (e.key == "disable")
        h.disable = read_bool(v, ep);
    }
    if (h.disable && !h.test.empty() && h.test[0] != "NONE") {
      fail_at(n, p, "test and disable: true conflict");
    }
    s_.healthcheck = std::move(h);
  }

  void read_logging(const Node& n, const std::string& p) {
    expect_mapping(n, p);
    expect_keys(n, p, {"driver", "options"});
    LoggingConfig l;
    if (const Node* d = n.find("driver"); d != nullptr && !d->is_null()) {
      l.driver = read_string(*d, p + ".driver");
    }
    if (const Node* o = n.find("options"); o != nullptr && !o->is_null()) {
      l.options = read_string_map(*o, p + ".options");
    }
    s_.logging = std::move(l);
  }

  void read_networks(const Node& n, const std::string& p) {
    expect_mapping(n, p);
    for (const auto& e : n.entries) {
      std::string ep = child_path(p, e.key);
      ServiceNetwork net;
      if (!e.value.is_null()) {
        expect_mapping(e.value, ep);
        expect_keys(e.value, ep,
                    {"aliases", "ipv4_address", "ipv6_address", "priority", "link_local_ips",
                     "mac_address", "driver_opts", "gw_priority", "interface_name"});
        for (const auto& f : e.value.entries) {
          std::string fp = child_path(ep, f.key);
          if (f.value.is_null()) continue;
          if (f.key == "aliases") {
            std::unordered_set<std::string> seen;
            for (auto& a : read_string_list(f.value, fp, false)) {
              if (seen.insert(a).second) net.aliases.push_back(a);
            }
          } else if (f.key == "ipv4_address")
            net.ipv4_address = read_string(f.value, fp);
          else if (f.key == "ipv6_address")
            net.ipv6_address = read_string(f.value, fp);
          else if (f.key == "priority")
            net.priority = static_cast<int>(read_int(f.value, fp, -1000000, 1000000));
        }
      }
      s_.networks[e.key] = std::move(net);
      network_lines_[e.key] = e.key_line;
    }
  }

  void read_ports(const Node& n, const std::string& p) {
    if (!n.is_sequence()) fail_at(n, p, fmt::format("expected a list, got {}", kind_name(n)));
    for (size_t i = 0; i < n.items.size(); ++i) {
      const Node& item = n.items[i];
      std::string ip = item_path(p, i);
      std::vector<PortConfig> ports;
      if (item.is_scalar()) {
        auto parsed = parse_port_spec(item.scalar);
        if (!parsed) fail_at(item, ip, fmt::format("invalid port {}", go_quote(item.scalar)));
        ports = std::move(*parsed);
      } else {
        expect_mapping(item, ip);
        expect_keys(item, ip,
                    {"name", "mode", "host_ip", "target", "published", "protocol", "app_protocol"});
        PortConfig port;
        const Node* target = item.find("target");
        if (target == nullptr) fail_at(item, ip, "target is required");
        port.target = static_cast<uint32_t>(read_int(*target, ip + ".target", 1, 65535));
        for (const auto& e : item.entries) {
          std::string ep = child_path(ip, e.key);
          if (e.value.is_null()) continue;
          if (e.key == "published") {
            port.published = read_string(e.value, ep);
            std::string spec = port.published + ":" + std::to_string(port.target);
            if (!parse_port_spec(spec)) {
              fail_at(e.value, ep,
                      fmt::format("invalid published port {}", go_quote(port.published)));
            }
          } else if (e.key == "host_ip")
            port.host_ip = read_string(e.value, ep);
          else if (e.key == "protocol")
            port.protocol = read_string(e.value, ep);
          else if (e.key == "mode")
            port.mode = read_string(e.value, ep);
          else if (e.key == "name")
            port.name = read_string(e.value, ep);
          else if (e.key == "app_protocol")
            port.app_protocol = read_string(e.value, ep);
        }
        if (port.mode != "ingress" && port.mode != "host") {
          fail_at(item, ip + ".mode",
                  fmt::format("{} is not one of ingress, host", go_quote(port.mode)));
        }
        ports.push_back(std::move(port));
      }
      if (ports.size() > ctx_.ports_left) {
        fail_at(item, ip, fmt::format("the project publishes more than {} ports", kMaxPorts));
      }
      ctx_.ports_left -= ports.size();
      for (auto& port : ports) {
        // Unique by {ip, target, published, protocol}: a repeat (from another file) is dropped.
        auto key = port.host_ip + "|" + std::to_string(port.target) + "|" + port.published + "|" +
                   port.protocol;
        if (port_keys_.insert(std::move(key)).second) s_.ports.push_back(std::move(port));
      }
    }
  }

  void read_pull_policy(const Node& n, const std::string& p) {
    std::string v = read_string(n, p);
    if (v == "if_not_present") v = "missing";
    bool every = v.starts_with("every_");
    if (v != "always" && v != "never" && v != "missing" && v != "build" && v != "daily" &&
        v != "weekly" && v != "refresh" && !every) {
      fail_at(n, p,
              fmt::format("{} is not one of always, never, missing, build, daily, weekly, "
                          "every_<duration>",
                          go_quote(v)));
    }
    s_.pull_policy = v;
  }

  void read_restart(const Node& n, const std::string& p) {
    std::string v = read_string(n, p);
    bool ok = v == "no" || v == "always" || v == "unless-stopped" || v == "on-failure";
    if (!ok && v.starts_with("on-failure:")) {
      std::string count = v.substr(11);
      ok = !count.empty() && count.size() < 10 &&
           std::all_of(count.begin(), count.end(), [](char c) { return c >= '0' && c <= '9'; });
    }
    if (!ok) {
      fail_at(n, p,
              fmt::format("invalid restart policy {} (no, always, on-failure[:N], "
                          "unless-stopped)",
                          go_quote(v)));
    }
    s_.restart = v;
  }

  void read_ulimits(const Node& n, const std::string& p) {
    expect_mapping(n, p);
    for (const auto& e : n.entries) {
      std::string ep = child_path(p, e.key);
      Ulimit u;
      if (e.value.is_scalar()) {
        u.is_single = true;
        u.single = read_int(e.value, ep, -1, INT64_MAX / 2);
      } else {
        expect_mapping(e.value, ep);
        expect_keys(e.value, ep, {"soft", "hard"});
        const Node* soft = e.value.find("soft");
        const Node* hard = e.value.find("hard");
        if (soft == nullptr || hard == nullptr) fail_at(e.value, ep, "soft and hard are required");
        u.soft = read_int(*soft, ep + ".soft", -1, INT64_MAX / 2);
        u.hard = read_int(*hard, ep + ".hard", -1, INT64_MAX / 2);
        if (u.hard >= 0 && (u.soft > u.hard || u.soft < 0)) {
          fail_at(e.value, ep,
                  fmt::format("soft limit {} is above the hard limit {}", u.soft, u.hard));
        }
      }
      s_.ulimits[e.key] = u;
    }
  }

  void read_volumes(const Node& n, const std::string& p) {
    if (!n.is_sequence()) fail_at(n, p, fmt::format("expected a list, got {}", kind_name(n)));
    for (size_t i = 0; i < n.items.size(); ++i) {
      const Node& item = n.items[i];
      std::string ip = item_path(p, i);
      expect_mapping(item, ip);
      expect_keys(item, ip,
                  {"type", "source", "target", "read_only", "consistency", "bind", "volume",
                   "tmpfs", "image"});
      VolumeMount m;
      const Node* type = item.find("type");
      if (type == nullptr) fail_at(item, ip, "type is required");
      m.type = read_string(*type, ip + ".type");
      if (m.type != "volume" && m.type != "bind" && m.type != "tmpfs" && m.type != "npipe" &&
          m.type != "cluster" && m.type != "image") {
        fail_at(*type, ip + ".type",
                fmt::format("{} is not one of volume, bind, tmpfs", go_quote(m.type)));
      }
      const Node* target = item.find("target");
      if (target == nullptr) fail_at(item, ip, "target is required");
      m.target = std::filesystem::path(read_string(*target, ip + ".target")).lexically_normal();
      while (m.target.size() > 1 && m.target.back() == '/') m.target.pop_back();
      for (const auto& e : item.entries) {
        std::string ep = child_path(ip, e.key);
        const Node& v = e.value;
        if (v.is_null()) continue;
        if (e.key == "source")
          m.source = read_string(v, ep);
        else if (e.key == "read_only")
          m.read_only = read_bool(v, ep);
        else if (e.key == "consistency")
          m.consistency = read_string(v, ep);
        else if (e.key == "bind") {
          expect_mapping(v, ep);
          expect_keys(v, ep, {"propagation", "create_host_path", "selinux", "recursive"});
          m.has_bind = true;
          for (const auto& f : v.entries) {
            std::string fp = child_path(ep, f.key);
            if (f.key == "propagation")
              m.bind_propagation = read_string(f.value, fp);
            else if (f.key == "create_host_path")
              m.bind_create_host_path = read_bool(f.value, fp);
            else if (f.key == "selinux")
              m.bind_selinux = read_string(f.value, fp);
          }
        } else if (e.key == "volume") {
          expect_mapping(v, ep);
          expect_keys(v, ep, {"nocopy", "subpath", "labels"});
          m.has_volume = true;
          for (const auto& f : v.entries) {
            std::string fp = child_path(ep, f.key);
            if (f.key == "nocopy")
              m.volume_nocopy = read_bool(f.value, fp);
            else if (f.key == "subpath")
              m.volume_subpath = read_string(f.value, fp);
          }
        } else if (e.key == "tmpfs") {
          expect_mapping(v, ep);
          expect_keys(v, ep, {"size", "mode"});
          m.has_tmpfs = true;
          if (const Node* s = v.find("size")) m.tmpfs_size = read_bytes(*s, ep + ".size");
          if (const Node* md = v.find("mode")) {
            m.tmpfs_mode = static_cast<uint32_t>(read_mode(*md, ep + ".mode"));
          }
        }
      }
      if (m.type == "bind" && m.source.empty()) fail_at(item, ip, "a bind mount needs a source");
      if (m.type == "tmpfs" && !m.source.empty()) fail_at(item, ip, "a tmpfs mount has no source");
      if (m.type == "volume" && !m.has_volume) m.has_volume = true;
      // Unique by target: a later file's mount replaces an earlier one.
      auto [at, inserted] = volume_targets_.emplace(m.target, s_.volumes.size());
      if (inserted) {
        s_.volumes.push_back(std::move(m));
      } else {
        s_.volumes[at->second] = std::move(m);
      }
      volume_nodes_.push_back(&item);
    }
  }

  const ServiceReadContext& ctx_;
  std::string path_;
  ServiceConfig s_;
  std::vector<const Node*> env_file_nodes_;
  std::vector<const Node*> volume_nodes_;
  std::map<std::string, int> network_lines_;
  std::set<std::string> port_keys_;
  std::unordered_map<std::string, size_t> volume_targets_;
};

}  // namespace

ServiceConfig read_service(const std::string& name, const Node& node,
                           const ServiceReadContext& ctx) {
  return ServiceReader(name, ctx).read(node);
}

}  // namespace berth::compose
