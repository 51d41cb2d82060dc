#pragma once
// A Space's configuration as its README.md header states it (the Hub's Spaces configuration
// reference), validated for Berth, which runs Docker Spaces only. Member names follow the YAML
// keys in snake_case: colorFrom is color_from, fullWidth is full_width.
#include <chrono>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace berth::spaces {

inline constexpr int kDefaultAppPort = 7860;
inline constexpr std::chrono::seconds kDefaultStartupTimeout = std::chrono::minutes(30);
// The Hub shows at most this many characters of short_description and refuses longer ones.
inline constexpr size_t kMaxShortDescription = 60;
inline constexpr int kMaxOauthExpirationMinutes = 43200;  // 30 days, per the reference

// A key the Hub's reference does not define: kept so that nothing in a README is lost
// silently, and listed by ignored_keys().
struct UnknownKey {
  std::string name;
  std::string yaml;  // the value, re-emitted as YAML ("1", "[a, b]" in block style, …)
  int line = 0;      // README line of the key
  // The known key it resembles ("app-port" → "app_port"): a typo Berth can point out.
  std::optional<std::string> did_you_mean;
};

struct SpaceConfig {
  // How the Space looks on its page and in listings.
  std::optional<std::string> title;  // the Hub falls back to the repository's name
  std::optional<std::string> emoji;
  std::optional<std::string> color_from;  // one of thumbnail_colors()
  std::optional<std::string> color_to;
  std::optional<std::string> short_description;  // at most kMaxShortDescription characters
  std::optional<std::string> thumbnail;          // URL of the social-sharing image
  std::optional<std::string> license;
  std::vector<std::string> tags;
  std::vector<std::string> models;    // Hub model ids
  std::vector<std::string> datasets;  // Hub dataset ids
  bool pinned = false;
  bool full_width = true;          // the Hub's default for every sdk but gradio
  std::string header = "default";  // or "mini": the app full screen under a floating header
  bool disable_embedding = false;

  // How the Space runs.
  std::string sdk = "docker";  // the only sdk a valid config has
  std::optional<std::string> sdk_version;
  std::optional<std::string> python_version;  // meaningless for docker; kept as written
  std::optional<std::string> app_file;
  int app_port = kDefaultAppPort;  // 1-65535
  std::string base_path = "/";     // the path the Space page opens; starts with "/"
  std::chrono::seconds startup_duration_timeout = kDefaultStartupTimeout;
  // Lowercase names and values, only custom_header_names() (see hub_values.hpp).
  std::map<std::string, std::string> custom_headers;
  std::optional<std::string> suggested_hardware;  // one of hardware_flavors()
  std::optional<std::string> suggested_storage;   // one of storage_tiers()
  std::vector<std::string> preload_from_hub;      // "repo [file1,file2 [revision]]" items

  // Sign-in with Hugging Face: kept as written so that unsupported_keys() can name them;
  // Berth has no Hub OAuth app to connect.
  std::optional<bool> hf_oauth;
  std::vector<std::string> hf_oauth_scopes;
  std::optional<int> hf_oauth_expiration_minutes;  // 1-kMaxOauthExpirationMinutes
  std::optional<std::string> hf_oauth_redirect_path;
  std::vector<std::string> hf_oauth_authorized_org;

  std::vector<UnknownKey> unknown_keys;  // in the README's order

  // README line of every key the header sets, known or not: warnings about a key can then
  // point at its line as errors do.
  std::map<std::string, int, std::less<>> key_lines;
};

// Keys the header sets that the Hub honours and Berth does not (yet): Sign-in with HF
// (hf_oauth: true and its settings) and preload_from_hub. Ordered by line.
std::vector<std::string> unsupported_keys(const SpaceConfig& config);

// Keys the Hub's reference does not define, which Berth ignores too. In the README's order.
std::vector<std::string> ignored_keys(const SpaceConfig& config);

}  // namespace berth::spaces
