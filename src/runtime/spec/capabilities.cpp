#include "runtime/spec/capabilities.hpp"

#include <algorithm>
#include <cctype>

#include "base/error.hpp"
#include "runtime/spec/docker_defaults.hpp"

namespace berth::runtime {
namespace {

constexpr const char* kAll = "ALL";

bool contains(const std::vector<std::string>& list, const std::string& value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

std::string normalize(std::string name) {
  auto first = name.find_first_not_of(" \t\n");
  auto last = name.find_last_not_of(" \t\n");
  name = first == std::string::npos ? "" : name.substr(first, last - first + 1);
  for (auto& ch : name) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  if (name == kAll || name.rfind("CAP_", 0) == 0) return name;
  return "CAP_" + name;
}

void push_unique(std::vector<std::string>& list, const std::string& value) {
  if (!contains(list, value)) list.push_back(value);
}

}  // namespace

const std::vector<std::string>& known_capabilities() {
  static const std::vector<std::string> caps = {"CAP_CHOWN",
                                                "CAP_DAC_OVERRIDE",
                                                "CAP_DAC_READ_SEARCH",
                                                "CAP_FOWNER",
                                                "CAP_FSETID",
                                                "CAP_KILL",
                                                "CAP_SETGID",
                                                "CAP_SETUID",
                                                "CAP_SETPCAP",
                                                "CAP_LINUX_IMMUTABLE",
                                                "CAP_NET_BIND_SERVICE",
                                                "CAP_NET_BROADCAST",
                                                "CAP_NET_ADMIN",
                                                "CAP_NET_RAW",
                                                "CAP_IPC_LOCK",
                                                "CAP_IPC_OWNER",
                                                "CAP_SYS_MODULE",
                                                "CAP_SYS_RAWIO",
                                                "CAP_SYS_CHROOT",
                                                "CAP_SYS_PTRACE",
                                                "CAP_SYS_PACCT",
                                                "CAP_SYS_ADMIN",
                                                "CAP_SYS_BOOT",
                                                "CAP_SYS_NICE",
                                                "CAP_SYS_RESOURCE",
                                                "CAP_SYS_TIME",
                                                "CAP_SYS_TTY_CONFIG",
                                                "CAP_MKNOD",
                                                "CAP_LEASE",
                                                "CAP_AUDIT_WRITE",
                                                "CAP_AUDIT_CONTROL",
                                                "CAP_SETFCAP",
                                                "CAP_MAC_OVERRIDE",
                                                "CAP_MAC_ADMIN",
                                                "CAP_SYSLOG",
                                                "CAP_WAKE_ALARM",
                                                "CAP_BLOCK_SUSPEND",
                                                "CAP_AUDIT_READ",
                                                "CAP_PERFMON",
                                                "CAP_BPF",
                                                "CAP_CHECKPOINT_RESTORE"};
  return caps;
}

std::vector<std::string> normalize_capabilities(const std::vector<std::string>& names,
                                                const std::string& what) {
  std::vector<std::string> out;
  for (const auto& name : names) {
    std::string cap = normalize(name);
    if (cap != kAll && !contains(known_capabilities(), cap)) {
      throw InvalidArgumentError("invalid " + what + ": unknown capability: \"" + cap + "\"", 125);
    }
    push_unique(out, cap);
  }
  return out;
}

std::vector<std::string> effective_capabilities(const std::vector<std::string>& cap_add,
                                                const std::vector<std::string>& cap_drop,
                                                int last_capability) {
  if (cap_add.empty() && cap_drop.empty()) return default_capabilities();
  auto drop = normalize_capabilities(cap_drop, "CapDrop");
  auto add = normalize_capabilities(cap_add, "CapAdd");
  std::vector<std::string> caps;
  if (contains(add, kAll)) {
    const auto& known = known_capabilities();
    int count = std::min<int>(last_capability + 1, static_cast<int>(known.size()));
    for (int i = 0; i < count; ++i) {
      if (!contains(drop, known[i])) caps.push_back(known[i]);
    }
  } else if (contains(drop, kAll)) {
    caps = add;
  } else {
    for (const auto& c : default_capabilities()) {
      if (!contains(drop, c)) caps.push_back(c);
    }
    for (const auto& c : add) push_unique(caps, c);
  }
  return caps;
}

}  // namespace berth::runtime
