#include "cli/commands/container_attach.hpp"

#include <unistd.h>

#include "runtime/container_request.hpp"
#include "runtime/shim_client/shim_client.hpp"

namespace berth::cli {

int attach_and_wait(Context& ctx, const runtime::ContainerRecord& c, bool tty, bool interactive) {
  auto& engine = ctx.engine();
  if (tty || interactive) {
    runtime::AttachOptions options;
    options.tty = tty;
    options.stdin_fd = interactive ? STDIN_FILENO : -1;
    options.stdin_once = runtime::request_from_json(c.request).stdin_once;
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

}  // namespace berth::cli
