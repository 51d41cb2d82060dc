#include "runtime/spec/mount_plan.hpp"

#include <algorithm>
#include <optional>
#include <set>

#include "base/error.hpp"
#include "base/safe_fs/path_clean.hpp"
#include "runtime/spec/docker_defaults.hpp"

namespace berth::runtime {
namespace {

bool is_propagation(const std::string& o) {
  static const std::set<std::string> kModes = {"private", "rprivate", "shared",
                                               "rshared", "slave",    "rslave"};
  return kModes.count(o) > 0;
}

// Which options cancel each other: the flag pairs of mount(8), and key=value by key.
std::string option_class(const std::string& o) {
  static const std::vector<std::pair<std::string, std::string>> kPairs = {
      {"exec", "noexec"},         {"suid", "nosuid"},
      {"dev", "nodev"},           {"ro", "rw"},
      {"atime", "noatime"},       {"diratime", "nodiratime"},
      {"relatime", "norelatime"}, {"strictatime", "nostrictatime"},
      {"sync", "async"},          {"mand", "nomand"},
      {"iversion", "noiversion"}};
  if (auto eq = o.find('='); eq != std::string::npos) return o.substr(0, eq + 1);
  if (is_propagation(o)) return "propagation";
  for (const auto& [a, b] : kPairs) {
    if (o == a || o == b) return a;
  }
  return o;
}

Json mount_entry(const std::string& destination, const std::string& type, const std::string& source,
                 const std::vector<std::string>& options) {
  return {{"destination", destination}, {"type", type}, {"source", source}, {"options", options}};
}

struct Pending {
  std::string destination;  // cleaned
  Json entry;
};

}  // namespace

void validate_mounts(const std::vector<MountRequest>& mounts) {
  std::set<std::string> seen;
  for (const auto& m : mounts) {
    std::string prefix = "invalid mount config for type \"" + m.type + "\": ";
    if (m.type != "bind" && m.type != "tmpfs") {
      throw InvalidArgumentError("invalid mount config: mount type unknown: \"" + m.type + "\"",
                                 125);
    }
    if (m.destination.empty()) {
      throw InvalidArgumentError(prefix + "field Target must not be empty", 125);
    }
    if (m.destination[0] != '/') {
      throw InvalidArgumentError(
          prefix + "invalid mount path: '" + m.destination + "' mount path must be absolute", 125);
    }
    std::string destination = clean_absolute_path(m.destination);
    if (destination == "/") {
      throw InvalidArgumentError("invalid specification: destination can't be '/'", 125);
    }
    if (m.type == "bind") {
      if (m.source.empty())
        throw InvalidArgumentError(prefix + "field Source must not be empty", 125);
      if (m.source[0] != '/') {
        throw InvalidArgumentError(
            prefix + "invalid mount path: '" + m.source + "' mount path must be absolute", 125);
      }
    }
    if (!seen.insert(destination).second) {
      throw InvalidArgumentError("Duplicate mount point: " + destination, 125);
    }
  }
}

std::vector<std::string> merge_mount_options(const std::vector<std::string>& options) {
  std::vector<std::string> out;
  std::set<std::string> classes;
  for (auto it = options.rbegin(); it != options.rend(); ++it) {
    if (it->empty()) continue;
    if (classes.insert(option_class(*it)).second) out.push_back(*it);
  }
  std::reverse(out.begin(), out.end());
  return out;
}

MountList build_mounts(const ContainerConfig& c) {
  validate_mounts(c.mounts);
  MountList result;

  std::vector<Pending> pending;
  for (const auto& m : c.mounts) {
    std::string destination = clean_absolute_path(m.destination);
    bool read_only = m.read_only;
    std::vector<std::string> extra;
    std::string propagation;
    bool recursive = true;
    for (const auto& o : m.options) {
      if (o == "ro" || o == "readonly") {
        read_only = true;
      } else if (o == "rw" || o == "z" || o == "Z" || o == "nocopy" || o.empty()) {
        // rw is the default; SELinux relabel and volume copy-up flags are not mount options
      } else if (m.type == "bind" && is_propagation(o)) {
        propagation = o;
      } else if (m.type == "bind" && (o == "bind" || o == "rbind")) {
        recursive = o == "rbind";
      } else {
        extra.push_back(o);
      }
    }
    std::vector<std::string> options;
    if (m.type == "tmpfs") {
      options = {"noexec", "nosuid", "nodev", "rprivate"};
      options.insert(options.end(), extra.begin(), extra.end());
      if (read_only) options.push_back("ro");
      options = merge_mount_options(options);
      pending.push_back({destination, mount_entry(destination, "tmpfs", "tmpfs", options)});
      continue;
    }
    if (propagation.empty()) propagation = "rprivate";
    options.push_back(recursive ? "rbind" : "bind");
    if (read_only) options.push_back("ro");
    options.insert(options.end(), extra.begin(), extra.end());
    options.push_back(propagation);
    // A shared or slave bind only propagates if the container's root mount does too.
    if (propagation == "shared" || propagation == "rshared") {
      result.rootfs_propagation = "rshared";
    } else if ((propagation == "slave" || propagation == "rslave") &&
               result.rootfs_propagation != "rshared") {
      result.rootfs_propagation = "rslave";
    }
    pending.push_back({destination, mount_entry(destination, "bind", m.source, options)});
  }

  auto user_has = [&](const std::string& destination) {
    return std::any_of(pending.begin(), pending.end(),
                       [&](const Pending& p) { return p.destination == destination; });
  };
  // Docker's order for these three; a user mount at the same place wins.
  const std::pair<const std::filesystem::path*, const char*> etc_files[] = {
      {&c.resolv_conf_file, "/etc/resolv.conf"},
      {&c.hostname_file, "/etc/hostname"},
      {&c.hosts_file, "/etc/hosts"}};
  std::vector<Pending> etc;
  for (const auto& [file, destination] : etc_files) {
    if (file->empty() || user_has(destination)) continue;
    std::vector<std::string> options = {"rbind"};
    if (c.read_only) options.push_back("ro");
    options.push_back("rprivate");
    etc.push_back({destination, mount_entry(destination, "bind", file->string(), options)});
  }
  pending.insert(pending.end(), etc.begin(), etc.end());

  // Parents first: a mount at /a/b made before one at /a would be hidden by it.
  std::stable_sort(pending.begin(), pending.end(), [](const Pending& a, const Pending& b) {
    return path_depth(a.destination) < path_depth(b.destination);
  });

  bool user_dev = user_has("/dev");
  for (auto m : default_mounts()) {
    std::string destination = m["destination"].get<std::string>();
    if (user_has(destination)) continue;
    if (user_dev && destination.rfind("/dev/", 0) == 0) continue;
    // Docker: with --read-only, the default mounts other than /proc and the /dev ones are
    // read-only too.
    static const std::set<std::string> kStayWritable = {"/proc", "/dev", "/dev/pts", "/dev/shm",
                                                        "/dev/mqueue"};
    auto& options = m["options"];
    if (destination == "/dev/shm" && c.shm_size != kDefaultShmSize) {
      // --shm-size, in bytes as Docker writes it.
      for (auto& o : options) {
        if (o.get<std::string>().rfind("size=", 0) == 0) o = "size=" + std::to_string(c.shm_size);
      }
    }
    if (c.read_only && !kStayWritable.count(destination) &&
        std::find(options.begin(), options.end(), "ro") == options.end()) {
      options.push_back("ro");
    }
    result.mounts.push_back(m);
  }
  // Docker adds --init's binary with its defaults, before the user's mounts.
  if (c.init_binary) {
    result.mounts.push_back(
        mount_entry(kInitPath, "bind", c.init_binary->string(), {"bind", "ro"}));
  }
  for (auto& p : pending) result.mounts.push_back(std::move(p.entry));
  return result;
}

}  // namespace berth::runtime
