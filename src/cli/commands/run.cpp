// `berth create`, `berth run`, `berth start`: make and start containers; a foreground run
// streams the container's output and exits with its exit code.
#include <fcntl.h>
#include <unistd.h>

#include <iostream>
#include <optional>

#include "base/error.hpp"
#include "cli/commands/command.hpp"
#include "cli/commands/container_attach.hpp"
#include "cli/commands/container_flags.hpp"
#include "runtime/shim_client/shim_client.hpp"

namespace berth::cli {
namespace {

constexpr int kEngineError = 125;

// create's errors are the engine's own: Docker exits 125 for them.
runtime::ContainerRecord create_container(Context& ctx, const ContainerFlags& flags,
                                          bool detach = false) {
  auto request = make_request(flags);
  if (detach) {  // nothing attached: Docker's StdinOnce, AttachStdout and AttachStderr are false
    request.stdin_once = false;
    request.attach_output = false;
  }
  if (!flags.cidfile.empty() && std::filesystem::exists(flags.cidfile)) {
    throw InvalidArgumentError(
        "Container ID file found, make sure the other container isn't "
        "running or delete " +
            flags.cidfile,
        kEngineError);
  }
  // Pulls as docker run does: progress on stderr, failures are the engine's (125).
  auto pull = [&] {
    try {
      pull_and_report(ctx, image::Reference::parse(flags.image), std::cerr,
                      ::isatty(STDERR_FILENO));
    } catch (const Error& e) {
      throw Error(e.what(), kEngineError);
    }
  };
  if (flags.pull == "always") pull();
  for (bool pulled = flags.pull == "always";; pulled = true) {
    try {
      auto c = ctx.engine().create(request);
      if (!flags.cidfile.empty()) write_output_file(flags.cidfile, c.id, 0644);
      return c;
    } catch (const NotFoundError& e) {
      bool no_image = std::string(e.what()).rfind("No such image", 0) == 0;
      auto ref = image::Reference::try_parse(flags.image);
      // An ID (or its prefix) names no repository to pull from.
      if (!no_image || pulled || flags.pull == "never" || !ref ||
          image::Reference::looks_like_full_id(flags.image)) {
        throw Error(e.what(), kEngineError);
      }
      std::cerr << "Unable to find image '" << ref->familiar() << "' locally\n";
      pull();
    } catch (const Error& e) {
      throw Error(e.what(), e.exit_code() == 1 ? kEngineError : e.exit_code());
    }
  }
}

}  // namespace

CLI::App* add_create(CLI::App& parent, Context& ctx, const std::string& name) {
  auto flags = std::make_shared<ContainerFlags>();
  auto* cmd = parent.add_subcommand(name, "Create a new container");
  add_container_flags(cmd, *flags);
  cmd->callback([&ctx, flags] { std::cout << create_container(ctx, *flags).id << "\n"; });
  return cmd;
}

CLI::App* add_run(CLI::App& parent, Context& ctx, const std::string& name) {
  struct RunOptions {
    bool detach = false;
    bool sig_proxy = true;
    std::string detach_keys;
  };
  auto flags = std::make_shared<ContainerFlags>();
  auto run = std::make_shared<RunOptions>();
  auto* cmd = parent.add_subcommand(name, "Create and run a new container from an image");
  add_container_flags(cmd, *flags);
  cmd->add_flag("-d,--detach", run->detach, "Run container in background and print container ID");
  cmd->add_flag("--sig-proxy", run->sig_proxy, "Proxy received signals to the process");
  cmd->add_option("--detach-keys", run->detach_keys,
                  "Override the key sequence for detaching a container");
  cmd->callback([&ctx, flags, run] {
    // A foreground run's StdinOnce is its -i (make_request's; only -d clears it).
    FollowOptions follow{.tty = flags->tty,
                         .interactive = flags->interactive,
                         .stdin_once = flags->interactive,
                         .sig_proxy = run->sig_proxy,
                         .detach_keys = detach_keys_flag(run->detach_keys)};
    auto c = create_container(ctx, *flags, run->detach);
    auto& engine = ctx.engine();
    // A foreground --rm run reads the exit code, then removes the container itself.
    std::optional<store::FileLock> client;
    if (flags->auto_remove && !run->detach) client = engine.hold_for_foreground_client(c.id);
    try {
      bool foreground = !run->detach && (flags->tty || flags->interactive);
      c = engine.start(
          c.id, foreground,
          foreground && flags->tty ? runtime::terminal_size(STDIN_FILENO) : std::nullopt);
    } catch (const Error& e) {
      if (flags->auto_remove) engine.remove(c.id, true, true);
      throw;
    }
    if (run->detach) {
      std::cout << c.id << "\n";
      return;
    }
    int code = attach_and_wait(ctx, c, follow);
    if (code < 0) return;  // detached with the detach keys
    client.reset();
    if (flags->auto_remove) engine.cleanup(c.id);
    throw ExitStatus{code};
  });
  return cmd;
}

CLI::App* add_start(CLI::App& parent, Context& ctx, const std::string& name) {
  struct Options {
    std::vector<std::string> containers;
    bool attach = false;
    bool interactive = false;
    std::string detach_keys;
  };
  auto opts = std::make_shared<Options>();
  auto* cmd = parent.add_subcommand(name, "Start one or more stopped containers");
  cmd->add_flag("-a,--attach", opts->attach, "Attach STDOUT/STDERR and forward signals");
  cmd->add_flag("-i,--interactive", opts->interactive, "Attach container's STDIN");
  cmd->add_option("--detach-keys", opts->detach_keys,
                  "Override the key sequence for detaching a container");
  cmd->add_option("CONTAINER", opts->containers, "Containers")->required();
  cmd->callback([&ctx, opts] {
    auto& engine = ctx.engine();
    if (opts->attach || opts->interactive) {
      if (opts->containers.size() > 1) {
        throw InvalidArgumentError("you cannot start and attach multiple containers at once");
      }
      auto request = runtime::request_from_json(engine.get(opts->containers.front()).request);
      auto c = engine.start(opts->containers.front(), request.tty || opts->interactive,
                            request.tty ? runtime::terminal_size(STDIN_FILENO) : std::nullopt);
      FollowOptions follow{.tty = request.tty,
                           .interactive = opts->interactive,
                           .stdin_once = request.stdin_once,
                           .detach_keys = detach_keys_flag(opts->detach_keys)};
      int code = attach_and_wait(ctx, c, follow);
      if (code >= 0) throw ExitStatus{code};
      return;
    }
    int failures = 0;
    for (const auto& name : opts->containers) {
      try {
        engine.start(name);
        std::cout << name << "\n";
      } catch (const Error& e) {
        std::cerr << "Error response from daemon: " << e.what() << "\n";
        ++failures;
      }
    }
    if (failures) {
      std::cerr << "Error: failed to start containers: " << failures << "\n";
      throw ExitStatus{1};
    }
  });
  return cmd;
}

}  // namespace berth::cli
