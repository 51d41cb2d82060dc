// `berth info [--format]`: the engine's configuration and counts.
#include <sys/utsname.h>
#include <unistd.h>

#include <fstream>
#include <iostream>
#include <thread>

#include "cli/commands/command.hpp"
#include "cli/output.hpp"

namespace berth::cli {
namespace {

// cgroup v2 is "unified" when /sys/fs/cgroup is a cgroup2 mount; this host is hybrid.
std::string cgroup_version() {
  std::ifstream mounts("/proc/self/mounts");
  std::string line;
  bool v1 = false, v2_root = false;
  while (std::getline(mounts, line)) {
    if (line.find(" /sys/fs/cgroup cgroup2 ") != std::string::npos) v2_root = true;
    if (line.find(" cgroup ") != std::string::npos) v1 = true;
  }
  if (v2_root) return "2";
  return v1 ? "1" : "unknown";
}

std::string os_name() {
  std::ifstream f("/etc/os-release");
  std::string line;
  while (std::getline(f, line)) {
    if (line.rfind("PRETTY_NAME=", 0) == 0) {
      auto v = line.substr(12);
      if (v.size() >= 2 && v.front() == '"') v = v.substr(1, v.size() - 2);
      return v;
    }
  }
  return "linux";
}

}  // namespace

CLI::App* add_info(CLI::App& parent, Context& ctx, const std::string& name) {
  auto format = std::make_shared<std::string>();
  auto* cmd = parent.add_subcommand(name, "Display system-wide information");
  cmd->add_option("-f,--format", *format, "Format output using a custom template");
  cmd->callback([&ctx, format] {
    struct utsname u {};
    ::uname(&u);
    auto images = ctx.images().list();
    long memory = sysconf(_SC_PHYS_PAGES) * sysconf(_SC_PAGE_SIZE);
    OrderedJson doc = {{"Containers", 0},
                       {"Images", images.size()},
                       {"Driver", "overlay"},
                       {"DockerRootDir", ctx.root().string()},
                       {"CgroupVersion", cgroup_version()},
                       {"KernelVersion", u.release},
                       {"OperatingSystem", os_name()},
                       {"OSType", "linux"},
                       {"Architecture", u.machine},
                       {"NCPU", std::thread::hardware_concurrency()},
                       {"MemTotal", memory},
                       {"ServerVersion", BERTH_VERSION}};
    if (!format->empty()) {
      std::cout << render_inspect(*format, {doc});
      return;
    }
    std::cout << "Server:\n"
              << " Containers: 0\n"
              << " Images: " << images.size() << "\n"
              << " Server Version: " << BERTH_VERSION << "\n"
              << " Storage Driver: overlay\n"
              << " Cgroup Version: " << cgroup_version() << "\n"
              << " Kernel Version: " << u.release << "\n"
              << " Operating System: " << os_name() << "\n"
              << " OSType: linux\n"
              << " Architecture: " << u.machine << "\n"
              << " CPUs: " << std::thread::hardware_concurrency() << "\n"
              << " Total Memory: " << memory << "\n"
              << " Berth Root Dir: " << ctx.root().string() << "\n";
  });
  return cmd;
}

}  // namespace berth::cli
