#include "compose/merge.hpp"

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

void merge_mappings(Node& base, const Node& over, std::vector<std::string>& keys) {
  for (const auto& e : over.entries) {
    if (e.value.tag == "!reset") {
      base.erase(e.key);
      continue;
    }
    Node* existing = base.find(e.key);
    if (existing == nullptr || e.value.tag == "!override") {
      Node value = e.value;
      value.tag.clear();
      base.set(e.key, std::move(value));
      if (existing == nullptr) base.entries.back().key_line = e.key_line;
      continue;
    }
    keys.push_back(e.key);
    merge_nodes(*existing, e.value, keys);
    keys.pop_back();
  }
}

void merge_nodes(Node& base, const Node& over, std::vector<std::string>& keys) {
  if (over.is_null()) return;
  if (replaced_whole(keys)) {
    if (matches(keys, "services.*.ulimits.*") && base.is_mapping() && over.is_mapping()) {
      merge_mappings(base, over, keys);
      return;
    }
    base = over;
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
    for (const auto& item : over.items) {
      bool duplicate = false;
      if (item.is_scalar()) {
        for (const auto& have : base.items) duplicate = duplicate || same_scalar(have, item);
      }
      if (!duplicate) base.items.push_back(item);
    }
    return;
  }
  base = over;
  base.tag.clear();
}

}  // namespace

void merge_into(Node& base, const Node& over, const std::string& path) {
  auto keys = split_path(path);
  merge_nodes(base, over, keys);
}

}  // namespace berth::compose
