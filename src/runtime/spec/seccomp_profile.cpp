#include "runtime/spec/seccomp_profile.hpp"

#include <algorithm>

#include "base/error.hpp"
#include "base/fs.hpp"

namespace berth::runtime {
namespace {

InvalidArgumentError bad_profile(const std::string& why) {
  return InvalidArgumentError("invalid seccomp profile: " + why, 125);
}

std::vector<std::string> profile_strings(const Json& object, const char* key) {
  std::vector<std::string> out;
  if (!object.is_object()) return out;
  auto it = object.find(key);
  if (it == object.end() || it->is_null()) return out;
  if (!it->is_array()) throw bad_profile(std::string("'") + key + "' must be a list");
  for (const auto& v : *it) {
    if (!v.is_string()) throw bad_profile(std::string("'") + key + "' must hold strings");
    out.push_back(v.get<std::string>());
  }
  return out;
}

bool contains(const std::vector<std::string>& list, const std::string& s) {
  return std::find(list.begin(), list.end(), s) != list.end();
}

// Go's architecture names (the profile's includes/excludes) to libseccomp's (its archMap).
std::string scmp_arch(const std::string& go_arch) {
  static const std::pair<const char*, const char*> kMap[] = {
      {"amd64", "SCMP_ARCH_X86_64"},    {"386", "SCMP_ARCH_X86"},
      {"arm64", "SCMP_ARCH_AARCH64"},   {"arm", "SCMP_ARCH_ARM"},
      {"ppc64le", "SCMP_ARCH_PPC64LE"}, {"s390x", "SCMP_ARCH_S390X"},
      {"riscv64", "SCMP_ARCH_RISCV64"}, {"mips64le", "SCMP_ARCH_MIPSEL64"},
  };
  for (const auto& [go, scmp] : kMap) {
    if (go_arch == go) return scmp;
  }
  return "";
}

std::optional<KernelVersion> min_kernel(const Json& condition) {
  if (!condition.is_object() || !condition.contains("minKernel") ||
      condition["minKernel"].is_null())
    return std::nullopt;
  if (!condition["minKernel"].is_string()) throw bad_profile("'minKernel' must be a string");
  auto v = parse_kernel_version(condition["minKernel"].get<std::string>());
  if (!v) throw bad_profile("bad minKernel '" + condition["minKernel"].get<std::string>() + "'");
  return v;
}

// Docker's order of checks: any excluded arch or capability drops the rule, as does a kernel
// at or past an excluded minimum; then every included arch list, capability and minimum
// kernel must be met.
bool rule_applies(const Json& rule, const SeccompTarget& t) {
  Json none = Json::object();
  const Json& excludes =
      rule.contains("excludes") && rule["excludes"].is_object() ? rule["excludes"] : none;
  const Json& includes =
      rule.contains("includes") && rule["includes"].is_object() ? rule["includes"] : none;

  if (contains(profile_strings(excludes, "arches"), t.arch)) return false;
  for (const auto& cap : profile_strings(excludes, "caps")) {
    if (contains(t.capabilities, cap)) return false;
  }
  if (auto k = min_kernel(excludes); k && t.kernel && *t.kernel >= *k) return false;

  auto arches = profile_strings(includes, "arches");
  if (!arches.empty() && !contains(arches, t.arch)) return false;
  for (const auto& cap : profile_strings(includes, "caps")) {
    if (!contains(t.capabilities, cap)) return false;
  }
  if (auto k = min_kernel(includes); k && (!t.kernel || *t.kernel < *k)) return false;
  return true;
}

Json convert_args(const Json& args) {
  Json out = Json::array();
  for (const auto& a : args) {
    if (!a.is_object() || !a.contains("index") || !a.contains("op")) {
      throw bad_profile("a syscall argument needs 'index' and 'op'");
    }
    out.push_back({{"index", a["index"]},
                   {"value", a.value("value", uint64_t{0})},
                   {"valueTwo", a.value("valueTwo", uint64_t{0})},
                   {"op", a["op"]}});
  }
  return out;
}

}  // namespace

std::string native_seccomp_arch() {
#if defined(__x86_64__)
  return "amd64";
#elif defined(__aarch64__)
  return "arm64";
#elif defined(__i386__)
  return "386";
#elif defined(__arm__)
  return "arm";
#elif defined(__powerpc64__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
  return "ppc64le";
#elif defined(__s390x__)
  return "s390x";
#elif defined(__riscv) && __riscv_xlen == 64
  return "riscv64";
#else
  return "";
#endif
}

Json convert_seccomp_profile(const Json& profile, const SeccompTarget& target) {
  if (!profile.is_object()) throw bad_profile("not a JSON object");
  Json out = Json::object();
  out["defaultAction"] = profile.value("defaultAction", "SCMP_ACT_ERRNO");
  if (profile.contains("defaultErrnoRet") && !profile["defaultErrnoRet"].is_null()) {
    out["defaultErrnoRet"] = profile["defaultErrnoRet"];
  }

  auto listed = profile_strings(profile, "architectures");
  bool has_arch_map =
      profile.contains("archMap") && profile["archMap"].is_array() && !profile["archMap"].empty();
  if (!listed.empty() && has_arch_map) {
    throw bad_profile("use either 'architectures' or 'archMap'");
  }
  Json architectures = Json::array();
  for (const auto& a : listed) architectures.push_back(a);
  if (has_arch_map) {
    // Only the native architecture and its sub-architectures (x86_64 runs x86 and x32 code).
    const std::string native = scmp_arch(target.arch);
    for (const auto& entry : profile["archMap"]) {
      if (!entry.is_object() || entry.value("architecture", "") != native || native.empty())
        continue;
      architectures.push_back(native);
      for (const auto& sub : profile_strings(entry, "subArchitectures"))
        architectures.push_back(sub);
    }
  }
  if (!architectures.empty()) out["architectures"] = architectures;
  for (const char* key : {"listenerPath", "listenerMetadata"}) {
    if (profile.contains(key) && profile[key].is_string() &&
        !profile[key].get<std::string>().empty())
      out[key] = profile[key];
  }
  if (auto flags = profile_strings(profile, "flags"); !flags.empty()) out["flags"] = flags;

  Json syscalls = Json::array();
  if (profile.contains("syscalls") && !profile["syscalls"].is_null()) {
    if (!profile["syscalls"].is_array()) throw bad_profile("'syscalls' must be a list");
    for (const auto& rule : profile["syscalls"]) {
      if (!rule.is_object()) throw bad_profile("a syscall rule must be an object");
      auto names = profile_strings(rule, "names");
      if (rule.contains("name") && rule["name"].is_string()) {
        if (!names.empty()) {
          throw bad_profile(
              "'name' and 'names' were specified in the seccomp profile, use either 'name' or "
              "'names'");
        }
        names.push_back(rule["name"].get<std::string>());
      }
      if (names.empty() || !rule_applies(rule, target)) continue;
      if (!rule.contains("action") || !rule["action"].is_string()) {
        throw bad_profile("syscall rule for '" + names[0] + "' has no action");
      }
      Json converted = {{"names", names}, {"action", rule["action"]}};
      if (rule.contains("errnoRet") && !rule["errnoRet"].is_null())
        converted["errnoRet"] = rule["errnoRet"];
      if (rule.contains("args") && rule["args"].is_array() && !rule["args"].empty()) {
        converted["args"] = convert_args(rule["args"]);
      }
      syscalls.push_back(std::move(converted));
    }
  }
  out["syscalls"] = syscalls;
  return out;
}

Json load_seccomp_profile(const std::string& path, const SeccompTarget& target) {
  std::string text;
  try {
    text = read_file(path);
  } catch (const Error& e) {
    throw Error(std::string("cannot read the seccomp profile: ") + e.what() +
                    " (Debian: apt-get install golang-github-containers-common)",
                125);
  }
  Json profile = Json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (profile.is_discarded()) throw Error("seccomp profile " + path + " is not valid JSON", 125);
  return with_context("seccomp profile " + path,
                      [&] { return convert_seccomp_profile(profile, target); });
}

}  // namespace berth::runtime
