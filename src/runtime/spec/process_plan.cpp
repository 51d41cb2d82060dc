// plan_process: the process a container runs, resolved with Docker's rules.
#include <algorithm>

#include "base/error.hpp"
#include "base/safe_fs/path_clean.hpp"
#include "runtime/spec/container_config.hpp"
#include "runtime/spec/environment.hpp"
#include "runtime/spec/rootfs_file.hpp"
#include "runtime/spec/user_database.hpp"

namespace berth::runtime {
namespace {

// The image config's string arrays; null or absent is empty.
std::vector<std::string> config_strings(const Json& config, const char* key) {
  std::vector<std::string> out;
  if (!config.is_object()) return out;
  auto it = config.find(key);
  if (it == config.end() || !it->is_array()) return out;
  for (const auto& v : *it) {
    if (v.is_string()) out.push_back(v.get<std::string>());
  }
  return out;
}

std::string string_field(const Json& config, const char* key) {
  if (!config.is_object()) return "";
  auto it = config.find(key);
  return it != config.end() && it->is_string() ? it->get<std::string>() : "";
}

std::string working_dir(const ContainerConfig& c) {
  std::string dir = !c.workdir.empty() ? c.workdir : string_field(c.image_config, "WorkingDir");
  if (dir.empty()) return "/";
  if (dir[0] != '/') {
    throw InvalidArgumentError(
        "the working directory '" + dir + "' is invalid, it needs to be an absolute path", 125);
  }
  return clean_absolute_path(dir);
}

}  // namespace

std::vector<std::string> resolve_argv(const ContainerConfig& c) {
  // Docker: --entrypoint replaces the image's ENTRYPOINT and drops its CMD (an empty one,
  // `--entrypoint ""`, clears it); arguments after the image name replace CMD. Shell forms are
  // already stored by the image as ["/bin/sh", "-c", "..."].
  std::vector<std::string> entrypoint;
  std::vector<std::string> cmd = c.command;
  if (c.entrypoint) {
    entrypoint = *c.entrypoint;
    if (entrypoint.size() == 1 && entrypoint[0].empty()) entrypoint.clear();
  } else {
    entrypoint = config_strings(c.image_config, "Entrypoint");
    if (cmd.empty()) cmd = config_strings(c.image_config, "Cmd");
  }
  std::vector<std::string> argv = std::move(entrypoint);
  argv.insert(argv.end(), cmd.begin(), cmd.end());
  if (argv.empty()) throw InvalidArgumentError("no command specified", 125);
  return argv;
}

ProcessPlan plan_process(const ContainerConfig& c) {
  ProcessPlan plan;
  plan.argv = resolve_argv(c);
  plan.cwd = working_dir(c);

  std::string user = !c.user.empty() ? c.user : string_field(c.image_config, "User");
  ExecUser exec_user = resolve_exec_user(user, read_rootfs_file(c.rootfs, "/etc/passwd"),
                                         read_rootfs_file(c.rootfs, "/etc/group"));
  plan.uid = exec_user.uid;
  plan.gid = exec_user.gid;
  plan.additional_gids = exec_user.supplementary_gids;

  EnvironmentInputs env;
  env.image_env = config_strings(c.image_config, "Env");
  env.user_env = c.env;
  env.hostname = c.hostname.empty() ? c.id.substr(0, 12) : c.hostname;
  env.tty = c.tty;
  env.home = exec_user.home;
  plan.env = merge_environment(env);
  return plan;
}

}  // namespace berth::runtime
