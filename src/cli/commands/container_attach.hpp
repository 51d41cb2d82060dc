#pragma once
// A foreground container's stdio: what `berth run`, `berth start -a`, `berth attach` and
// `berth compose run` do once the container runs.
#include <string>

#include "cli/context.hpp"
#include "runtime/container_record.hpp"
#include "runtime/shim_client/detach_keys.hpp"

namespace berth::cli {

// How a foreground client follows its container (Docker's flags of run, start and attach).
struct FollowOptions {
  bool tty = false;
  bool interactive = false;  // this process's stdin is the container's
  // Without a tty, the signals this process gets are the container's (--sig-proxy).
  bool sig_proxy = true;
  std::string detach_keys{runtime::kDefaultDetachKeys};  // parsed (detach_keys.hpp)
  // Only the output from now on, through the shim, as `attach` shows it; otherwise a client
  // without tty or stdin reads the log from its start (a `run` loses nothing written before
  // it followed).
  bool output_from_now = false;
};

// Streams the container's output (attached to its terminal or stdin when tty/interactive,
// else from its log) until it exits; returns its exit code, or -1 when the user detached.
int attach_and_wait(Context& ctx, const runtime::ContainerRecord& c, const FollowOptions& options);

// Docker's --detach-keys: empty means the default sequence.
std::string detach_keys_flag(const std::string& keys);

}  // namespace berth::cli
