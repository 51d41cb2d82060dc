// `berth compose up|down|start|stop|restart|kill|rm|pause|unpause`: the commands that change a
// project, over compose/orchestrator, with docker compose v2's flags.
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <iostream>
#include <thread>

#include "base/error.hpp"
#include "cli/commands/command.hpp"
#include "cli/commands/compose_project.hpp"
#include "compose/orchestrator/log_printer.hpp"
#include "compose/orchestrator/orchestrator.hpp"
#include "compose/orchestrator/project_logs.hpp"

namespace berth::cli {
namespace {

// --scale SERVICE=NUM
std::map<std::string, int> parse_scale(const std::vector<std::string>& values) {
  std::map<std::string, int> scale;
  for (const auto& v : values) {
    auto eq = v.find('=');
    int n = -1;
    if (eq != std::string::npos && eq > 0) {
      try {
        size_t used = 0;
        n = std::stoi(v.substr(eq + 1), &used);
        if (used != v.size() - eq - 1) n = -1;
      } catch (const std::exception&) {
        n = -1;
      }
    }
    if (n < 0)
      throw InvalidArgumentError("invalid --scale value \"" + v + "\": want SERVICE=NUM", 1);
    scale[v.substr(0, eq)] = n;
  }
  return scale;
}

std::optional<int> optional_seconds(int value) {
  if (value < 0) return std::nullopt;
  return value;
}

// Runs `f` with the project, its orchestrator and progress on stderr.
template <typename F>
void with_orchestrator(Context& ctx, const ProjectOptionsPtr& options, F&& f) {
  compose::Project project = load_compose_project(*options);
  compose::ComposeProgress progress(std::cerr);
  compose::ProjectOrchestrator orchestrator(project, compose_backends(ctx), progress);
  try {
    f(project, orchestrator);
  } catch (const Error& e) {
    // docker compose exits 1 whatever the engine's code for the failure (125, 126, …).
    if (e.exit_code() == 1) throw;
    throw Error(e.what(), 1);
  }
}

// A foreground `up`: the services' logs until every container exited; the first Ctrl-C (or
// SIGTERM) stops the project gracefully, a second one kills it, as docker compose does.
std::atomic<int> up_interrupts{0};
std::atomic<bool> up_interrupted{false};

void count_up_interrupt(int) {
  up_interrupts.fetch_add(1);
  up_interrupted.store(true);
}

// SIGINT and SIGTERM counted (count_up_interrupt) while it lives; the old handlers back after.
class InterruptCounting {
 public:
  InterruptCounting() {
    struct sigaction action {};
    action.sa_handler = count_up_interrupt;
    sigemptyset(&action.sa_mask);
    sigaction(SIGINT, &action, &old_int_);
    sigaction(SIGTERM, &action, &old_term_);
  }
  ~InterruptCounting() {
    sigaction(SIGINT, &old_int_, nullptr);
    sigaction(SIGTERM, &old_term_, nullptr);
  }
  InterruptCounting(const InterruptCounting&) = delete;
  InterruptCounting& operator=(const InterruptCounting&) = delete;

