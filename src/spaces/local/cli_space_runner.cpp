#include "spaces/local/cli_space_runner.hpp"

#include <fmt/format.h>

#include <sstream>

#include "base/error.hpp"
#include "base/json.hpp"

namespace berth::spaces {

namespace {

std::string trimmed(std::string text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  return text;
}

bool is_missing(const BerthProcessResult& r) {
  return r.output.find("No such") != std::string::npos ||
         r.output.find("not found") != std::string::npos;
}

}  // namespace

void CliSpaceRunner::start(const SpaceRunRequest& request) {
  std::vector<std::string> args = {"run",       "-d",
                                   "--name",    request.instance_name,
                                   "--user",    "1000",
                                   "--network", request.network,
                                   "--label",   "berth.space=" + request.space_id};
  if (request.cpus > 0) args.insert(args.end(), {"--cpus", fmt::format("{:g}", request.cpus)});
  if (request.memory_bytes > 0) {
    args.insert(args.end(), {"--memory", std::to_string(request.memory_bytes)});
  }
  if (request.pids_limit > 0) {
    args.insert(args.end(), {"--pids-limit", std::to_string(request.pids_limit)});
  }
  if (request.disk_bytes > 0) {
    args.insert(args.end(), {"--storage-opt", "size=" + std::to_string(request.disk_bytes)});
  }
  args.insert(args.end(), {"--log-opt", "max-size=" + std::string(kSpaceLogMaxSize), "--log-opt",
                           "max-file=" + std::to_string(kSpaceLogMaxFiles)});
  if (request.data_dir) args.insert(args.end(), {"-v", request.data_dir->string() + ":/data"});
  for (const auto& [key, value] : request.env) args.insert(args.end(), {"-e", key + "=" + value});
  // Secrets go through the `berth run` process's environment (`-e KEY` with no value takes it
  // from there), so no value shows on a command line; multi-line values (PEM keys) survive.
  // The berth.secret_env label has the engine keep their values sealed: not in plain text in
  // berth.db, the bundle on tmpfs, not shown by inspect.
  std::map<std::string, std::string> env;
  std::string secret_names;
  for (const auto& [key, value] : request.secrets) {
    env[key] = value;
    args.insert(args.end(), {"-e", key});
    secret_names += (secret_names.empty() ? "" : ",") + key;
  }
  if (!secret_names.empty())
    args.insert(args.end(), {"--label", "berth.secret_env=" + secret_names});
  args.push_back(request.image);
  auto result = berth_.run(args, env);
  if (result.exit_code != 0) {
    throw Error("starting " + request.instance_name + ": " + trimmed(result.output));
  }
}

void CliSpaceRunner::remove(const std::string& instance_name) {
  auto result = berth_.run({"rm", "-f", "-v", instance_name});
  if (result.exit_code != 0 && !is_missing(result)) {
    throw Error("removing " + instance_name + ": " + trimmed(result.output));
  }
}

std::vector<SpaceInstance> CliSpaceRunner::list_instances() {
  auto result = berth_.run({"ps", "-a", "--filter", "label=berth.space", "--format",
                            "{{index .Labels \"berth.space\"}}\t{{.Names}}"});
  if (result.exit_code != 0)
    throw Error("listing the Spaces' containers: " + trimmed(result.output));
  std::vector<SpaceInstance> instances;
  std::istringstream lines(result.output);
  for (std::string line; std::getline(lines, line);) {
    auto tab = line.find('\t');
    if (tab == std::string::npos) continue;  // not a line of the format (a warning)
    instances.push_back({line.substr(0, tab), line.substr(tab + 1)});
  }
  return instances;
}

InstanceStatus CliSpaceRunner::status(const std::string& instance_name) {
  auto result = berth_.run({"container", "inspect", instance_name});
  InstanceStatus status;
  if (result.exit_code != 0) {
    if (is_missing(result)) return status;
    throw Error("inspecting " + instance_name + ": " + trimmed(result.output));
  }
  Json j = Json::parse(result.output).at(0);
  const auto& state = j.at("State");
  std::string s = state.value("Status", "");
  status.exit_code = state.value("ExitCode", 0);
  if (s == "running") {
    status.state = InstanceStatus::State::kRunning;
  } else if (s == "paused") {
    status.state = InstanceStatus::State::kPaused;
  } else {
    status.state = InstanceStatus::State::kExited;
  }
  if (auto nets = j.at("NetworkSettings").find("Networks"); nets != j.at("NetworkSettings").end()) {
    for (const auto& [name, endpoint] : nets->items()) {
      std::string ip = endpoint.value("IPAddress", "");
      if (!ip.empty()) status.address = ip;
    }
  }
  return status;
}

std::optional<bool> CliSpaceRunner::network_host_access(const std::string& network) {
  auto result = berth_.run({"network", "inspect", network});
  if (result.exit_code != 0) {
    if (is_missing(result)) return std::nullopt;
    throw Error("inspecting network " + network + ": " + trimmed(result.output));
  }
  Json options = Json::parse(result.output).at(0).value("Options", Json::object());
  return options.value("berth.host_access", "true") != "false";
}

std::vector<std::string> CliSpaceRunner::log_tail(const std::string& instance_name, int lines) {
  auto result = berth_.run({"logs", "--tail", std::to_string(lines), instance_name});
  std::vector<std::string> out;
  if (result.exit_code != 0) return out;
  std::istringstream in(result.output);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

std::optional<std::filesystem::path> CliSpaceRunner::log_file(const std::string& instance_name) {
  auto result = berth_.run({"container", "inspect", instance_name});
  if (result.exit_code != 0) return std::nullopt;
  return std::filesystem::path(Json::parse(result.output).at(0).value("LogPath", ""));
}

void CliSpaceRunner::ensure_network(const std::string& network, const std::string& space_id,
                                    bool host_access) {
  if (berth_.run({"network", "inspect", network}).exit_code == 0) return;
  // Without host access a Space reaches neither the server's API nor other host services;
  // without private egress neither link-local (cloud metadata) nor private ranges.
  auto result = berth_.run(
      {"network", "create", "--label", "berth.space=" + space_id, "-o",
       std::string("berth.host_access=") + (host_access ? "true" : "false"), "-o",
       std::string("berth.private_egress=") + (allow_private_egress_ ? "true" : "false"), network});
  // Another deploy may have made it in between.
  if (result.exit_code != 0 && berth_.run({"network", "inspect", network}).exit_code != 0) {
    throw Error("creating network " + network + ": " + trimmed(result.output));
  }
}

void CliSpaceRunner::remove_network(const std::string& network) {
  auto result = berth_.run({"network", "rm", network});
  if (result.exit_code != 0 && !is_missing(result)) {
    throw Error("removing network " + network + ": " + trimmed(result.output));
  }
}

}  // namespace berth::spaces
