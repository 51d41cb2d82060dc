#include "runtime/spec/environment.hpp"

#include <algorithm>
#include <optional>

namespace berth::runtime {
namespace {

std::string key_of(const std::string& entry) {
  return entry.substr(0, entry.find('='));
}

std::optional<size_t> find_key(const std::vector<std::string>& env, const std::string& key) {
  for (size_t i = 0; i < env.size(); ++i) {
    if (key_of(env[i]) == key) return i;
  }
  return std::nullopt;
}

// Docker's ReplaceOrAppendEnvValues: "K=V" replaces K in place or appends; a bare "K" removes K.
void replace_or_append(std::vector<std::string>& env, const std::vector<std::string>& overrides) {
  std::vector<bool> removed(env.size(), false);
  for (const auto& entry : overrides) {
    auto at = find_key(env, key_of(entry));
    if (entry.find('=') == std::string::npos) {
      if (at) removed[*at] = true;
      continue;
    }
    if (at) {
      env[*at] = entry;
      removed[*at] = false;
    } else {
      env.push_back(entry);
      removed.push_back(false);
    }
  }
  std::vector<std::string> kept;
  for (size_t i = 0; i < env.size(); ++i) {
    if (!removed[i]) kept.push_back(std::move(env[i]));
  }
  env = std::move(kept);
}

}  // namespace

std::vector<std::string> merge_environment(const EnvironmentInputs& in) {
  // The container config's Env, as Docker stores it: the user's variables (a later duplicate
  // wins), then the image's whose key the user did not name.
  std::vector<std::string> config_env;
  for (const auto& e : in.user_env) {
    if (auto at = find_key(config_env, key_of(e))) {
      config_env[*at] = e;
    } else {
      config_env.push_back(e);
    }
  }
  for (const auto& e : in.image_env) {
    if (!find_key(config_env, key_of(e))) config_env.push_back(e);
  }

  std::vector<std::string> env = {std::string("PATH=") + kDefaultPath, "HOSTNAME=" + in.hostname};
  if (in.tty) env.push_back("TERM=xterm");
  replace_or_append(env, config_env);
  if (!find_key(env, "HOME")) env.push_back("HOME=" + in.home);
  return env;
}

}  // namespace berth::runtime
