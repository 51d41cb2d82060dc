// `berth compose run [--rm] [-d] [-e K=V] [--no-deps] [--entrypoint CMD] [-u] [-w] [--name]
// [-p] [--service-ports] [-T] SERVICE [COMMAND…]`: a one-off container of a service
// (PROJECT-SERVICE-run-<12 hex>, labelled oneoff=True), after its dependencies are up; in the
// foreground it exits with the container's exit code.
#include <unistd.h>

#include <iostream>
#include <random>

#include "base/error.hpp"
#include "cli/commands/command.hpp"
#include "cli/commands/compose_project.hpp"
#include "cli/commands/container_attach.hpp"
#include "cli/labels.hpp"
#include "compose/orchestrator/orchestrator.hpp"
#include "compose/orchestrator/resource_names.hpp"
#include "compose/orchestrator/service_request.hpp"
#include "compose/shell_words.hpp"
#include "network/port_spec.hpp"
#include "runtime/shim_client/shim_client.hpp"

namespace berth::cli {
namespace {

// compose's one-off suffix: 12 random hex digits (stringid.GenerateRandomID()[:12]).
std::string oneoff_suffix() {
  std::random_device rd;
  std::uniform_int_distribution<int> digit(0, 15);
  std::string out;
  for (int i = 0; i < 12; ++i) out.push_back("0123456789abcdef"[digit(rd)]);
  return out;
}

// --rm after a failure: the container goes, and the failure reported stays the first one.
void remove_quietly(runtime::ContainerEngine& engine, const std::string& id, bool remove) {
  if (!remove) return;
  try {
    engine.remove(id, true, true);
  } catch (const Error& e) {
    std::cerr << "Error: removing container " << id << ": " << e.what() << "\n";
  }
}

}  // namespace

void add_compose_run(CLI::App& group, Context& ctx, ProjectOptionsPtr project) {
  struct Options {
    bool remove = false, detach = false, no_deps = false, service_ports = false;
    bool no_tty = false, interactive = true, build = false;
    std::vector<std::string> volumes, cap_add, cap_drop;
    bool use_aliases = false;
    std::optional<std::string> entrypoint;
    std::vector<std::string> env, publish, labels;
    std::string user, workdir, name, service;
    std::vector<std::string> command;
  };
  auto o = std::make_shared<Options>();
  auto* cmd = group.add_subcommand("run", "Run a one-off command on a service");
  cmd->add_flag("--rm", o->remove, "Automatically remove the container when it exits");
  cmd->add_flag("-d,--detach", o->detach, "Run container in background and print container ID");
  cmd->add_flag("--no-deps", o->no_deps, "Don't start linked services");
  cmd->add_flag("--service-ports", o->service_ports,
                "Run command with all service's ports enabled and mapped to the host");
  cmd->add_flag("-T,--no-TTY", o->no_tty, "Disable pseudo-TTY allocation (default: auto-detected)");
  cmd->add_flag("-i,--interactive", o->interactive, "Keep STDIN open even if not attached");
  cmd->add_flag("--build", o->build, "Build image before starting container");
  cmd->add_option("-v,--volume", o->volumes, "Bind mount a volume")->allow_extra_args(false);
  cmd->add_option("--cap-add", o->cap_add, "Add Linux capabilities")->allow_extra_args(false);
  cmd->add_option("--cap-drop", o->cap_drop, "Drop Linux capabilities")->allow_extra_args(false);
  cmd->add_flag("--use-aliases", o->use_aliases,
                "Use the service's network aliases in the network(s) the container connects to");
  cmd->add_option("--entrypoint", o->entrypoint, "Override the entrypoint of the image");
  cmd->add_option("-e,--env", o->env, "Set environment variables")->allow_extra_args(false);
  cmd->add_option("-l,--label", o->labels, "Add or override a label")->allow_extra_args(false);
  cmd->add_option("-p,--publish", o->publish, "Publish a container's port(s) to the host")
      ->allow_extra_args(false);
  cmd->add_option("-u,--user", o->user, "Run as specified username or uid");
  cmd->add_option("-w,--workdir", o->workdir, "Working directory inside the container");
  cmd->add_option("--name", o->name, "Assign a name to the container");
  cmd->add_option("SERVICE", o->service, "Service")->required();
  cmd->add_option("COMMAND", o->command, "Command and arguments");
  cmd->positionals_at_end(true);
  cmd->callback([&ctx, project, o] {
    compose::Project p = load_compose_project(*project);
    // A service whose profile is off runs too when named, as with docker compose.
    auto it = p.services.find(o->service);
    if (it == p.services.end()) {
      it = p.disabled.find(o->service);
      if (it == p.disabled.end()) throw NotFoundError("no such service: " + o->service);
      it = p.services.insert(*it).first;
    }
    const compose::ServiceConfig& service = it->second;

    compose::ComposeProgress progress(std::cerr);
    compose::ProjectOrchestrator orchestrator(p, compose_backends(ctx), progress);
    if (!o->no_deps && !service.depends_on.empty()) {
      compose::UpRequest up;
      for (const auto& [dependency, condition] : service.depends_on) {
        if (p.services.count(dependency)) up.plan.services.push_back(dependency);
      }
      if (!up.plan.services.empty()) orchestrator.up(up);
    }
    compose::ImageOptions images;
    images.build = o->build;
    orchestrator.prepare_images({o->service}, images);

    std::string name =
        o->name.empty() ? compose::oneoff_container_name(p, service, oneoff_suffix()) : o->name;
    auto request = compose::oneoff_request(p, service, name, o->service_ports, o->use_aliases);
    if (o->entrypoint) {
      auto words = compose::split_shell_words(*o->entrypoint);
      if (!words) throw InvalidArgumentError("invalid --entrypoint: " + *o->entrypoint, 1);
      request.entrypoint = *words;
      request.command.clear();  // as docker run --entrypoint: the image's CMD no longer applies
    }
    if (!o->command.empty()) request.command = o->command;
    for (const auto& e : o->env) request.env.push_back(e);
    for (const auto& [k, v] : parse_labels(o->labels)) request.labels[k] = v;
    for (const auto& spec : o->publish) {
      for (const auto& b : network::parse_publish_spec(spec)) request.ports.push_back(b);
    }
    for (const auto& spec : o->volumes) {
      auto parsed = compose::parse_volume_spec(spec);
      if (!parsed.mount) throw InvalidArgumentError(parsed.error, 1);
      request.mounts.push_back(compose::volume_mount_request(p, service, *parsed.mount));
    }
    request.cap_add.insert(request.cap_add.end(), o->cap_add.begin(), o->cap_add.end());
    request.cap_drop.insert(request.cap_drop.end(), o->cap_drop.begin(), o->cap_drop.end());
    if (!o->user.empty()) request.user = o->user;
    if (!o->workdir.empty()) request.workdir = o->workdir;
    request.tty = !o->no_tty && ::isatty(STDIN_FILENO);
    request.open_stdin = o->interactive && !o->detach;
    request.stdin_once = request.open_stdin;
    request.attach_output = !o->detach;
    request.auto_remove = o->remove;

    orchestrator.ensure_resources();
    auto& engine = ctx.engine();
    auto c = engine.create(request);
    // A foreground --rm run reads the exit code, then removes the container itself.
    std::optional<store::FileLock> client;
    if (o->remove && !o->detach) client = engine.hold_for_foreground_client(c.id);
    bool attach_stdin = !o->detach && (request.tty || request.open_stdin);
    try {
      c = engine.start(
          c.id, attach_stdin,
          attach_stdin && request.tty ? runtime::terminal_size(STDIN_FILENO) : std::nullopt);
    } catch (const Error&) {
      remove_quietly(engine, c.id, o->remove);
      throw;
    }
    if (o->detach) {
      std::cout << c.id << "\n";
      return;
    }
    int code = 0;
    try {
      code = attach_and_wait(ctx, c,
                             {.tty = request.tty,
                              .interactive = request.open_stdin,
                              .stdin_once = request.stdin_once});
    } catch (const Error&) {
      client.reset();
      remove_quietly(engine, c.id, o->remove);  // --rm: nothing of a failed run stays
      throw;
    }
    if (code < 0) return;  // detached with the detach keys
    client.reset();
    if (o->remove) engine.cleanup(c.id);
    if (code != 0) throw ExitStatus{code};
  });
}

}  // namespace berth::cli
