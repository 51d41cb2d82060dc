// `berth attach`: the local stdin, stdout and stderr joined to a running container's, as
// `docker attach` joins them: its output from now on, the terminal of a tty container, the
// signals this command gets passed on, and the container's exit code as this command's.
#include <unistd.h>

#include <iostream>

#include "base/error.hpp"
#include "cli/commands/command.hpp"
#include "cli/commands/container_attach.hpp"
#include "runtime/container_request.hpp"

namespace berth::cli {
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

CLI::App* add_attach(CLI::App& parent, Context& ctx, const std::string& name) {
  struct Options {
    std::string container;
    bool no_stdin = false;
    bool sig_proxy = true;
    std::string detach_keys;
  };
  auto opts = std::make_shared<Options>();
  auto* cmd = parent.add_subcommand(
      name, "Attach local standard input, output, and error streams to a running container");
  cmd->add_flag("--no-stdin", opts->no_stdin, "Do not attach STDIN");
  cmd->add_flag("--sig-proxy", opts->sig_proxy, "Proxy all received signals to the process");
  cmd->add_option("--detach-keys", opts->detach_keys,
                  "Override the key sequence for detaching a container");
  cmd->add_option("CONTAINER", opts->container, "Container")->required();
  cmd->callback([&ctx, opts] {
    auto& engine = ctx.engine();
    auto c = engine.get(opts->container);
    check_attachable(c);
    auto request = runtime::request_from_json(c.request);
    FollowOptions follow;
    follow.tty = request.tty;
    follow.interactive = !opts->no_stdin && request.open_stdin;
    if (follow.interactive && request.tty && !::isatty(STDIN_FILENO)) {
      throw Error("the input device is not a TTY");
    }
    follow.sig_proxy = opts->sig_proxy;
    follow.detach_keys = detach_keys_flag(opts->detach_keys);
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
    throw ExitStatus{code};
  });
  return cmd;
}

}  // namespace berth::cli
