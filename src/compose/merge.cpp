#include "compose/merge.hpp"

#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace berth::compose {
namespace {

std::vector<std::string> split_path(const std::string& path) {
  std::vector<std::string> out;
  size_t start = 0;
  if (path.empty()) return out;
  while (true) {
    size_t dot = path.find('.', start);
    out.push_back(path.substr(start, dot == std::string::npos ? dot : dot - start));
    if (dot == std::string::npos) break;
    start = dot + 1;
  }
  return out;
}

// "services.*.command" against a path's keys.
bool matches(const std::vector<std::string>& keys, std::string_view pattern) {
  auto parts = split_path(std::string(pattern));
  if (parts.size() != keys.size()) return false;
  for (size_t i = 0; i < parts.size(); ++i) {
    if (parts[i] != "*" && parts[i] != keys[i]) return false;
  }
  return true;
}

bool replaced_whole(const std::vector<std::string>& keys) {
  return matches(keys, "services.*.command") || matches(keys, "services.*.entrypoint") ||
         matches(keys, "services.*.healthcheck.test") || matches(keys, "services.*.ulimits.*");
}

bool same_scalar(const Node& a, const Node& b) {
  return a.is_scalar() && b.is_scalar() && a.scalar == b.scalar;
}

void merge_nodes(Node& base, const Node& over, std::vector<std::string>& keys);

// A value taken as it is (new, or replacing): as compose-go's reset processor leaves a
// document, without the entries and items tagged `!reset` and with `!override` dropped, so
// that a later document merges over it as over any other value.
void strip_tags(Node& n) {
  n.tag.clear();
  if (n.is_mapping()) {
    std::erase_if(n.entries, [](const NodeEntry& e) { return e.value.tag == "!reset"; });
    for (auto& e : n.entries) strip_tags(e.value);
  } else if (n.is_sequence()) {
    std::erase_if(n.items, [](const Node& item) { return item.tag == "!reset"; });
    for (auto& item : n.items) strip_tags(item);
  }
}

Node untagged(const Node& over) {
  Node n = over;
  strip_tags(n);
  return n;
}

void merge_mappings(Node& base, const Node& over, std::vector<std::string>& keys) {
  // Long mappings (thousands of labels) merge in linear time: base's keys indexed once.
  std::unordered_map<std::string, size_t> index;
  for (size_t i = 0; i < base.entries.size(); ++i) index.emplace(base.entries[i].key, i);
  std::vector<bool> removed(base.entries.size(), false);
  bool any_removed = false;
  for (const auto& e : over.entries) {
    auto it = index.find(e.key);
    bool present = it != index.end() && !removed[it->second];
    if (e.value.tag == "!reset") {
      if (present) {
        removed[it->second] = true;
        any_removed = true;
      }
      continue;
    }
    if (!present || e.value.tag == "!override") {
      Node value = untagged(e.value);
      if (present) {
        base.entries[it->second].value = std::move(value);
      } else {
        index[e.key] = base.entries.size();
        removed.push_back(false);
        base.entries.push_back(NodeEntry{e.key, e.key_line, std::move(value)});
      }
      continue;
    }
    keys.push_back(e.key);
    merge_nodes(base.entries[it->second].value, e.value, keys);
    keys.pop_back();
  }
  if (any_removed) {
    std::vector<NodeEntry> kept;
    for (size_t i = 0; i < base.entries.size(); ++i) {
      if (!removed[i]) kept.push_back(std::move(base.entries[i]));
    }
    base.entries = std::move(kept);
  }
}

void merge_nodes(Node& base, const Node& over, std::vector<std::string>& keys) {
  if (over.is_null()) return;
  if (replaced_whole(keys)) {
    if (matches(keys, "services.*.ulimits.*") && base.is_mapping() && over.is_mapping()) {
      merge_mappings(base, over, keys);
      return;
    }
    base = untagged(over);
    return;
  }
  if (matches(keys, "services.*.logging") && base.is_mapping() && over.is_mapping()) {
    const Node* a = base.find("driver");
    const Node* b = over.find("driver");
    if (a != nullptr && b != nullptr && !same_scalar(*a, *b)) {
      base = over;
      return;
    }
  }
  if (base.is_mapping() && over.is_mapping()) {
    merge_mappings(base, over, keys);
    return;
  }
  if (base.is_sequence() && over.is_sequence()) {
    std::unordered_set<std::string> scalars;
    for (const auto& have : base.items) {
      if (have.is_scalar()) scalars.insert(have.scalar);
    }
    for (const auto& item : over.items) {
      if (item.tag == "!reset") continue;
      if (item.is_scalar() && !scalars.insert(item.scalar).second) continue;
      base.items.push_back(untagged(item));
    }
    return;
  }
  base = untagged(over);
}

}  // namespace

void merge_into(Node& base, const Node& over, const std::string& path) {
  auto keys = split_path(path);
  merge_nodes(base, over, keys);
}

}  // namespace berth::compose
