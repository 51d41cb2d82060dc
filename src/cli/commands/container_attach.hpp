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
  bool stdin_once = false;   // its request's: the container's stdin ends with this one's
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

// What `attach` and `compose attach` take (Docker's flags of both).
struct AttachFlags {
  bool no_stdin = false;
  bool sig_proxy = true;
  std::string detach_keys;  // as typed; empty: the default
};
// Joins this process's stdio to the running container's as `docker attach` does (its output
// from now on; its stdin if it has one open, unless no_stdin) and returns its exit code. Throws
// Docker's errors for a stopped or paused container, and ExitStatus{1} after printing "read
// escape sequence" when the user detached.
int attach_to_running(Context& ctx, const std::string& name_or_id, const AttachFlags& flags);

// Docker's --detach-keys: empty means the default sequence.
std::string detach_keys_flag(const std::string& keys);

}  // namespace berth::cli
