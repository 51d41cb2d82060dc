#include "cli/app.hpp"

#include <CLI/CLI.hpp>
#include <functional>
#include <iostream>
#include <set>
#include <string>
#include <vector>

#include "base/error.hpp"
#include "cli/commands/command.hpp"

namespace berth::cli {
namespace {

// Docker's exit code for errors in the CLI's own flags and arguments.
constexpr int kUsageExitCode = 125;

// The command the user named: the first argument that is not a global option ("" if none).
std::string first_command(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--root") {
      ++i;  // its value
      continue;
    }
    if (arg.starts_with("-")) continue;
    return arg;
  }
  return "";
}

}  // namespace

int run(int argc, char** argv) {
  CLI::App app{"berth: a Docker-compatible container engine and self-hosted Docker Spaces"};
  app.name("berth");
  app.require_subcommand(1);
  Context ctx;
  app.add_option("--root", ctx.options.root,
                 "Root of Berth's storage (default $BERTH_ROOT or /var/lib/berth)");
  app.set_version_flag("-v,--version", std::string("berth version ") + BERTH_VERSION);

  // The container commands exist both at the top level (`berth run`) and under
  // `berth container` (`berth container run`), as in Docker.
  auto add_container_commands = [&ctx](CLI::App& parent, const std::string& only) {
    const std::vector<std::pair<std::string, std::function<void()>>> commands = {
        {"create", [&] { add_create(parent, ctx, "create"); }},
        {"run", [&] { add_run(parent, ctx, "run"); }},
        {"start", [&] { add_start(parent, ctx, "start"); }},
        {"attach", [&] { add_attach(parent, ctx, "attach"); }},
        {"stop", [&] { add_stop(parent, ctx, "stop", false); }},
        {"restart", [&] { add_stop(parent, ctx, "restart", true); }},
        {"kill", [&] { add_kill(parent, ctx, "kill"); }},
        {"rm", [&] { add_rm(parent, ctx, "rm"); }},
        {"wait", [&] { add_wait(parent, ctx, "wait"); }},
        {"rename", [&] { add_rename(parent, ctx, "rename"); }},
        {"logs", [&] { add_logs(parent, ctx, "logs"); }},
        {"exec", [&] { add_exec(parent, ctx, "exec"); }},
        {"pause", [&] { add_pause(parent, ctx, "pause", true); }},
        {"unpause", [&] { add_pause(parent, ctx, "unpause", false); }},
        {"top", [&] { add_top(parent, ctx, "top"); }},
        {"stats", [&] { add_stats(parent, ctx, "stats"); }},
        {"cp", [&] { add_cp(parent, ctx, "cp"); }},
        {"export", [&] { add_export(parent, ctx, "export"); }},
        {"diff", [&] { add_diff(parent, ctx, "diff"); }},
        {"commit", [&] { add_commit(parent, ctx, "commit"); }},
        {"port", [&] { add_port(parent, ctx, "port"); }},
    };
    for (const auto& [name, add] : commands) {
      if (only.empty() || only == name) add();
    }
  };

  // Building every command's options costs milliseconds at each start, which `berth run`
  // cannot spare: when the command line names a known top-level command, only that one is
  // set up (help without a command, or an unknown one, sees them all).
  std::vector<std::pair<std::string, std::function<void()>>> top_level = {
      {"images", [&] { add_images(app, ctx, "images"); }},
      {"history", [&] { add_history(app, ctx, "history"); }},
      {"tag", [&] { add_tag(app, ctx, "tag"); }},
      {"rmi", [&] { add_rmi(app, ctx, "rmi"); }},
      {"import", [&] { add_import(app, ctx, "import"); }},
      {"load", [&] { add_load(app, ctx, "load"); }},
      {"save", [&] { add_save(app, ctx, "save"); }},
      {"pull", [&] { add_pull(app, ctx, "pull"); }},
      {"push", [&] { add_push(app, ctx, "push"); }},
      {"login", [&] { add_login(app, ctx, "login"); }},
      {"logout", [&] { add_logout(app, ctx, "logout"); }},
      {"inspect", [&] { add_container_inspect(app, ctx, "inspect", true); }},
      {"version", [&] { add_version(app, ctx, "version"); }},
      {"info", [&] { add_info(app, ctx, "info"); }},
      {"ps", [&] { add_ps(app, ctx, "ps"); }},
      {"build", [&] { add_build(app, ctx, "build"); }},
      {"builder", [&] { add_builder(app, ctx); }},
      {"volume", [&] { add_volume(app, ctx); }},
      {"network", [&] { add_network(app, ctx); }},
      {"system", [&] { add_system(app, ctx); }},
      {"serve", [&] { add_serve(app, ctx); }},
      {"user", [&] { add_user(app, ctx); }},
      {"token", [&] { add_token(app, ctx); }},
      {"space", [&] { add_space(app, ctx); }},
      {"compose", [&] { add_compose(app, ctx); }},
      {"healthcheck", [&] { add_healthcheck(app, ctx); }},
      {"container",
       [&] {
         auto* container = app.add_subcommand("container", "Manage containers");
         container->require_subcommand(1);
         add_container_commands(*container, "");
         add_ps(*container, ctx, "ls")->alias("list");
         add_container_inspect(*container, ctx, "inspect", false);
         add_container_prune(*container, ctx, "prune");
         add_container_cleanup(*container, ctx, "cleanup");
       }},
      {"image",
       [&] {
         auto* image = app.add_subcommand("image", "Manage images");
         image->require_subcommand(1);
         add_images(*image, ctx, "ls")->alias("list");
         add_image_inspect(*image, ctx, "inspect");
         add_history(*image, ctx, "history");
         add_tag(*image, ctx, "tag");
         add_rmi(*image, ctx, "rm");
         add_image_prune(*image, ctx, "prune");
         add_import(*image, ctx, "import");
         add_load(*image, ctx, "load");
         add_save(*image, ctx, "save");
         add_pull(*image, ctx, "pull");
         add_push(*image, ctx, "push");
         add_build(*image, ctx, "build");
       }},
  };
  const std::set<std::string> container_commands = {
      "create", "run",   "start",  "attach", "stop", "restart", "kill",
      "rm",     "wait",  "rename", "logs",   "exec", "pause",   "unpause",
      "top",    "stats", "cp",     "export", "diff", "commit",  "port"};
  std::string named = first_command(argc, argv);
  bool known = container_commands.count(named) > 0;
  for (const auto& [name, add] : top_level) known = known || name == named;
  if (!known) named.clear();
  for (const auto& [name, add] : top_level) {
    if (named.empty() || named == name) add();
  }
  if (named.empty() || container_commands.count(named)) add_container_commands(app, named);

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::cerr << "Error: " << e.what() << "\nSee 'berth --help'.\n";
    return kUsageExitCode;
  } catch (const ExitStatus& status) {
    return status.code;
  } catch (const Error& e) {
    std::cerr << "Error: " << e.what() << "\n";
    return e.exit_code();
  } catch (const std::exception& e) {
    // Not an Error: a bug or a library failure; still reported, never swallowed.
    std::cerr << "Error: internal: " << e.what() << "\n";
    return kUsageExitCode;
  }
  return 0;
}

}  // namespace berth::cli
