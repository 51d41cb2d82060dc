#include "compose/project_reader.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "base/go_quote.hpp"
#include "compose/compose_error.hpp"
#include "compose/limits.hpp"
#include "compose/service_reader.hpp"
#include "compose/value_reader.hpp"

namespace berth::compose {
namespace {

// `external: true`, or the legacy `external: {name: x}`.
bool read_external(const Node& n, const std::string& p, std::string& name) {
  if (n.is_mapping()) {
    if (const Node* x = n.find("name")) name = read_string(*x, p + ".name");
    return true;
  }
  return read_bool(n, p);
}

NetworkConfig read_network(const std::string& key, const Node& n, const std::string& project) {
  std::string p = child_path("networks", key);
  NetworkConfig net;
  if (!n.is_null()) {
    expect_mapping(n, p);
    expect_keys(n, p,
                {"name", "driver", "driver_opts", "ipam", "external", "internal", "attachable",
                 "labels", "enable_ipv6", "enable_ipv4"});
    for (const auto& e : n.entries) {
      std::string ep = child_path(p, e.key);
      const Node& v = e.value;
      if (v.is_null()) continue;
      if (e.key == "name")
        net.name = read_string(v, ep);
      else if (e.key == "driver")
        net.driver = read_string(v, ep);
      else if (e.key == "driver_opts")
        net.driver_opts = read_string_map(v, ep);
      else if (e.key == "external")
        net.external = read_external(v, ep, net.name);
      else if (e.key == "internal")
        net.internal = read_bool(v, ep);
      else if (e.key == "attachable")
        net.attachable = read_bool(v, ep);
      else if (e.key == "labels")
        net.labels = read_string_map(v, ep);
      else if (e.key == "enable_ipv6")
        net.enable_ipv6 = read_bool(v, ep);
      else if (e.key == "ipam") {
        expect_mapping(v, ep);
        expect_keys(v, ep, {"driver", "config", "options"});
        net.has_ipam = true;
        if (const Node* d = v.find("driver")) net.ipam_driver = read_string(*d, ep + ".driver");
        if (const Node* c = v.find("config"); c != nullptr && !c->is_null()) {
          if (!c->is_sequence()) fail_at(*c, ep + ".config", "expected a list");
          for (size_t i = 0; i < c->items.size(); ++i) {
            const Node& pool = c->items[i];
            std::string pp = item_path(ep + ".config", i);
            expect_mapping(pool, pp);
            expect_keys(pool, pp, {"subnet", "gateway", "ip_range", "aux_addresses"});
            IpamPool out;
            for (const auto& f : pool.entries) {
              std::string fp = child_path(pp, f.key);
              if (f.key == "subnet")
                out.subnet = read_string(f.value, fp);
              else if (f.key == "gateway")
                out.gateway = read_string(f.value, fp);
              else if (f.key == "ip_range")
                out.ip_range = read_string(f.value, fp);
              else if (f.key == "aux_addresses")
                out.aux_addresses = read_string_map(f.value, fp);
            }
            net.ipam_config.push_back(std::move(out));
          }
        }
      }
    }
    if (net.external && (!net.driver.empty() || net.has_ipam || net.internal)) {
      fail_at(n, p, "an external network has no other attributes than name");
    }
  }
  if (net.name.empty()) net.name = net.external ? key : project + "_" + key;
  return net;
}

VolumeConfig read_volume(const std::string& key, const Node& n, const std::string& project) {
  std::string p = child_path("volumes", key);
  VolumeConfig vol;
  if (!n.is_null()) {
    expect_mapping(n, p);
    expect_keys(n, p, {"name", "driver", "driver_opts", "external", "labels"});
    for (const auto& e : n.entries) {
      std::string ep = child_path(p, e.key);
      const Node& v = e.value;
      if (v.is_null()) continue;
      if (e.key == "name")
        vol.name = read_string(v, ep);
      else if (e.key == "driver")
        vol.driver = read_string(v, ep);
      else if (e.key == "driver_opts")
        vol.driver_opts = read_string_map(v, ep);
      else if (e.key == "external")
        vol.external = read_external(v, ep, vol.name);
      else if (e.key == "labels")
        vol.labels = read_string_map(v, ep);
    }
  }
  if (vol.name.empty()) vol.name = vol.external ? key : project + "_" + key;
  return vol;
}

FileObjectConfig read_file_object(const std::string& kind, const std::string& key, const Node& n,
                                  const std::string& project) {
  std::string p = child_path(kind, key);
  FileObjectConfig obj;
  expect_mapping(n, p);
  if (kind == "configs") {
    expect_keys(n, p,
                {"name", "file", "environment", "content", "external", "labels", "driver",
                 "driver_opts", "template_driver"});
  } else {
    expect_keys(n, p,
                {"name", "file", "environment", "external", "labels", "driver", "driver_opts",
                 "template_driver"});
  }
  for (const auto& e : n.entries) {
    std::string ep = child_path(p, e.key);
    const Node& v = e.value;
    if (v.is_null()) continue;
    if (e.key == "name")
      obj.name = read_string(v, ep);
    else if (e.key == "file")
      obj.file = read_string(v, ep);
    else if (e.key == "environment")
      obj.environment = read_string(v, ep);
    else if (e.key == "content")
      obj.content = read_string(v, ep);
    else if (e.key == "external")
      obj.external = read_external(v, ep, obj.name);
    else if (e.key == "labels")
      obj.labels = read_string_map(v, ep);
  }
  int sources = !obj.file.empty() + !obj.environment.empty() + !obj.content.empty() + obj.external;
  if (sources != 1) {
    fail_at(n, p,
            kind == "configs" ? "exactly one of file, environment, content or external is needed"
                              : "exactly one of file, environment or external is needed");
  }
  if (obj.name.empty()) obj.name = obj.external ? key : project + "_" + key;
  return obj;
}

bool enabled(const ServiceConfig& s, const std::vector<std::string>& profiles) {
  if (s.profiles.empty()) return true;
  for (const auto& p : profiles) {
    if (p == "*" || std::find(s.profiles.begin(), s.profiles.end(), p) != s.profiles.end()) {
      return true;
    }
  }
  return false;
}

// The line of `key` under a service's `field` (a mapping or a list), for the checks across
// resources; the service's own line when not found.
struct Where {
  std::string file;
  int line = 0;
};

Where where_in(const Node& service, std::string_view field, std::string_view key) {
  Where w{service.file, service.line};
  const Node* f = service.find(field);
  if (f == nullptr) return w;
  w = {f->file, f->line};
  if (f->is_mapping()) {
    for (const auto& e : f->entries) {
      if (e.key == key) return {e.file(f->file), e.key_line};
    }
  }
  return w;
}

}  // namespace

Project read_project(const Node& root, const ProjectReadOptions& options) {
  Project project;
  project.name = options.name;
  if (root.is_null()) fail_at(root, "", "empty compose file");
  expect_mapping(root, "");
  expect_keys(root, "",
              {"version", "name", "include", "services", "networks", "volumes", "secrets",
               "configs", "models"});
  const Node* services = root.find("services");
  ServiceReadContext ctx{options.environment, {}};
  if (services != nullptr && !services->is_null()) {
    expect_mapping(*services, "services");
    if (services->entries.size() > kMaxServices) {
      fail_at(*services, "services", fmt::format("more than {} services", kMaxServices));
    }
    for (const auto& e : services->entries) ctx.service_names.insert(e.key);
  }
  auto read_map = [&](const char* kind, auto&& read_one) {
    const Node* objects = root.find(kind);
    if (objects == nullptr || objects->is_null()) return;
    expect_mapping(*objects, kind);
    for (const auto& e : objects->entries) read_one(e.key, e.value);
  };
  read_map("networks", [&](const std::string& k, const Node& v) {
    project.networks[k] = read_network(k, v, project.name);
  });
  read_map("volumes", [&](const std::string& k, const Node& v) {
    project.volumes[k] = read_volume(k, v, project.name);
  });
  read_map("secrets", [&](const std::string& k, const Node& v) {
    project.secrets[k] = read_file_object("secrets", k, v, project.name);
  });
  read_map("configs", [&](const std::string& k, const Node& v) {
    project.configs[k] = read_file_object("configs", k, v, project.name);
  });

  std::map<std::string, const Node*> service_nodes;
  if (services != nullptr && services->is_mapping()) {
    for (const auto& e : services->entries) {
      ServiceConfig s = read_service(e.key, e.value, ctx);
      service_nodes[e.key] = &e.value;
      if (enabled(s, options.profiles)) {
        project.services[e.key] = std::move(s);
      } else {
        project.disabled[e.key] = std::move(s);
      }
    }
  }

  bool uses_default = false;
  for (auto& [name, s] : project.services) {
    const Node& node = *service_nodes[name];
    std::string p = child_path("services", name);
    if (!s.depends_on.empty()) {
      Where w = where_in(node, "depends_on", "");
      project.depends_on_at[name] = SourceLocation{w.file, w.line};
    }
    for (auto it = s.depends_on.begin(); it != s.depends_on.end();) {
      if (project.disabled.count(it->first)) {
        if (it->second.required) {
          Where w = where_in(node, "depends_on", it->first);
          fail_at(w.file, w.line, p + ".depends_on",
                  fmt::format("service {} depends on {}, which no active profile enables",
                              go_quote(name), go_quote(it->first)));
        }
        it = s.depends_on.erase(it);
      } else {
        ++it;
      }
    }
    // links (SERVICE[:ALIAS]) and volumes_from (SERVICE[:MODE]) imply dependencies, as in compose.
    for (const char* key : {"links", "volumes_from"}) {
      auto it = s.other_attributes.find(key);
      if (it == s.other_attributes.end() || !it->second.is_array()) continue;
      for (const auto& item : it->second) {
        if (!item.is_string()) continue;
        std::string ref = item.get<std::string>();
        if (ref.starts_with("container:")) continue;
        std::string other = ref.substr(0, ref.find(':'));
        if (!project.services.count(other) && !project.disabled.count(other)) {
          Where w = where_in(node, key, "");
          fail_at(w.file, w.line, child_path(p, key),
                  fmt::format("service {} refers to undefined service {}", go_quote(name),
                              go_quote(other)));
        }
        bool restart = std::string(key) == "links";
        s.depends_on.emplace(other, ServiceDependency{kServiceStarted, restart, true});
      }
    }
    if (!s.network_mode.empty()) {
      if (!s.networks.empty()) {
        fail_at(node, p, "network_mode and networks cannot be combined");
      }
      if (s.network_mode.starts_with("service:")) {
        std::string other = s.network_mode.substr(8);
        if (!project.services.count(other)) {
          Where w = where_in(node, "network_mode", "");
          fail_at(w.file, w.line, p + ".network_mode",
                  fmt::format("service {} not found", go_quote(other)));
        }
        s.depends_on.emplace(other, ServiceDependency{kServiceStarted, true, true});
      }
    } else if (s.networks.empty()) {
      s.networks["default"] = ServiceNetwork{};
      uses_default = true;
    }
    for (const auto& [net, cfg] : s.networks) {
      if (net == "default") uses_default = true;
      if (net != "default" && !project.networks.count(net)) {
        Where w = where_in(node, "networks", net);
        fail_at(w.file, w.line, p + ".networks",
                fmt::format("service {} refers to undefined network {}", go_quote(name),
                            go_quote(net)));
      }
    }
    const Node* volumes = node.find("volumes");
    for (size_t i = 0; i < s.volumes.size(); ++i) {
      const VolumeMount& m = s.volumes[i];
      if (m.type != "volume" || m.source.empty() || project.volumes.count(m.source)) continue;
      const Node* at = &node;
      if (volumes != nullptr && volumes->is_sequence()) {
        for (size_t j = 0; j < volumes->items.size(); ++j) {
          const Node* src = volumes->items[j].find("source");
          if (src != nullptr && src->scalar == m.source) {
            at = &volumes->items[j];
            i = j;
            break;
          }
        }
      }
      fail_at(*at, item_path(p + ".volumes", i),
              fmt::format("service {} refers to undefined volume {}", go_quote(name),
                          go_quote(m.source)));
    }
    for (const char* kind : {"secrets", "configs"}) {
      const auto& refs = std::string(kind) == "secrets" ? s.secrets : s.configs;
      const auto& defined = std::string(kind) == "secrets" ? project.secrets : project.configs;
      for (size_t i = 0; i < refs.size(); ++i) {
        if (defined.count(refs[i].source)) continue;
        const Node* list = node.find(kind);
        const Node& at = list != nullptr && i < list->items.size() ? list->items[i] : node;
        fail_at(at, item_path(child_path(p, kind), i),
                fmt::format("service {} refers to undefined {} {}", go_quote(name),
                            std::string(kind).substr(0, std::string(kind).size() - 1),
                            go_quote(refs[i].source)));
      }
    }
    if (s.build) {
      for (size_t i = 0; i < s.build->secrets.size(); ++i) {
        if (project.secrets.count(s.build->secrets[i].source)) continue;
        fail_at(node, item_path(p + ".build.secrets", i),
                fmt::format("service {} refers to undefined secret {}", go_quote(name),
                            go_quote(s.build->secrets[i].source)));
      }
    }
  }
  if (uses_default && !project.networks.count("default")) {
    project.networks["default"] = NetworkConfig{.name = project.name + "_default"};
  }
  return project;
}

}  // namespace berth::compose
