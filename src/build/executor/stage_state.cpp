#include "build/executor/stage_state.hpp"

#include <chrono>
#include <filesystem>

#include "base/time_format.hpp"

namespace berth::build {

Json& runtime_config(StageState& s) {
  if (!s.config.contains("config") || !s.config["config"].is_object()) {
    s.config["config"] = Json::object();
  }
  return s.config["config"];
}

std::vector<std::string> stage_shell(const StageState& s) {
  const Json& c = s.config.value("config", Json::object());
  if (c.contains("Shell") && c["Shell"].is_array() && !c["Shell"].empty()) {
    return c["Shell"].get<std::vector<std::string>>();
  }
  return {"/bin/sh", "-c"};
}

std::string stage_workdir(const StageState& s) {
  const Json& c = s.config.value("config", Json::object());
  std::string w = c.value("WorkingDir", "");
  return w.empty() ? "/" : w;
}

std::string stage_user(const StageState& s) {
  return s.config.value("config", Json::object()).value("User", "");
}

Digest chain_key(const Digest& parent, const Json& step) {
  return Digest::sha256_of(parent.str() + "\n" + step.dump());
}

void add_history(StageState& s, const std::string& created_by, bool empty_layer) {
  if (!s.config.contains("history") || !s.config["history"].is_array()) {
    s.config["history"] = Json::array();
  }
  Json h = {{"created", rfc3339_now()},
            {"created_by", created_by},
            {"comment", "buildkit.dockerfile.v0"}};
  if (empty_layer) h["empty_layer"] = true;
  s.config["history"].push_back(h);
  s.config["created"] = h["created"];
}

std::string resolve_workdir(const std::string& current, const std::string& path) {
  std::filesystem::path p =
      path.starts_with("/") ? std::filesystem::path(path) : std::filesystem::path(current) / path;
  std::string out = p.lexically_normal().string();
  while (out.size() > 1 && out.back() == '/') out.pop_back();
  return out;
}

}  // namespace berth::build
