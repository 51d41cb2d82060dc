#include "spaces/space_config.hpp"

#include <algorithm>
#include <array>
#include <string_view>

namespace berth::spaces {

std::vector<std::string> unsupported_keys(const SpaceConfig& config) {
  // A key written with no value ("hf_oauth_scopes:") or "hf_oauth: false" asks for nothing.
  const std::array<std::pair<std::string_view, bool>, 6> kUnsupported = {{
      {"hf_oauth", config.hf_oauth == true},
      {"hf_oauth_scopes", !config.hf_oauth_scopes.empty()},
      {"hf_oauth_expiration_minutes", config.hf_oauth_expiration_minutes.has_value()},
      {"hf_oauth_redirect_path", config.hf_oauth_redirect_path.has_value()},
      {"hf_oauth_authorized_org", !config.hf_oauth_authorized_org.empty()},
      {"preload_from_hub", !config.preload_from_hub.empty()},
  }};
  std::vector<std::pair<int, std::string>> found;
  for (auto [key, set] : kUnsupported) {
    auto it = config.key_lines.find(key);
    if (set && it != config.key_lines.end()) found.emplace_back(it->second, std::string(key));
  }
  std::sort(found.begin(), found.end());
  std::vector<std::string> keys;
  for (auto& [line, key] : found) keys.push_back(std::move(key));
  return keys;
}

std::vector<std::string> ignored_keys(const SpaceConfig& config) {
  std::vector<std::string> keys;
  for (const auto& unknown : config.unknown_keys) keys.push_back(unknown.name);
  return keys;
}

}  // namespace berth::spaces
