#include "runtime/spec/seccomp_profile.hpp"

#include <algorithm>

namespace berth::runtime {
namespace {

bool contains(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

std::vector<std::string> strings(const Json& j, const char* key) {
  std::vector<std::string> out;
  if (j.is_object() && j.contains(key) && j[key].is_array()) {
    for (const auto& v : j[key]) {
      if (v.is_string()) out.push_back(v.get<std::string>());
    }
  }
  return out;
}

// The profile's arch names are Go's ("amd64"); its archMap lists seccomp's names.
const char* native_scmp_arch(const std::string& arch) {
  return arch == "amd64" ? "SCMP_ARCH_X86_64" : arch == "arm64" ? "SCMP_ARCH_AARCH64" : "";
}

}  // namespace

Json convert_seccomp_profile(const Json& profile, const std::vector<std::string>& caps,
                             const std::string& arch) {
  Json out = Json::object();
  out["defaultAction"] = profile.value("defaultAction", "SCMP_ACT_ERRNO");
  if (profile.contains("defaultErrnoRet")) out["defaultErrnoRet"] = profile["defaultErrnoRet"];
  Json architectures = Json::array();
  for (const auto& entry : profile.value("archMap", Json::array())) {
    if (entry.value("architecture", "") != native_scmp_arch(arch)) continue;
    architectures.push_back(entry["architecture"]);
    for (const auto& sub : entry.value("subArchitectures", Json::array()))
      architectures.push_back(sub);
  }
  if (architectures.empty()) architectures.push_back(native_scmp_arch(arch));
  out["architectures"] = architectures;
  Json syscalls = Json::array();
  for (const auto& rule : profile.value("syscalls", Json::array())) {
    Json includes = rule.value("includes", Json::object());
    Json excludes = rule.value("excludes", Json::object());
    // Docker's rules: every included capability must be granted, no excluded one may be;
    // the architecture must be included (when listed) and not excluded.
    bool keep = true;
    for (const auto& c : strings(includes, "caps")) keep = keep && contains(caps, c);
    for (const auto& c : strings(excludes, "caps")) keep = keep && !contains(caps, c);
    auto arches = strings(includes, "arches");
    if (!arches.empty() && !contains(arches, arch)) keep = false;
    if (contains(strings(excludes, "arches"), arch)) keep = false;
    if (!keep) continue;
    Json names = Json::array();
    if (rule.contains("names")) names = rule["names"];
    if (rule.contains("name")) names.push_back(rule["name"]);
    if (names.empty()) continue;
    Json converted = {{"names", names}, {"action", rule.value("action", "SCMP_ACT_ALLOW")}};
    if (rule.contains("args") && rule["args"].is_array() && !rule["args"].empty()) {
      converted["args"] = rule["args"];
    }
    if (rule.contains("errnoRet")) converted["errnoRet"] = rule["errnoRet"];
    syscalls.push_back(converted);
  }
  out["syscalls"] = syscalls;
  return out;
}

}  // namespace berth::runtime
