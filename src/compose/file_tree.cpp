#include "compose/file_tree.hpp"

#include <fmt/format.h>

#include <filesystem>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "base/go_quote.hpp"
#include "compose/compose_error.hpp"
#include "compose/extra_hosts.hpp"
#include "compose/volume_mount.hpp"

namespace berth::compose {
namespace {

bool is_url(const std::string& s) {
  return s.starts_with("http://") || s.starts_with("https://") || s.starts_with("git://") ||
         s.starts_with("git@") || s.starts_with("github.com/") || s.starts_with("ssh://") ||
         s.find("://") != std::string::npos;
}

void drop_extensions(Node& n) {
  if (n.is_mapping()) {
    std::erase_if(n.entries, [](const NodeEntry& e) { return e.key.starts_with("x-"); });
    for (auto& e : n.entries) drop_extensions(e.value);
  } else if (n.is_sequence()) {
    for (auto& item : n.items) drop_extensions(item);
  }
}

// ["A=1", "B"] → {A: "1", B: null}; a mapping is kept. `separator` is '=' (environment,
// labels, args) or ':' (nothing here yet).
void list_to_mapping(Node& n, const std::string& path) {
  if (!n.is_sequence()) return;
  Node map = Node::make_mapping(n.file, n.line);
  std::unordered_map<std::string, size_t> index;
  for (size_t i = 0; i < n.items.size(); ++i) {
    const Node& item = n.items[i];
    if (!item.is_scalar()) {
      fail_at(item, item_path(path, i),
              fmt::format("expected a string KEY=VALUE, got {}", kind_name(item)));
    }
    auto eq = item.scalar.find('=');
    std::string key = item.scalar.substr(0, eq);
    Node value;
    value.file = item.file;
    value.line = item.line;
    if (eq != std::string::npos) {
      value = Node::make_scalar(item.scalar.substr(eq + 1), item.file, item.line);
      value.quoted = true;
    }
    auto [at, inserted] = index.emplace(key, map.entries.size());
    if (inserted) {
      map.entries.push_back(NodeEntry{key, item.line, std::move(value)});
    } else {
      map.entries[at->second].value = std::move(value);
    }
  }
  map.tag = n.tag;  // !override and !reset stay on the value
  n = std::move(map);
}

// depends_on: [db] and networks: [front] → {db: {}} / {front: null}.
void names_to_mapping(Node& n, const std::string& path, bool empty_map_value) {
  if (!n.is_sequence()) return;
  Node map = Node::make_mapping(n.file, n.line);
  std::unordered_set<std::string> names;
  for (size_t i = 0; i < n.items.size(); ++i) {
    const Node& item = n.items[i];
    if (!item.is_scalar()) {
      fail_at(item, item_path(path, i),
              fmt::format("expected a service or network name, got {}", kind_name(item)));
    }
    Node value = empty_map_value ? Node::make_mapping(item.file, item.line) : Node{};
    value.file = item.file;
    value.line = item.line;
    if (!names.insert(item.scalar).second) {
      fail_at(item, item_path(path, i), fmt::format("{} is listed twice", go_quote(item.scalar)));
    }
    map.entries.push_back(NodeEntry{item.scalar, item.line, std::move(value)});
  }
  map.tag = n.tag;  // !override and !reset stay on the value
  n = std::move(map);
}

Node scalar_like(const Node& at, std::string text) {
  Node n = Node::make_scalar(std::move(text), at.file, at.line);
  n.quoted = true;
  return n;
}

Node bool_like(const Node& at, bool value) {
  return Node::make_scalar(value ? "true" : "false", at.file, at.line);
}

void canonicalize_volume(Node& v, const std::string& path, const std::string& base_dir,
                         const std::string& home) {
  if (v.is_scalar()) {
    auto parsed = parse_volume_spec(v.scalar);
    if (!parsed.mount) fail_at(v, path, parsed.error);
    const VolumeMount& m = *parsed.mount;
    Node long_form = Node::make_mapping(v.file, v.line);
    long_form.set("type", scalar_like(v, m.type));
    if (!m.source.empty()) long_form.set("source", scalar_like(v, m.source));
    long_form.set("target", scalar_like(v, m.target));
    if (m.read_only) long_form.set("read_only", bool_like(v, true));
    if (!m.consistency.empty()) long_form.set("consistency", scalar_like(v, m.consistency));
    if (m.type == "bind") {
      Node bind = Node::make_mapping(v.file, v.line);
      if (!m.bind_propagation.empty()) bind.set("propagation", scalar_like(v, m.bind_propagation));
      bind.set("create_host_path", bool_like(v, true));
      if (!m.bind_selinux.empty()) bind.set("selinux", scalar_like(v, m.bind_selinux));
      long_form.set("bind", std::move(bind));
    } else {
      Node volume = Node::make_mapping(v.file, v.line);
      if (m.volume_nocopy) volume.set("nocopy", bool_like(v, true));
      long_form.set("volume", std::move(volume));
    }
    long_form.tag = v.tag;
    v = std::move(long_form);
  }
  if (!v.is_mapping()) return;  // the reader reports the kind
  Node* type = v.find("type");
  Node* source = v.find("source");
  if (type != nullptr && type->is_scalar() && type->scalar == "bind" && source != nullptr &&
      source->is_scalar()) {
    source->scalar = resolve_path(source->scalar, base_dir, home);
  }
}

void canonicalize_service(Node& s, const std::string& path, const std::string& base_dir,
                          const std::string& home) {
  if (!s.is_mapping()) return;
  if (Node* build = s.find("build")) {
    if (build->is_scalar()) {
      Node map = Node::make_mapping(build->file, build->line);
      map.tag = std::exchange(build->tag, "");
      map.set("context", *build);
      *build = std::move(map);
    }
    if (build->is_mapping()) {
      Node* context = build->find("context");
      if (context == nullptr) {
        build->set("context", scalar_like(*build, base_dir));
      } else if (context->is_scalar() && !is_url(context->scalar)) {
        context->scalar = resolve_path(context->scalar, base_dir, home);
      }
      if (Node* args = build->find("args")) list_to_mapping(*args, path + ".build.args");
      if (Node* labels = build->find("labels")) list_to_mapping(*labels, path + ".build.labels");
    }
  }
  for (const char* key : {"environment", "labels", "sysctls", "annotations"}) {
    if (Node* n = s.find(key)) list_to_mapping(*n, child_path(path, key));
  }
  if (Node* deploy = s.find("deploy"); deploy != nullptr && deploy->is_mapping()) {
    if (Node* labels = deploy->find("labels")) list_to_mapping(*labels, path + ".deploy.labels");
  }
  // As compose-go merges them: the mapping form as a list, so files append rather than merge.
  if (Node* hosts = s.find("extra_hosts")) {
    extra_hosts_mapping_to_list(*hosts, child_path(path, "extra_hosts"));
  }
  if (Node* d = s.find("depends_on")) names_to_mapping(*d, path + ".depends_on", true);
  if (Node* n = s.find("networks")) names_to_mapping(*n, path + ".networks", false);
  if (Node* env_file = s.find("env_file")) {
    if (env_file->is_scalar()) {
      Node list = Node::make_sequence(env_file->file, env_file->line);
      list.tag = std::exchange(env_file->tag, "");
      list.items.push_back(*env_file);
      *env_file = std::move(list);
    }
    if (env_file->is_sequence()) {
      for (auto& item : env_file->items) {
        if (item.is_scalar()) {
          item.scalar = resolve_path(item.scalar, base_dir, home);
        } else if (item.is_mapping()) {
          if (Node* p = item.find("path"); p != nullptr && p->is_scalar()) {
            p->scalar = resolve_path(p->scalar, base_dir, home);
          }
        }
      }
    }
  }
  if (Node* volumes = s.find("volumes"); volumes != nullptr && volumes->is_sequence()) {
    for (size_t i = 0; i < volumes->items.size(); ++i) {
      canonicalize_volume(volumes->items[i], item_path(path + ".volumes", i), base_dir, home);
    }
  }
  if (Node* extends = s.find("extends"); extends != nullptr && extends->is_mapping()) {
    if (Node* file = extends->find("file"); file != nullptr && file->is_scalar()) {
      file->scalar = resolve_path(file->scalar, base_dir, home);
    }
  }
}

}  // namespace

std::string resolve_path(const std::string& path, const std::string& base_dir,
                         const std::string& home) {
  std::filesystem::path p;
  if (path == "~" || path.starts_with("~/")) {
    p = std::filesystem::path(home) / path.substr(path.size() > 1 ? 2 : 1);
  } else {
    p = path;
  }
  if (p.is_relative()) p = std::filesystem::path(base_dir) / p;
  std::string out = p.lexically_normal().string();
  while (out.size() > 1 && out.back() == '/') out.pop_back();
  return out;
}

void canonicalize_file_tree(Node& root, const std::string& base_dir, const std::string& home) {
  drop_extensions(root);
  if (!root.is_mapping()) return;
  if (Node* services = root.find("services"); services != nullptr && services->is_mapping()) {
    for (auto& e : services->entries) {
      canonicalize_service(e.value, child_path("services", e.key), base_dir, home);
    }
  }
  for (const char* kind : {"secrets", "configs"}) {
    Node* objects = root.find(kind);
    if (objects == nullptr || !objects->is_mapping()) continue;
    for (auto& e : objects->entries) {
      if (!e.value.is_mapping()) continue;
      if (Node* file = e.value.find("file"); file != nullptr && file->is_scalar()) {
        file->scalar = resolve_path(file->scalar, base_dir, home);
      }
    }
  }
  for (const char* kind : {"networks", "volumes"}) {
    Node* objects = root.find(kind);
    if (objects == nullptr || !objects->is_mapping()) continue;
    for (auto& e : objects->entries) {
      if (!e.value.is_mapping()) continue;
      if (Node* labels = e.value.find("labels")) {
        list_to_mapping(*labels, fmt::format("{}.{}.labels", kind, e.key));
      }
    }
  }
}

}  // namespace berth::compose
