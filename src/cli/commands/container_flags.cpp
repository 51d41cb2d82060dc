#include "cli/commands/container_flags.hpp"

#include <cstdlib>
#include <iostream>

#include "base/error.hpp"
#include "base/fs.hpp"
#include "network/network_manager.hpp"
#include "network/port_spec.hpp"
#include "runtime/name_resolution_options.hpp"
#include "runtime/runtime_choice.hpp"
#include "runtime/spec/container_config.hpp"
#include "volume/volume_store.hpp"

namespace berth::cli {
namespace {

constexpr int kUsage = 125;

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out;
  size_t start = 0;
  for (;;) {
    size_t pos = s.find(sep, start);
    out.push_back(s.substr(start, pos - start));
    if (pos == std::string::npos) return out;
    start = pos + 1;
  }
}

// -v HOST:CONTAINER[:OPTIONS] (bind), -v NAME:CONTAINER[:OPTIONS] (named volume) or
// -v CONTAINER (anonymous volume), with Docker's messages.
runtime::MountRequest parse_volume(const std::string& spec) {
  auto parts = split(spec, ':');
  for (const auto& p : parts) {
    if (p.empty()) {
      throw InvalidArgumentError("invalid spec: " + spec + ": empty section between colons",
                                 kUsage);
    }
  }
  if (parts.size() > 3)
    throw InvalidArgumentError("invalid spec: " + spec + ": too many colons", kUsage);
  if (parts.size() == 1) return {"volume", "", parts[0], false, {}};
  runtime::MountRequest m{"bind", parts[0], parts[1], false, {}};
  if (parts.size() == 3) {
    for (const auto& opt : split(parts[2], ',')) {
      if (opt == "ro") {
        m.read_only = true;
      } else if (opt != "rw" && opt != "z" && opt != "Z") {
        throw InvalidArgumentError("invalid mode: " + opt, kUsage);
      }
    }
  }
  if (m.destination[0] != '/') {
    throw InvalidArgumentError("invalid mount config for type \"bind\": invalid mount path: '" +
                                   m.destination + "' mount path must be absolute",
                               kUsage);
  }
  if (m.source[0] != '/') {
    if (!volume::VolumeStore::is_valid_name(m.source)) {
      throw InvalidArgumentError(
          "create " + m.source + ": \"" + m.source +
              "\" includes invalid characters for a local volume name, only "
              "\"[a-zA-Z0-9][a-zA-Z0-9_.-]\" are allowed. If you intended to pass a host "
              "directory, use absolute path",
          kUsage);
    }
    m.type = "volume";
    return m;
  }
  // Docker's -v creates a missing host directory; an existing file is bound as it is.
  if (!std::filesystem::exists(m.source)) ensure_directory(m.source, 0755);
  return m;
}

runtime::MountRequest parse_mount(const std::string& spec) {
  runtime::MountRequest m;
  m.type = "volume";
  for (const auto& field : split(spec, ',')) {
    auto eq = field.find('=');
    std::string key = field.substr(0, eq);
    std::string value = eq == std::string::npos ? "" : field.substr(eq + 1);
    if (key == "type") {
      m.type = value;
    } else if (key == "source" || key == "src") {
      m.source = value;
    } else if (key == "target" || key == "destination" || key == "dst") {
      m.destination = value;
    } else if (key == "readonly" || key == "ro") {
      m.read_only = value.empty() || value == "true" || value == "1";
    } else if (key == "tmpfs-size") {
      m.options.push_back("size=" + value);
    } else if (key == "tmpfs-mode") {
      m.options.push_back("mode=" + value);
    } else {
      throw InvalidArgumentError("invalid field '" + key + "' must be a key=value pair", kUsage);
    }
  }
  if (m.destination.empty())
    throw InvalidArgumentError(
        "invalid argument \"" + spec + "\" for \"--mount\" flag: target is required", kUsage);
  if (m.type == "bind") {
    if (m.source.empty() || m.source[0] != '/' || !fs::exists(m.source)) {
      throw InvalidArgumentError(
          "invalid mount config for type \"bind\": bind source path does not exist: " + m.source,
          kUsage);
    }
  } else if (m.type == "volume") {
    if (!m.source.empty() && !volume::VolumeStore::is_valid_name(m.source)) {
      throw InvalidArgumentError("invalid volume name \"" + m.source + "\"", kUsage);
    }
  } else if (m.type != "tmpfs") {
    throw InvalidArgumentError("invalid mount type \"" + m.type + "\"", kUsage);
  }
  return m;
}

runtime::MountRequest parse_tmpfs(const std::string& spec) {
  auto colon = spec.find(':');
  runtime::MountRequest m{"tmpfs", "", spec.substr(0, colon), false, {}};
  if (colon != std::string::npos) m.options = split(spec.substr(colon + 1), ',');
  if (m.destination.empty() || m.destination[0] != '/') {
    throw InvalidArgumentError("invalid tmpfs spec \"" + spec + "\": path must be absolute",
                               kUsage);
  }
  return m;
}

std::vector<std::string> resolve_env(const std::vector<std::string>& entries) {
  std::vector<std::string> out;
  for (const auto& e : entries) {
    if (e.empty()) continue;
    if (e.find('=') != std::string::npos) {
      out.push_back(e);
    } else if (const char* v = std::getenv(e.c_str())) {
      // Docker takes a bare KEY from the caller's environment, and drops it when unset.
      out.push_back(e + "=" + v);
    }
  }
  return out;
}

// Each value through `check`, its error worded as Docker's flag parser words it.
template <typename Check>
void each_value(const std::vector<std::string>& values, const std::string& flag, Check check) {
  for (const auto& v : values) {
    try {
      check(v);
    } catch (const Error& e) {
      throw InvalidArgumentError(
          "invalid argument \"" + v + "\" for \"" + flag + "\" flag: " + e.what(), kUsage);
    }
  }
}

// --cap-add/--cap-drop are kept as typed (the engine checks them at create, as the daemon
// does); the others are checked here, as Docker's CLI does.
void apply_host_options(const ContainerFlags& f, runtime::ContainerRequest& r) {
  r.cap_add = f.cap_add;
  r.cap_drop = f.cap_drop;
  each_value(f.ulimits, "--ulimit", [&](const std::string& v) {
    auto [name, limit] = runtime::parse_ulimit(v);
    r.ulimits[name] = limit;
  });
  each_value(f.add_hosts, "--add-host", [&](const std::string& v) {
    r.extra_hosts.push_back(runtime::validate_extra_host(v));
  });
  each_value(f.dns, "--dns",
             [&](const std::string& v) { r.dns.push_back(runtime::validate_dns_server(v)); });
  each_value(f.dns_search, "--dns-search", [&](const std::string& v) {
    r.dns_search.push_back(runtime::validate_dns_search(v));
  });
  r.dns_options = f.dns_options;
  if (!f.shm_size.empty()) {
    each_value({f.shm_size}, "--shm-size",
               [&](const std::string& v) { r.shm_size = runtime::parse_memory_size(v); });
    if (r.shm_size == 0) r.shm_size = runtime::kDefaultShmSize;  // Docker's 0: the default
  }
}

}  // namespace

