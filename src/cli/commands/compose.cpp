// `berth compose [-f FILE]… [-p NAME] [--project-directory DIR] [--env-file FILE]
// [--profile P] COMMAND`: the group and its global flags; each subcommand is a file of its own
// (compose_*.cpp) over compose/orchestrator.
#include "cli/commands/command.hpp"
#include "cli/commands/compose_project.hpp"

namespace berth::cli {

CLI::App* add_compose(CLI::App& app, Context& ctx) {
  auto project = std::make_shared<compose::ProjectOptions>();
  auto* group = app.add_subcommand("compose", "Define and run multi-container applications");
  group->require_subcommand(1);
  group->add_option("-f,--file", project->files, "Compose configuration files")
      ->allow_extra_args(false);
  group->add_option("-p,--project-name", project->project_name, "Project name");
  group->add_option("--project-directory", project->project_directory,
                    "Specify an alternate working directory (default: the first file's)");
  group->add_option("--env-file", project->env_files, "Specify an alternate environment file")
      ->allow_extra_args(false);
  group->add_option("--profile", project->profiles, "Specify a profile to enable")
      ->allow_extra_args(false);
  add_compose_config(*group, project);
  add_compose_lifecycle(*group, ctx, project);
  add_compose_logs(*group, ctx, project);
  add_compose_ps(*group, ctx, project);
  add_compose_exec(*group, ctx, project);
  add_compose_run(*group, ctx, project);
  add_compose_top(*group, ctx, project);
  add_compose_port(*group, ctx, project);
  add_compose_attach(*group, ctx, project);
  add_compose_images(*group, ctx, project);
  add_compose_ls(*group, ctx, project);
  add_compose_build(*group, ctx, project);
  add_compose_pull(*group, ctx, project);
  add_compose_push(*group, ctx, project);
  return group;
}

}  // namespace berth::cli