 private:
  struct sigaction old_int_ {};
  struct sigaction old_term_ {};
};

int follow_foreground_up(Context& ctx, const compose::Project& project,
                         compose::ProjectOrchestrator& orchestrator,
                         const std::vector<std::string>& services, bool color) {
  compose::EngineProjectBackend backend(engine::EngineConfig::for_this_process(ctx.root()));
  auto sources = [&] { return compose::project_log_sources(backend, project.name, services); };
  auto first = sources();
  std::string names;
  for (const auto& s : first) names += (names.empty() ? "" : ", ") + s.name;
  std::cout << "Attaching to " << names << "\n" << std::flush;

  InterruptCounting counting;  // until this returns, by any path

  compose::LogPrintOptions options;
  options.follow = true;
  options.exit_lines = true;
  options.color = color;
  compose::print_logs(first, options, std::cout, std::cerr, &up_interrupted, sources);
  int status = 0;
  if (up_interrupted.load()) {
    std::cerr << "Gracefully stopping... (press Ctrl+C again to force)\n" << std::flush;
    std::exception_ptr failure;
    std::atomic<bool> done{false};
    std::thread stopper([&] {
      try {
        orchestrator.stop(services, std::nullopt);
      } catch (...) {
        failure = std::current_exception();
      }
      done.store(true);
    });
    bool killed = false;
    while (!done.load()) {
      if (!killed && up_interrupts.load() >= 2) {
        killed = true;
        try {
          orchestrator.kill(services, "SIGKILL");
        } catch (const Error& e) {  // the stop goes on; the thread must be joined anyway
          std::cerr << "Error: " << e.what() << "\n";
        }
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    stopper.join();
    if (failure) std::rethrow_exception(failure);
    status = 130;
  }
  return status;
}

void add_up(CLI::App& group, Context& ctx, ProjectOptionsPtr project) {
  struct Options {
    compose::UpRequest request;
    bool detach = false;
    bool no_color = false;
    std::vector<std::string> scale;
    int wait_timeout = -1;
    std::vector<std::string> services;
  };
  auto o = std::make_shared<Options>();
  auto* cmd = group.add_subcommand("up", "Create and start containers");
  cmd->add_flag("-d,--detach", o->detach, "Detached mode: Run containers in the background");
  cmd->add_flag("--no-color", o->no_color, "Produce monochrome output");
  cmd->add_flag("--build", o->request.images.build, "Build images before starting containers");
  cmd->add_flag("--no-build", o->request.images.no_build,
                "Don't build an image, even if it's missing");
  cmd->add_option("--pull", o->request.images.pull,
                  "Pull image before running (always|missing|never)")
      ->check(CLI::IsMember({"always", "missing", "never"}));
  cmd->add_flag("--force-recreate", o->request.plan.force_recreate,
                "Recreate containers even if their configuration and image haven't changed");
  cmd->add_flag("--no-recreate", o->request.plan.no_recreate,
                "If containers already exist, don't recreate them");
  cmd->add_flag("--no-deps", o->request.plan.no_deps, "Don't start linked services");
  cmd->add_flag("--no-start", o->request.plan.no_start,
                "Don't start the services after creating them");
  cmd->add_flag("--remove-orphans", o->request.remove_orphans,
                "Remove containers for services not defined in the Compose file");
  cmd->add_flag("--wait", o->request.wait,
                "Wait for services to be running|healthy. Implies detached mode");
  cmd->add_option("--wait-timeout", o->wait_timeout,
                  "Maximum duration in seconds to wait for the project to be running|healthy");
  cmd->add_option("--scale", o->scale,
                  "Scale SERVICE to NUM instances. Overrides the `scale` setting in the Compose "
                  "file if present")
      ->allow_extra_args(false);
  cmd->add_option("SERVICE", o->services, "Services");
  cmd->callback([&ctx, project, o] {
    if (o->request.plan.force_recreate && o->request.plan.no_recreate) {
      throw InvalidArgumentError("--force-recreate and --no-recreate are incompatible", 1);
    }
    if (o->request.images.build && o->request.images.no_build) {
      throw InvalidArgumentError("--build and --no-build are incompatible", 1);
    }
    compose::UpRequest request = o->request;
    request.plan.services = o->services;
    request.plan.scale = parse_scale(o->scale);
    request.wait_timeout_seconds = optional_seconds(o->wait_timeout);
    int status = 0;
    with_orchestrator(ctx, project, [&](compose::Project& p, compose::ProjectOrchestrator& orch) {
      orch.up(request);
      if (o->detach || request.wait || request.plan.no_start) return;
      auto followed =
          compose::services_with_dependencies(p, request.plan.services, request.plan.no_deps);
      status = follow_foreground_up(ctx, p, orch, followed, !o->no_color && ::isatty(1));
    });
    if (status != 0) throw ExitStatus{status};
  });
}

void add_down(CLI::App& group, Context& ctx, ProjectOptionsPtr project) {
  struct Options {
    compose::DownRequest request;
    int timeout = -1;
  };
  auto o = std::make_shared<Options>();
  auto* cmd = group.add_subcommand("down", "Stop and remove containers, networks");
  cmd->add_flag("-v,--volumes", o->request.remove_volumes,
                "Remove named volumes declared in the \"volumes\" section of the Compose file and "
                "anonymous volumes attached to containers");
  cmd->add_option("--rmi", o->request.remove_images,
                  "Remove images used by services. \"local\" remove only images that don't have a "
                  "custom tag (\"local\"|\"all\")")
      ->check(CLI::IsMember({"local", "all"}));
  cmd->add_flag("--remove-orphans", o->request.remove_orphans,
                "Remove containers for services not defined in the Compose file");
  cmd->add_option("-t,--timeout", o->timeout, "Specify a shutdown timeout in seconds");
  cmd->callback([&ctx, project, o] {
    compose::DownRequest request = o->request;
    request.timeout = optional_seconds(o->timeout);
    with_orchestrator(ctx, project, [&](compose::Project&, compose::ProjectOrchestrator& orch) {
      orch.down(request);
    });
  });
}

// start, stop, restart, kill, pause, unpause: SERVICE… and at most a timeout or signal.
void add_service_command(CLI::App& group, Context& ctx, ProjectOptionsPtr project,
                         const std::string& name, const std::string& help) {
  struct Options {
    std::vector<std::string> services;
    int timeout = -1;
    std::string signal = "SIGKILL";
  };
  auto o = std::make_shared<Options>();
  auto* cmd = group.add_subcommand(name, help);
  if (name == "stop" || name == "restart") {
    cmd->add_option("-t,--timeout", o->timeout, "Specify a shutdown timeout in seconds");
  }
  if (name == "kill") {
    cmd->add_option("-s,--signal", o->signal, "SIGNAL to send to the container");
  }
  cmd->add_option("SERVICE", o->services, "Services");
  cmd->callback([&ctx, project, o, name] {
    with_orchestrator(ctx, project, [&](compose::Project&, compose::ProjectOrchestrator& orch) {
      auto timeout = optional_seconds(o->timeout);
      if (name == "start") orch.start(o->services);
      if (name == "stop") orch.stop(o->services, timeout);
      if (name == "restart") orch.restart(o->services, timeout);
      if (name == "kill") orch.kill(o->services, o->signal);
      if (name == "pause") orch.pause(o->services);
      if (name == "unpause") orch.unpause(o->services);
    });
  });
}

void add_rm(CLI::App& group, Context& ctx, ProjectOptionsPtr project) {
  struct Options {
    std::vector<std::string> services;
    bool force = false, stop = false, volumes = false;
  };
  auto o = std::make_shared<Options>();
  auto* cmd = group.add_subcommand("rm", "Removes stopped service containers");
  cmd->add_flag("-f,--force", o->force, "Don't ask to confirm removal");
  cmd->add_flag("-s,--stop", o->stop, "Stop the containers, if required, before removing");
  cmd->add_flag("-v,--volumes", o->volumes, "Remove any anonymous volumes attached to containers");
  cmd->add_option("SERVICE", o->services, "Services");
  cmd->callback([&ctx, project, o] {
    // Berth never prompts: removal without -f goes ahead, as with docker compose on a
    // non-interactive input.
    with_orchestrator(ctx, project, [&](compose::Project&, compose::ProjectOrchestrator& orch) {
      if (orch.remove(o->services, o->stop, o->volumes) == 0) {
        std::cerr << "No stopped containers\n";
      }
    });
  });
}

}  // namespace

void add_compose_lifecycle(CLI::App& group, Context& ctx, ProjectOptionsPtr project) {
  add_up(group, ctx, project);
  add_down(group, ctx, project);
  add_service_command(group, ctx, project, "start", "Start services");
  add_service_command(group, ctx, project, "stop", "Stop services");
  add_service_command(group, ctx, project, "restart", "Restart service containers");
  add_service_command(group, ctx, project, "kill", "Force stop service containers");
  add_service_command(group, ctx, project, "pause", "Pause services");
  add_service_command(group, ctx, project, "unpause", "Unpause services");
  add_rm(group, ctx, project);
}

}  // namespace berth::cli
