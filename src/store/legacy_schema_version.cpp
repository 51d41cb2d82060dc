#include "store/legacy_schema_version.hpp"

#include <utility>

namespace berth::store {

std::map<std::string, int> legacy_schema_versions(int user_version) {
  // Old number -> (schema, its version). Frozen: these are the migrations berth 0.x shipped.
  static const std::pair<const char*, int> kLegacy[kLastLegacySchemaVersion] = {
      {"images", 1},      {"containers", 1}, {"volumes", 1}, {"containers", 2},
      {"build_cache", 1}, {"networks", 1},   {"spaces", 1},  {"networks", 2},
      {"spaces", 2},      {"spaces", 3},     {"spaces", 4},  {"spaces", 5},
  };
  std::map<std::string, int> versions;
  for (int i = 0; i < user_version && i < kLastLegacySchemaVersion; ++i) {
    versions[kLegacy[i].first] = kLegacy[i].second;
  }
  return versions;
}

}  // namespace berth::store
