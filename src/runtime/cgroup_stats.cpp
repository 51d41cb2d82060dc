#include "runtime/cgroup_stats.hpp"

#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>
#include <string>

namespace berth::runtime {
namespace {

std::optional<std::string> read_text(const std::string& path) {
  std::ifstream in(path);
  if (!in) return std::nullopt;
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::optional<int64_t> read_number(const std::string& path) {
  auto text = read_text(path);
  if (!text || text->empty()) return std::nullopt;
  if (text->rfind("max", 0) == 0) return INT64_MAX;
  try {
    return std::stoll(*text);
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

// "key value" lines (memory.stat, cpu.stat).
std::optional<int64_t> read_keyed(const std::string& path, const std::string& key) {
  std::ifstream in(path);
  std::string k;
  int64_t v;
  while (in >> k >> v) {
    if (k == key) return v;
  }
  return std::nullopt;
}

// v1 blkio.throttle.io_service_bytes: "MAJ:MIN Read N" lines per device, then "Total N".
void add_v1_block_io(const std::string& path, UsageSample& s) {
  std::ifstream in(path);
  std::string device, op;
  uint64_t bytes;
  while (in >> device) {
    if (device == "Total") {
      in >> bytes;
      continue;
    }
    if (!(in >> op >> bytes)) break;
    if (op == "Read") s.block_read += bytes;
    if (op == "Write") s.block_write += bytes;
  }
}

// v2 io.stat: "MAJ:MIN rbytes=N wbytes=N rios=N ..." per device.
void add_v2_block_io(const std::string& path, UsageSample& s) {
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) {
    std::istringstream fields(line);
    std::string field;
    fields >> field;  // the device
    while (fields >> field) {
      auto eq = field.find('=');
      if (eq == std::string::npos) continue;
      auto key = field.substr(0, eq);
      uint64_t value = std::strtoull(field.c_str() + eq + 1, nullptr, 10);
      if (key == "rbytes") s.block_read += value;
      if (key == "wbytes") s.block_write += value;
    }
  }
}

int64_t host_memory() {
  return static_cast<int64_t>(sysconf(_SC_PHYS_PAGES)) * sysconf(_SC_PAGE_SIZE);
}

}  // namespace

std::optional<UsageSample> sample_usage(pid_t pid, const HostPaths& host) {
  auto cgroup = read_text(host.proc + "/" + std::to_string(pid) + "/cgroup");
  if (!cgroup) return std::nullopt;
  std::map<std::string, std::string> paths;  // controller -> path; "" for v2
  std::istringstream lines(*cgroup);
  std::string line;
  while (std::getline(lines, line)) {
    auto a = line.find(':'), b = line.find(':', a + 1);
    if (a == std::string::npos || b == std::string::npos) continue;
    std::string controllers = line.substr(a + 1, b - a - 1), path = line.substr(b + 1);
    std::istringstream cs(controllers);
    std::string c;
    if (controllers.empty()) paths[""] = path;
    while (std::getline(cs, c, ',')) paths[c] = path;
  }
  UsageSample s;
  s.taken = std::chrono::steady_clock::now();
  const std::string& root = host.cgroup;
  bool v1 = paths.count("memory") > 0;
  // v1 hierarchies may be mounted alone (cpuacct) or together (cpu,cpuacct).
  auto v1_file = [&](const std::string& controller, const std::string& file) -> std::string {
    for (const std::string& dir :
         {controller, std::string("cpu,cpuacct"), std::string("cpuacct,cpu")}) {
      std::string p = root + "/" + dir + paths[controller] + "/" + file;
      if (::access(p.c_str(), R_OK) == 0) return p;
    }
    return root + "/" + controller + paths[controller] + "/" + file;
  };
  if (v1) {
    s.cpu_ns = static_cast<uint64_t>(read_number(v1_file("cpuacct", "cpuacct.usage")).value_or(0));
    int64_t usage = read_number(v1_file("memory", "memory.usage_in_bytes")).value_or(0);
    int64_t inactive =
        read_keyed(v1_file("memory", "memory.stat"), "total_inactive_file").value_or(0);
    s.memory_bytes = usage > inactive ? usage - inactive : usage;
    s.memory_limit = read_number(v1_file("memory", "memory.limit_in_bytes")).value_or(INT64_MAX);
    s.pids = read_number(v1_file("pids", "pids.current")).value_or(0);
    add_v1_block_io(v1_file("blkio", "blkio.throttle.io_service_bytes"), s);
  } else {
    std::string dir = root + paths[""];
    s.cpu_ns =
        static_cast<uint64_t>(read_keyed(dir + "/cpu.stat", "usage_usec").value_or(0)) * 1000;
    int64_t usage = read_number(dir + "/memory.current").value_or(0);
    int64_t inactive = read_keyed(dir + "/memory.stat", "inactive_file").value_or(0);
    s.memory_bytes = usage > inactive ? usage - inactive : usage;
    s.memory_limit = read_number(dir + "/memory.max").value_or(INT64_MAX);
    s.pids = read_number(dir + "/pids.current").value_or(0);
    add_v2_block_io(dir + "/io.stat", s);
  }
  if (s.memory_limit <= 0 || s.memory_limit >= host_memory()) s.memory_limit = host_memory();
  // The container's own network namespace, seen through its init.
  std::ifstream net(host.proc + "/" + std::to_string(pid) + "/net/dev");
  std::getline(net, line);
  std::getline(net, line);
  while (std::getline(net, line)) {
    auto colon = line.find(':');
    if (colon == std::string::npos) continue;
    std::string name = line.substr(0, colon);
    name.erase(0, name.find_first_not_of(' '));
    if (name == "lo") continue;
    std::istringstream fields(line.substr(colon + 1));
    uint64_t v[9] = {};
    for (auto& x : v) fields >> x;
    s.net_rx += v[0];
    s.net_tx += v[8];
  }
  return s;
}

double cpu_percent(const UsageSample& before, const UsageSample& after) {
  auto wall =
      std::chrono::duration_cast<std::chrono::nanoseconds>(after.taken - before.taken).count();
  if (wall <= 0 || after.cpu_ns < before.cpu_ns) return 0.0;
  return 100.0 * static_cast<double>(after.cpu_ns - before.cpu_ns) / static_cast<double>(wall);
}

}  // namespace berth::runtime
