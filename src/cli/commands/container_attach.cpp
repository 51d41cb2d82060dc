#include "cli/commands/container_attach.hpp"

#include <unistd.h>

#include <iostream>
#include <optional>

#include "base/error.hpp"
#include "cli/commands/command.hpp"
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
    options.stdin_once = o.stdin_once;
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

namespace {

// Docker's words for a container there is nothing to attach to.
void check_attachable(const runtime::ContainerRecord& c) {
  if (c.state == runtime::ContainerState::kPaused) {
    throw Error("You cannot attach to a paused container, unpause it first");
  }
  if (c.state != runtime::ContainerState::kRunning) {
    throw Error("You cannot attach to a stopped container, start it first");
  }
}

}  // namespace

int attach_to_running(Context& ctx, const std::string& name_or_id, const AttachFlags& flags) {
  auto& engine = ctx.engine();
  auto c = engine.get(name_or_id);
  check_attachable(c);
  auto request = runtime::request_from_json(c.request);
  FollowOptions follow;
  follow.tty = request.tty;
  follow.interactive = !flags.no_stdin && request.open_stdin;
  follow.stdin_once = request.stdin_once;
  if (follow.interactive && request.tty && !::isatty(STDIN_FILENO)) {
    throw Error("the input device is not a TTY");
  }
  follow.sig_proxy = flags.sig_proxy;
  follow.detach_keys = detach_keys_flag(flags.detach_keys);
  follow.output_from_now = true;
  int code = 0;
  try {
    code = attach_and_wait(ctx, c, follow);
  } catch (const Error&) {
    check_attachable(engine.get(c.id));  // it stopped meanwhile: say so, as Docker does
    throw;
  }
  if (code < 0) {
    std::cerr << "read escape sequence\n";  // Docker's words, and its exit code
    throw ExitStatus{1};
  }
  return code;
}

std::string detach_keys_flag(const std::string& keys) {
  return keys.empty() ? std::string(runtime::kDefaultDetachKeys) : runtime::parse_detach_keys(keys);
}

}  // namespace berth::cli
