#include "build/executor/run_step.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <iostream>
#include <random>
#include <set>

#include "base/error.hpp"
#include "base/fs.hpp"
#include "base/safe_fs/confined_open.hpp"
#include "base/unique_fd.hpp"
#include "network/resolv_conf.hpp"
#include "runtime/runtime_cli.hpp"

namespace berth::build {

namespace {

std::string random_hex(size_t n) {
  std::random_device rd;
  std::uniform_int_distribution<int> nibble(0, 15);
  std::string s;
  for (size_t i = 0; i < n; ++i) s.push_back("0123456789abcdef"[nibble(rd)]);
  return s;
}

// Whether `path` exists in the rootfs, resolved as the container would (symlinks stay inside).
bool exists_in_rootfs(int root_fd, const std::string& path) {
  return UniqueFd(openat2_in_root(root_fd, path, O_PATH | O_NOFOLLOW)).valid();
}

// The directories from "/" down to `path`'s parent, then `path` ("/a/b" -> "/a", "/a/b").
std::vector<std::string> path_and_parents(const std::string& path) {
  std::vector<std::string> out;
  for (size_t pos = path.find('/', 1); pos != std::string::npos; pos = path.find('/', pos + 1)) {
    out.push_back(path.substr(0, pos));
  }
  out.push_back(path);
  return out;
}

// Removes a runtime-made mount point from the upper dir: an empty file or empty directory
// that was not there before the step. Never follows symlinks (the upper dir is the step's).
void remove_stub(const std::filesystem::path& upper, const std::string& path) {
  auto host = upper / path.substr(1);
  struct stat st {};
  if (::lstat(host.c_str(), &st) != 0) return;
  if (S_ISREG(st.st_mode) && st.st_size == 0) {
    ::unlink(host.c_str());
  } else if (S_ISDIR(st.st_mode)) {
    ::rmdir(host.c_str());  // fails, as it should, when the step put files there
  }
}

// Takes CAP_NET_RAW out of every capability set of the spec.
void drop_net_raw(Json& spec) {
  auto caps = spec["process"].find("capabilities");
  if (caps == spec["process"].end() || !caps->is_object()) return;
  for (auto& [set, list] : caps->items()) {
    if (!list.is_array()) continue;
    Json kept = Json::array();
    for (const auto& c : list) {
      if (c != "CAP_NET_RAW") kept.push_back(c);
    }
    list = kept;
  }
}

}  // namespace

int run_in_rootfs(const StepRootfs& rootfs, const RunStep& step, const RunnerOptions& runner,
                  const std::function<void(std::string_view)>& output) {
  std::string id = "build-" + random_hex(24);
  runtime::ContainerConfig cfg;
  cfg.id = id;
  cfg.rootfs = rootfs.merged();
  cfg.image_config = {{"Env", step.env}};
  cfg.entrypoint = step.argv;
  cfg.user = step.user;
  cfg.workdir = step.workdir;
  cfg.hostname = "buildkitsandbox";
  cfg.network_mode = step.network;
  cfg.mounts = step.mounts;
  cfg.cgroups_path = "/berth/" + id;
  cfg.limits = step.limits;
  std::optional<network::ContainerNetworking> networking;
  if (step.network == "bridge") {
    if (!runner.networks) throw Error("RUN on the bridge network needs the network manager");
    // Networks name interfaces after the hex of an ID: the step's, without "build-".
    networking =
        runner.networks->connect_container(id.substr(6), id, {{step.bridge_network, {}, ""}}, {});
    cfg.network_mode = "path";
    cfg.netns_path = networking->netns;
  }
  // Whatever happens below, the step's namespace and lease go with it.
  struct ReleaseNetwork {
    network::NetworkManager* networks;
    std::string id;
    ~ReleaseNetwork() {
      if (!networks) return;
      try {
        networks->disconnect_container(id);
      } catch (const std::exception& e) {
        std::cerr << "warning: release the network of build step " << id << ": " << e.what()
                  << "\n";
      }
    }
  } release{networking ? runner.networks : nullptr, id.substr(6)};
  write_file_replace(rootfs.dir() / "hostname", "buildkitsandbox\n", 0644);
  write_file_replace(rootfs.dir() / "hosts",
                     "127.0.0.1\tlocalhost buildkitsandbox\n::1\tlocalhost ip6-localhost "
                     "ip6-loopback\n",
                     0644);
  std::string resolv;
  {
    std::ifstream in("/etc/resolv.conf");
    resolv.assign(std::istreambuf_iterator<char>(in), {});
  }
  write_file_replace(rootfs.dir() / "resolv.conf",
                     network::container_resolv_conf(networking ? &*networking : nullptr, resolv),
                     0644);
  cfg.hosts_file = rootfs.dir() / "hosts";
  cfg.hostname_file = rootfs.dir() / "hostname";
  cfg.resolv_conf_file = rootfs.dir() / "resolv.conf";

  auto plan = runtime::plan_process(cfg);
  Json spec = runtime::make_runtime_spec(cfg, plan, runtime::read_host_limits());
  spec["process"]["terminal"] = false;
  drop_net_raw(spec);

  // Mount points the runtime will have to create: remembered now, removed afterwards.
  UniqueFd root_fd(::open(rootfs.merged().c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC));
  if (root_fd.get() < 0) throw_errno("open " + rootfs.merged().string());
  std::vector<std::string> stubs;
  std::set<std::string> seen;
  for (const auto& m : spec["mounts"]) {
    for (const auto& p : path_and_parents(m.value("destination", ""))) {
      if (p.empty() || p == "/" || seen.count(p)) continue;
      seen.insert(p);
      if (!exists_in_rootfs(root_fd.get(), p)) stubs.push_back(p);
    }
  }
  write_file_replace(rootfs.dir() / "config.json", spec.dump(), 0600);

  std::optional<runtime::RuntimeCli> cli;
  runtime::OciRuntime* oci = runner.oci_runtime;
  if (!oci) oci = &cli.emplace(runner.runtime, runner.runtime_root, rootfs.dir());
  runtime::RunOptions run;
  run.on_output = output;
  run.wall_time = step.wall_time;
  runtime::RunResult result = oci->run(id, rootfs.dir(), run);
  // Deepest first, so a parent dir made only for a mount point goes too.
  for (auto it = stubs.rbegin(); it != stubs.rend(); ++it) remove_stub(rootfs.upper(), *it);
  if (result.timed_out) {
    throw Error("the step ran past its time limit of " + std::to_string(step.wall_time->count()) +
                "s and was killed");
  }
  return result.exit_code;
}

}  // namespace berth::build
