#include "runtime/shim/shim_options.hpp"

#include <stdlib.h>
#include <string.h>

namespace berth::runtime {

std::string parse_shim_options(int argc, char** argv, ShimOptions& o) {
  for (int i = 1; i < argc; ++i) {
    std::string flag = argv[i];
    auto value = [&](std::string& into) -> bool {
      if (i + 1 >= argc) return false;
      into = argv[++i];
      return true;
    };
    std::string v;
    bool ok = true;
    if (flag == "--id")
      ok = value(o.id);
    else if (flag == "--bundle")
      ok = value(o.bundle);
    else if (flag == "--runtime")
      ok = value(o.runtime);
    else if (flag == "--runtime-root")
      ok = value(o.runtime_root);
    else if (flag == "--cgroups-path")
      ok = value(o.cgroups_path);
    else if (flag == "--log-path")
      ok = value(o.log_path);
    else if (flag == "--exit-file")
      ok = value(o.exit_file);
    else if (flag == "--pid-file")
      ok = value(o.pid_file);
    else if (flag == "--attach-socket")
      ok = value(o.attach_socket);
    else if (flag == "--log-max-size") {
      ok = value(v);
      o.log_max_size = atoll(v.c_str());
    } else if (flag == "--log-max-files") {
      ok = value(v);
      o.log_max_files = atoi(v.c_str());
    } else if (flag == "--sync-fd") {
      ok = value(v);
      o.sync_fd = atoi(v.c_str());
    } else if (flag == "--tty")
      o.tty = true;
    else if (flag == "--stdin")
      o.open_stdin = true;
    else if (flag == "--stdin-once")
      o.stdin_once = true;
    else if (flag == "--wait-attach")
      o.wait_attach = true;
    else if (flag == "--exit-command") {
      ok = value(v);
      o.exit_command.push_back(v);
    } else if (flag == "--health-command") {
      ok = value(v);
      o.health_command.push_back(v);
    } else if (flag == "--health-interval") {
      ok = value(v);
      o.health_interval_ns = atoll(v.c_str());
    } else if (flag == "--health-start-period") {
      ok = value(v);
      o.health_start_period_ns = atoll(v.c_str());
    } else if (flag == "--health-start-interval") {
      ok = value(v);
      o.health_start_interval_ns = atoll(v.c_str());
    } else
      return "unknown flag " + flag;
    if (!ok) return "flag " + flag + " needs a value";
  }
  for (const auto* required :
       {&o.id, &o.bundle, &o.log_path, &o.exit_file, &o.pid_file, &o.attach_socket}) {
    if (required->empty())
      return "missing one of --id --bundle --log-path --exit-file --pid-file --attach-socket";
  }
  if (o.log_max_files < 1) o.log_max_files = 1;
  if (!o.health_command.empty() && (o.health_interval_ns <= 0 || o.health_start_interval_ns <= 0))
    return "--health-command needs positive --health-interval and --health-start-interval";
  return {};
}

}  // namespace berth::runtime