void add_container_flags(CLI::App* cmd, ContainerFlags& f) {
  // As in Docker, -h is --hostname here; help is --help only.
  cmd->set_help_flag("--help", "Print this help message and exit");
  auto one = [](CLI::Option* o) { o->allow_extra_args(false); };
  cmd->add_option("--name", f.name, "Assign a name to the container");
  one(cmd->add_option("-e,--env", f.env, "Set environment variables"));
  one(cmd->add_option("--env-file", f.env_files, "Read in a file of environment variables"));
  one(cmd->add_option("-v,--volume", f.volumes, "Bind mount a volume"));
  one(cmd->add_option("--mount", f.mounts, "Attach a filesystem mount to the container"));
  one(cmd->add_option("--tmpfs", f.tmpfs, "Mount a tmpfs directory"));
  cmd->add_option("-w,--workdir", f.workdir, "Working directory inside the container");
  cmd->add_option("-u,--user", f.user, "Username or UID (format: <name|uid>[:<group|gid>])");
  cmd->add_option("--entrypoint", f.entrypoint, "Overwrite the default ENTRYPOINT of the image")
      ->each([&f](const std::string&) { f.entrypoint_set = true; });
  cmd->add_option("-h,--hostname", f.hostname, "Container host name");
  cmd->add_option("-m,--memory", f.memory, "Memory limit");
  cmd->add_option("--memory-swap", f.memory_swap,
                  "Swap limit equal to memory plus swap: '-1' to enable unlimited swap");
  cmd->add_option("--cpus", f.cpus, "Number of CPUs");
  cmd->add_option("-c,--cpu-shares", f.cpu_shares, "CPU shares (relative weight)");
  cmd->add_option("--pids-limit", f.pids_limit, "Tune container pids limit (set -1 for unlimited)");
  cmd->add_flag("--read-only", f.read_only, "Mount the container's root filesystem as read only");
  cmd->add_flag("--init", f.init,
                "Run an init inside the container that forwards signals and reaps processes");
  cmd->add_flag("-i,--interactive", f.interactive, "Keep STDIN open even if not attached");
  cmd->add_flag("-t,--tty", f.tty, "Allocate a pseudo-TTY");
  cmd->add_flag("--rm", f.auto_remove, "Automatically remove the container when it exits");
  cmd->add_option("--restart", f.restart, "Restart policy to apply when a container exits");
  cmd->add_option("--stop-signal", f.stop_signal, "Signal to stop the container");
  cmd->add_option("--stop-timeout", f.stop_timeout, "Timeout (in seconds) to stop a container");
  one(cmd->add_option("-l,--label", f.labels, "Set meta data on a container"));
  cmd->add_option("--cidfile", f.cidfile, "Write the container ID to the file");
  cmd->add_option("--network,--net", f.network,
                  "Connect a container to a network (bridge, none, host, container:NAME, or a "
                  "network's name)");
  one(cmd->add_option("--network-alias", f.network_aliases, "Add network-scoped alias"));
  cmd->add_option("--ip", f.ip, "IPv4 address (e.g., 172.30.100.104)");
  one(cmd->add_option("-p,--publish", f.publish, "Publish a container's port(s) to the host"));
  cmd->add_flag("-P,--publish-all", f.publish_all, "Publish all exposed ports to random ports");
  cmd->add_option(
      "--runtime", f.runtime,
      "Runtime to use for this container: runc (default, or $BERTH_RUNTIME), crun, youki");
  one(cmd->add_option("--log-opt", f.log_opts, "Log driver options (max-size, max-file)"));
  one(cmd->add_option(
      "--storage-opt", f.storage_opts,
      "Storage driver options for the container (size: cap of its writable layer)"));
  cmd->add_option("--pull", f.pull,
                  "Pull image before running (\"always\", \"missing\", \"never\")");
  add_health_flags(cmd, f.health);
  one(cmd->add_option("--cap-add", f.cap_add, "Add Linux capabilities"));
  one(cmd->add_option("--cap-drop", f.cap_drop, "Drop Linux capabilities"));
  one(cmd->add_option("--ulimit", f.ulimits, "Ulimit options"));
  one(cmd->add_option("--add-host", f.add_hosts, "Add a custom host-to-IP mapping (host:ip)"));
  one(cmd->add_option("--dns", f.dns, "Set custom DNS servers"));
  one(cmd->add_option("--dns-search", f.dns_search, "Set custom DNS search domains"));
  one(cmd->add_option("--dns-option,--dns-opt", f.dns_options, "Set DNS options"));
  cmd->add_option("--shm-size", f.shm_size, "Size of /dev/shm");
  cmd->add_option("IMAGE", f.image, "Image")->required();
  cmd->add_option("COMMAND", f.command, "Command and arguments");
  // Everything after the image belongs to the container's command.
  cmd->positionals_at_end(true);
}

