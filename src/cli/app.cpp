#include "cli/app.hpp"

#include <CLI/CLI.hpp>
#include <iostream>

#include "base/error.hpp"
#include "cli/commands/command.hpp"

namespace berth::cli {
namespace {

// Docker's exit code for errors in the CLI's own flags and arguments.
constexpr int kUsageExitCode = 125;

}  // namespace

int run(int argc, char** argv) {
  CLI::App app{"berth: a Docker-compatible container engine and self-hosted Docker Spaces"};
  app.name("berth");
  app.require_subcommand(1);
  Context ctx;
  app.add_option("--root", ctx.options.root,
                 "Root of Berth's storage (default $BERTH_ROOT or /var/lib/berth)");
  app.set_version_flag("-v,--version", std::string("berth version ") + BERTH_VERSION);

  add_images(app, ctx, "images");
  add_history(app, ctx, "history");
  add_tag(app, ctx, "tag");
  add_rmi(app, ctx, "rmi");
  add_import(app, ctx, "import");
  add_load(app, ctx, "load");
  add_save(app, ctx, "save");
  add_container_inspect(app, ctx, "inspect", true);
  add_version(app, ctx, "version");
  add_info(app, ctx, "info");

  // The container commands exist both at the top level (`berth run`) and under
  // `berth container` (`berth container run`), as in Docker.
  auto add_container_commands = [&ctx](CLI::App& parent) {
    add_create(parent, ctx, "create");
    add_run(parent, ctx, "run");
    add_start(parent, ctx, "start");
    add_stop(parent, ctx, "stop", false);
    add_stop(parent, ctx, "restart", true);
    add_kill(parent, ctx, "kill");
    add_rm(parent, ctx, "rm");
    add_wait(parent, ctx, "wait");
    add_rename(parent, ctx, "rename");
    add_logs(parent, ctx, "logs");
    add_exec(parent, ctx, "exec");
    add_pause(parent, ctx, "pause", true);
    add_pause(parent, ctx, "unpause", false);
    add_top(parent, ctx, "top");
    add_stats(parent, ctx, "stats");
    add_cp(parent, ctx, "cp");
    add_diff(parent, ctx, "diff");
    add_commit(parent, ctx, "commit");
  };
  add_container_commands(app);
  add_ps(app, ctx, "ps");

  auto* container = app.add_subcommand("container", "Manage containers");
  container->require_subcommand(1);
  add_container_commands(*container);
  add_ps(*container, ctx, "ls")->alias("list");
  add_container_inspect(*container, ctx, "inspect", false);
  add_container_prune(*container, ctx, "prune");
  add_container_cleanup(*container, ctx, "cleanup");

  add_volume(app, ctx);
  add_build(app, ctx, "build");
  add_builder(app, ctx);

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
  add_build(*image, ctx, "build");

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
