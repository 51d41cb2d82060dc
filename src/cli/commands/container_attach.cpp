#include "cli/commands/container_attach.hpp"

#include <unistd.h>

#include <optional>

#include "runtime/container_request.hpp"
#include "runtime/shim_client/shim_client.hpp"
#include "runtime/shim_client/signal_proxy.hpp"

namespace berth::cli {

int attach_and_wait(Context& ctx, const runtime::ContainerRecord& c, const FollowOptions& o) {
  auto& engine = ctx.engine();
  std::optional<runtime::SignalProxy> proxy;
  if (o.sig_proxy && !o.tty) proxy.emplace(runtime::forward_to_process(c.pid));
  if (o.tty || o.interactive || o.output_from_now) {
    runtime::AttachOptions options;
    options.tty = o.tty;
    options.stdin_fd = o.interactive ? STDIN_FILENO : -1;
    options.stdin_once = runtime::request_from_json(c.request).stdin_once;
    options.detach_keys = o.detach_keys;
    auto result = runtime::attach(engine.attach_socket(c.id), options);
    if (result.detached) return -1;
  } else {
    // The log is complete by the time the exit file appears, so nothing is lost even if the
    // container wrote before we started reading.
    runtime::LogOptions options;
    options.follow = true;
    runtime::print_logs(engine.log_path(c.id), engine.exit_file(c.id), options, STDOUT_FILENO,
                        STDERR_FILENO);
  }
  return engine.wait(c.id);
}

std::string detach_keys_flag(const std::string& keys) {
  return keys.empty() ? std::string(runtime::kDefaultDetachKeys) : runtime::parse_detach_keys(keys);
}

}  // namespace berth::cli
