// `berth container inspect` and the top-level `berth inspect` (containers first, then images,
// as Docker looks them up).
#include <iostream>

#include "base/error.hpp"
#include "cli/commands/command.hpp"
#include "cli/commands/inspect_json.hpp"
#include "cli/container_size.hpp"
#include "cli/output.hpp"
#include "network/ipv4.hpp"
#include "runtime/health_check.hpp"
#include "runtime/rootfs.hpp"

namespace berth::cli {
namespace {

// Docker's NetworkSettings: the running container's endpoints, with the default network's
// address also at the top level, and Ports keyed "80/tcp".
OrderedJson network_settings(Context& ctx, const runtime::ContainerRecord& c,
                             const runtime::ContainerRequest& request) {
  OrderedJson ports = OrderedJson::object();
  for (const auto& p : ctx.engine().published_ports(c)) {
    auto key = std::to_string(p.container_port) + "/" + p.protocol;
    if (!ports.contains(key)) ports[key] = OrderedJson::array();
    ports[key].push_back({{"HostIp", p.host_ip.empty() ? "0.0.0.0" : p.host_ip},
                          {"HostPort", std::to_string(p.host_port)}});
  }
  OrderedJson networks = OrderedJson::object();
  OrderedJson out = {{"Bridge", ""}, {"SandboxKey", ""}, {"Ports", ports}};
  auto attachments = ctx.engine().network_attachments(c);
  for (const auto& e : request.networks) {
    auto n = ctx.networks().inspect(e.network);
    OrderedJson endpoint = {{"Aliases", e.aliases}, {"NetworkID", n.id}, {"EndpointID", ""},
                            {"Gateway", ""},        {"IPAddress", ""},   {"IPPrefixLen", 0},
                            {"MacAddress", ""}};
    for (const auto& a : attachments) {
      if (a.network_id != n.id) continue;
      endpoint["EndpointID"] = a.network_id.substr(0, 32) + a.container_id.substr(0, 32);
      endpoint["Gateway"] = n.gateway;
      endpoint["IPAddress"] = a.ip;
      endpoint["IPPrefixLen"] = network::Ipv4Subnet::parse(n.subnet).prefix_length();
      endpoint["MacAddress"] = a.mac;
      out["SandboxKey"] = ctx.networks().netns_path(c.id).string();
      if (n.name == network::kDefaultNetworkName) {
        out["Gateway"] = n.gateway;
        out["IPAddress"] = a.ip;
        out["IPPrefixLen"] = endpoint["IPPrefixLen"];
        out["MacAddress"] = a.mac;
      }
    }
    networks[n.name] = endpoint;
  }
  if (request.networks.empty()) networks[request.network_mode] = OrderedJson::object();
  out["Networks"] = networks;
  return out;
}

// `j`'s keys in Docker's order (Json keeps them sorted), those it lacks left out.
OrderedJson in_order(const Json& j, std::initializer_list<const char*> keys) {
  OrderedJson out = OrderedJson::object();
  for (const char* key : keys) {
    if (j.contains(key)) out[key] = OrderedJson::parse(j[key].dump());
  }
  return out;
}

constexpr std::initializer_list<const char*> kHealthcheckKeys = {
    "Test", "Interval", "Timeout", "StartPeriod", "StartInterval", "Retries"};

OrderedJson health_json(const runtime::HealthState& health) {
  Json j = runtime::to_json(health);
  OrderedJson out = in_order(j, {"Status", "FailingStreak"});
  out["Log"] = OrderedJson::array();
  for (const auto& entry : j["Log"]) {
    out["Log"].push_back(in_order(entry, {"Start", "End", "ExitCode", "Output"}));
  }
  return out;
}

}  // namespace

OrderedJson inspect_container_json(Context& ctx, const runtime::ContainerRecord& c,
                                   bool with_size) {
  auto& engine = ctx.engine();
  auto request = runtime::request_from_json(c.request);
  auto argv = engine.process_args(c);
  auto dir = engine.container_dir(c.id);
  bool running = runtime::is_alive(c.state);
  OrderedJson j;
  j["Id"] = c.id;
  j["Created"] = c.created;
  j["Path"] = argv.empty() ? "" : argv.front();
  j["Args"] = argv.empty() ? std::vector<std::string>{}
                           : std::vector<std::string>(argv.begin() + 1, argv.end());
  j["State"] = {{"Status", std::string(runtime::state_name(c.state))},
                {"Running", running},
                {"Paused", c.state == runtime::ContainerState::kPaused},
                {"Restarting", false},
                {"OOMKilled", c.oom_killed},
                {"Dead", false},
                {"Pid", running ? c.pid : 0},
                {"ExitCode", c.exit_code},
                {"Error", c.error},
                {"StartedAt", c.started_at.empty() ? "0001-01-01T00:00:00Z" : c.started_at},
                {"FinishedAt", c.finished_at.empty() ? "0001-01-01T00:00:00Z" : c.finished_at}};
  if (auto health = runtime::read_health(engine, c.id)) j["State"]["Health"] = health_json(*health);
  j["Image"] = c.image_id.str();
  j["ResolvConfPath"] = (dir / "resolv.conf").string();
  j["HostnamePath"] = (dir / "hostname").string();
  j["HostsPath"] = (dir / "hosts").string();
  j["LogPath"] = engine.log_path(c.id).string();
  j["Name"] = "/" + c.name;
  j["RestartCount"] = c.restart_count;
  j["Driver"] = "overlay";
  j["Platform"] = "linux";
  OrderedJson binds = OrderedJson::array();
  OrderedJson tmpfs = OrderedJson::object();
  OrderedJson mounts = OrderedJson::array();
  for (const auto& m : request.mounts) {
    if (m.type == "tmpfs") {
      std::string opts;
      for (const auto& o : m.options) opts += (opts.empty() ? "" : ",") + o;
      tmpfs[m.destination] = opts;
    } else {
      binds.push_back(m.source + ":" + m.destination + (m.read_only ? ":ro" : ""));
    }
    if (m.type == "volume") {
      auto v = ctx.volumes().find(m.source);
      mounts.push_back({{"Type", "volume"},
                        {"Name", m.source},
                        {"Source", v ? v->mountpoint.string() : ""},
                        {"Destination", m.destination},
                        {"Driver", "local"},
                        {"Mode", m.read_only ? "ro" : "z"},
                        {"RW", !m.read_only},
                        {"Propagation", ""}});
      continue;
    }
    mounts.push_back({{"Type", m.type},
                      {"Source", m.source},
                      {"Destination", m.destination},
                      {"Mode", m.read_only ? "ro" : ""},
                      {"RW", !m.read_only},
                      {"Propagation", m.type == "bind" ? "rprivate" : ""}});
  }
  j["HostConfig"] = {
      {"Binds", binds.empty() ? OrderedJson(nullptr) : binds},
      {"NetworkMode", request.network_mode},
      {"RestartPolicy",
       {{"Name", request.restart.name},
        {"MaximumRetryCount", request.restart.maximum_retry_count}}},
      {"AutoRemove", request.auto_remove},
      {"Runtime", request.runtime},
      {"ReadonlyRootfs", request.read_only},
      {"Init", request.init},
      {"Tmpfs", tmpfs.empty() ? OrderedJson(nullptr) : tmpfs},
      {"Memory", request.limits.memory_bytes.value_or(0)},
      {"MemorySwap", request.limits.memory_swap_bytes.value_or(0)},
      {"NanoCpus", static_cast<int64_t>(request.limits.cpus.value_or(0) * 1e9)},
      {"CpuShares", request.limits.cpu_shares.value_or(0)},
      {"PidsLimit",
       request.limits.pids_limit ? OrderedJson(*request.limits.pids_limit) : OrderedJson(nullptr)},
      {"LogConfig", {{"Type", "json-file"}, {"Config", OrderedJson::object()}}}};
  {
    // Docker's: CapAdd/CapDrop/ExtraHosts null when unset, the Dns lists and Ulimits [].
    auto list_or_null = [](const std::vector<std::string>& v) {
      return v.empty() ? OrderedJson(nullptr) : OrderedJson(v);
    };
    OrderedJson ulimits = OrderedJson::array();
    for (const auto& [name, limit] : request.ulimits) {
      ulimits.push_back({{"Name", name}, {"Hard", limit.hard}, {"Soft", limit.soft}});
    }
    auto& host_config = j["HostConfig"];
    host_config["CapAdd"] = list_or_null(request.cap_add);
    host_config["CapDrop"] = list_or_null(request.cap_drop);
    host_config["Dns"] = request.dns;
    host_config["DnsOptions"] = request.dns_options;
    host_config["DnsSearch"] = request.dns_search;
    host_config["ExtraHosts"] = list_or_null(request.extra_hosts);
    host_config["ShmSize"] = request.shm_size;
    host_config["Ulimits"] = ulimits;
  }
  if (!request.storage_opt.empty()) {
    OrderedJson storage_opt = OrderedJson::object();
    for (const auto& [key, value] : request.storage_opt) storage_opt[key] = value;
    j["HostConfig"]["StorageOpt"] = storage_opt;
  }
  auto layout = engine.rootfs_layout(c);
  j["GraphDriver"] = {{"Data",
                       {{"MergedDir", layout.merged.string()},
                        {"UpperDir", layout.upper.string()},
                        {"WorkDir", layout.work.string()}}},
                      {"Name", "overlay"}};
  if (with_size) {
    auto size = container_size(ctx, c);
    j["SizeRw"] = size.rw;
    j["SizeRootFs"] = size.root_fs;
  }
  j["Mounts"] = mounts;
  Json image_config = Json::object();
  if (auto image = ctx.images().find(c.image_id))
    image_config = ctx.images().config(*image).runtime_config();
  OrderedJson env = OrderedJson::array();
  for (const auto& e : image_config.value("Env", std::vector<std::string>{})) env.push_back(e);
  for (const auto& e : request.env) env.push_back(e);
  OrderedJson labels = OrderedJson::object();
  for (const auto& [k, v] : request.labels) labels[k] = v;
  j["Config"] = {{"Hostname", request.hostname.empty() ? c.id.substr(0, 12) : request.hostname},
                 {"Domainname", ""},
                 {"User", request.user.empty() ? image_config.value("User", "") : request.user},
                 {"AttachStdin", request.stdin_once},
                 {"AttachStdout", request.attach_output},
                 {"AttachStderr", request.attach_output},
                 {"Tty", request.tty},
                 {"OpenStdin", request.open_stdin},
                 {"StdinOnce", request.stdin_once},
                 {"Env", env},
                 {"Cmd", request.command.empty()
                             ? OrderedJson::parse(image_config.value("Cmd", Json(nullptr)).dump())
                             : OrderedJson(request.command)},
                 {"Image", c.image_name},
                 {"WorkingDir",
                  request.workdir.empty() ? image_config.value("WorkingDir", "") : request.workdir},
                 {"Entrypoint",
                  request.entrypoint
                      ? OrderedJson(*request.entrypoint)
                      : OrderedJson::parse(image_config.value("Entrypoint", Json(nullptr)).dump())},
                 {"Labels", labels}};
  if (!request.stop_signal.empty()) j["Config"]["StopSignal"] = request.stop_signal;
  auto healthcheck = engine.healthcheck(c);
  if (!healthcheck && request.healthcheck && request.healthcheck->disabled()) {
    healthcheck = request.healthcheck;  // --no-healthcheck shows as {"Test": ["NONE"]}
  }
  if (healthcheck) {
    // Docker's order: Healthcheck right after Cmd.
    OrderedJson config;
    for (auto& [key, value] : j["Config"].items()) {
      config[key] = value;
      if (key == "Cmd")
        config["Healthcheck"] = in_order(runtime::to_json(*healthcheck), kHealthcheckKeys);
    }
    j["Config"] = std::move(config);
  }
  j["NetworkSettings"] = network_settings(ctx, c, request);
  return j;
}

CLI::App* add_container_inspect(CLI::App& parent, Context& ctx, const std::string& name,
                                bool any_type) {
  struct Options {
    std::vector<std::string> names;
    std::string format;
    std::string type;
    bool size = false;
  };
  auto opts = std::make_shared<Options>();
  auto* cmd = parent.add_subcommand(
      name, any_type ? "Return low-level information on Docker objects"
                     : "Display detailed information on one or more containers");
  cmd->add_option("-f,--format", opts->format, "Format output using a custom template");
  if (any_type)
    cmd->add_option("--type", opts->type,
                    "Only inspect objects of the given type (container, image)");
  cmd->add_flag(
      "-s,--size", opts->size,
      any_type ? "Display total file sizes if the type is container" : "Display total file sizes");
  cmd->add_option("NAME", opts->names, "Objects to inspect")->required();
  cmd->callback([&ctx, opts, any_type] {
    std::vector<OrderedJson> found;
    std::vector<std::string> errors;
    for (const auto& n : opts->names) {
      if (opts->type.empty() || opts->type == "container") {
        if (auto c = ctx.containers().find(n)) {
          found.push_back(inspect_container_json(ctx, ctx.engine().get(c->id), opts->size));
          continue;
        }
      }
      if (any_type && (opts->type.empty() || opts->type == "image")) {
        if (auto image = ctx.images().try_resolve(n)) {
          found.push_back(inspect_image_json(ctx, *image));
          continue;
        }
      }
      errors.push_back(any_type && opts->type.empty() ? "No such object: " + n
                                                      : "No such container: " + n);
    }
    std::cout << render_inspect(opts->format, found);
    for (const auto& e : errors) std::cerr << "Error: " << e << "\n";
    if (!errors.empty()) throw ExitStatus{1};
  });
  return cmd;
}

}  // namespace berth::cli