runtime::ContainerRequest make_request(const ContainerFlags& f) {
  runtime::ContainerRequest r;
  r.image = f.image;
  r.name = f.name;
  r.command = f.command;
  if (f.entrypoint_set) {
    r.entrypoint =
        f.entrypoint.empty() ? std::vector<std::string>{} : std::vector<std::string>{f.entrypoint};
  }
  std::vector<std::string> env;
  for (const auto& file : f.env_files) {
    std::string text;
    try {
      text = read_file(file);
    } catch (const Error& e) {
      throw InvalidArgumentError(std::string(e.what()), kUsage);
    }
    auto entries = runtime::parse_env_file(text, file);
    env.insert(env.end(), entries.begin(), entries.end());
  }
  env.insert(env.end(), f.env.begin(), f.env.end());
  r.env = resolve_env(env);
  r.user = f.user;
  r.workdir = f.workdir;
  if (!r.workdir.empty() && r.workdir[0] != '/') {
    throw InvalidArgumentError(
        "the working directory '" + r.workdir + "' is invalid, it needs to be an absolute path",
        kUsage);
  }
  r.hostname = f.hostname;
  r.tty = f.tty;
  r.open_stdin = f.interactive;
  r.stdin_once = f.interactive;  // `run -d` clears it: its stdin outlives attached clients
  r.read_only = f.read_only;
  r.init = f.init;
  r.auto_remove = f.auto_remove;
  for (const auto& v : f.volumes) r.mounts.push_back(parse_volume(v));
  for (const auto& m : f.mounts) r.mounts.push_back(parse_mount(m));
  for (const auto& t : f.tmpfs) r.mounts.push_back(parse_tmpfs(t));
  r.network_mode = f.network;
  if (runtime::uses_bridge_network(r)) {
    bool default_network = network::NetworkManager::is_default_name(f.network);
    if (default_network && !f.network_aliases.empty()) {
      throw InvalidArgumentError(
          "network-scoped alias is supported only for containers in user defined networks", kUsage);
    }
    if (default_network && !f.ip.empty()) {
      throw InvalidArgumentError(
          "user specified IP address is supported on user defined networks only", kUsage);
    }
    r.networks.push_back(
        {default_network ? std::string("bridge") : f.network, f.network_aliases, f.ip});
    try {
      for (const auto& spec : f.publish) {
        auto bindings = network::parse_publish_spec(spec);
        r.ports.insert(r.ports.end(), bindings.begin(), bindings.end());
      }
    } catch (const Error& e) {
      throw InvalidArgumentError(e.what(), kUsage);
    }
    r.publish_all = f.publish_all;
  } else if (!f.publish.empty() || f.publish_all) {
    // Docker ignores -p with --network host (and warns); none has nothing to publish to.
    if (f.network != "host") {
      throw InvalidArgumentError(
          "conflicting options: port publishing and the container type "
          "network mode",
          kUsage);
    }
    std::cerr << "WARNING: Published ports are discarded when using host network mode\n";
  } else if (!f.network_aliases.empty() || !f.ip.empty()) {
    throw InvalidArgumentError(
        "network-scoped alias is supported only for containers in user defined networks", kUsage);
  }
  try {
    if (!f.memory.empty()) r.limits.memory_bytes = runtime::parse_memory_size(f.memory);
    if (!f.memory_swap.empty()) {
      r.limits.memory_swap_bytes =
          f.memory_swap == "-1" ? -1 : runtime::parse_memory_size(f.memory_swap);
    }
  } catch (const Error& e) {
    throw InvalidArgumentError(e.what(), kUsage);
  }
  if (f.cpus < 0)
    throw InvalidArgumentError("invalid argument for --cpus: must be positive", kUsage);
  if (f.cpus > 0) r.limits.cpus = f.cpus;
  if (f.cpu_shares > 0) r.limits.cpu_shares = static_cast<uint64_t>(f.cpu_shares);
  if (f.pids_limit != 0) r.limits.pids_limit = f.pids_limit;
  r.restart = runtime::RestartPolicy::parse(f.restart);
  if (r.restart.name != "no" && f.auto_remove) {
    throw InvalidArgumentError("conflicting options: cannot specify both --restart and --rm",
                               kUsage);
  }
  r.stop_signal = f.stop_signal;
  if (f.stop_timeout >= 0) r.stop_timeout = f.stop_timeout;
  for (const auto& l : f.labels) {
    auto eq = l.find('=');
    r.labels[l.substr(0, eq)] = eq == std::string::npos ? "" : l.substr(eq + 1);
  }
  r.runtime = f.runtime.empty() ? runtime::default_runtime_name() : f.runtime;
  try {
    runtime::check_runtime_name(r.runtime);
  } catch (const InvalidArgumentError& e) {
    throw InvalidArgumentError(e.what(), kUsage);
  }
  for (const auto& opt : f.log_opts) {
    auto eq = opt.find('=');
    std::string key = opt.substr(0, eq), value = eq == std::string::npos ? "" : opt.substr(eq + 1);
    if (key == "max-size") {
      r.log_max_size = runtime::parse_memory_size(value);
    } else if (key == "max-file") {
      r.log_max_files = std::stoi(value);
    } else {
      throw InvalidArgumentError("unknown log opt '" + key + "' for json-file log driver", kUsage);
    }
  }
  if (f.pull != "always" && f.pull != "missing" && f.pull != "never") {
    throw InvalidArgumentError("invalid pull option: '" + f.pull +
                                   "': must be one of \"always\", \"missing\" or \"never\"",
                               kUsage);
  }
  for (const auto& opt : f.storage_opts) {
    auto eq = opt.find('=');
    if (eq == std::string::npos) throw InvalidArgumentError("invalid storage option", kUsage);
    r.storage_opt[opt.substr(0, eq)] = opt.substr(eq + 1);
  }
  r.healthcheck = make_health_config(f.health);
  apply_host_options(f, r);
  return r;
}

}  // namespace berth::cli
