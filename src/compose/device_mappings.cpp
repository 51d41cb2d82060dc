#include "compose/device_mappings.hpp"

#include <fmt/format.h>

#include <unordered_map>
#include <vector>

#include "compose/colon_fields.hpp"
#include "compose/compose_error.hpp"
#include "compose/value_reader.hpp"

namespace berth::compose {
namespace {

struct DeviceEntry {
  std::string source, target, permissions;
  std::string key;  // what compose-go tells entries apart by (uncity.go's deviceMappingIndexer)
};

DeviceEntry device_short_form(const Node& item, const std::string& p) {
  std::string spec = read_string(item, p);
  std::vector<std::string> parts;
  for (auto field : colon_fields(spec)) parts.emplace_back(field);
  if (parts.size() > 3) {
    fail_at(item, p, fmt::format("confusing device mapping, please use long syntax: {}", spec));
  }
  DeviceEntry d;
  d.source = parts[0];
  d.target = parts.size() > 1 && !parts[1].empty() ? parts[1] : parts[0];
  d.permissions = parts.size() > 2 ? parts[2] : "rwm";
  d.key = parts.size() == 1 ? parts[0] : parts[1];
  return d;
}

DeviceEntry device_long_form(const Node& item, const std::string& p) {
  expect_keys(item, p, {"source", "target", "permissions"});
  DeviceEntry d;
  const Node* source = item.find("source");
  if (source == nullptr) fail_at(item, p, "source is required");
  d.source = read_string(*source, p + ".source");
  const Node* target = item.find("target");
  if (target == nullptr) fail_at(item, p, "service device is missing a mount target");
  d.target = read_string(*target, p + ".target");
  if (const Node* perms = item.find("permissions")) {
    d.permissions = read_string(*perms, p + ".permissions");
  }
  d.key = d.target;
  return d;
}

}  // namespace

OrderedJson read_device_mappings(const Node& n, const std::string& path) {
  if (!n.is_sequence()) fail_at(n, path, fmt::format("expected a list, got {}", kind_name(n)));
  std::vector<DeviceEntry> devices;
  std::unordered_map<std::string, size_t> by_key;
  for (size_t i = 0; i < n.items.size(); ++i) {
    const Node& item = n.items[i];
    std::string p = item_path(path, i);
    DeviceEntry d = item.is_mapping() ? device_long_form(item, p) : device_short_form(item, p);
    auto [at, inserted] = by_key.emplace(d.key, devices.size());
    if (inserted) {
      devices.push_back(std::move(d));
    } else {
      devices[at->second] = std::move(d);
    }
  }
  OrderedJson out = OrderedJson::array();
  for (const auto& d : devices) {
    OrderedJson j = OrderedJson::object();
    if (!d.source.empty()) j["source"] = d.source;
    if (!d.target.empty()) j["target"] = d.target;
    if (!d.permissions.empty()) j["permissions"] = d.permissions;
    out.push_back(std::move(j));
  }
  return out;
}

}  // namespace berth::compose
