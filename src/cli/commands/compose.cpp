// `berth compose [-f FILE]… [-p NAME] [--project-directory DIR] [--env-file FILE]
// [--profile P] config`: the compose-file model, printed as `docker compose config` prints it.
// The other compose commands (up, down, ps, logs, …) come with the planner and orchestrator.
#include <unistd.h>

#include <filesystem>
#include <iostream>
#include <set>

#include "base/error.hpp"
#include "cli/commands/command.hpp"
#include "compose/config_hash.hpp"
#include "compose/dependency_order.hpp"
#include "compose/loader.hpp"
#include "compose/model_json.hpp"
#include "compose/yaml_emitter.hpp"

extern char** environ;

namespace berth::cli {
namespace {

// As compose prints the model: each $ as $$, so that the output reads back as the same model.
std::string escape_dollars(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    out += c;
    if (c == '$') out += '$';
  }
  return out;
}

std::map<std::string, std::string> process_environment() {
  std::map<std::string, std::string> env;
  for (char** e = environ; e != nullptr && *e != nullptr; ++e) {
    std::string entry(*e);
    auto eq = entry.find('=');
    if (eq == std::string::npos) continue;
    env.emplace(entry.substr(0, eq), entry.substr(eq + 1));
  }
  return env;
}

compose::Project load(const compose::ProjectOptions& given) {
  compose::ProjectOptions options = given;
  options.working_dir = std::filesystem::current_path().string();
  options.environment = process_environment();
  compose::Project project = compose::load_project(options);
  for (const auto& w : project.warnings) std::cerr << "WARN[0000] " << w << "\n";
  compose::dependency_levels(project);  // a cycle is an error for every command
  return project;
}

void add_config(CLI::App& group, std::shared_ptr<compose::ProjectOptions> project) {
  struct Options {
    bool services = false, volumes = false, profiles = false, quiet = false;
    std::string hash;
    std::string format = "yaml";
  };
  auto opts = std::make_shared<Options>();
  auto* cmd =
      group.add_subcommand("config", "Parse, resolve and render compose file in canonical format");
  cmd->add_flag("--services", opts->services, "Print the service names, one per line");
  cmd->add_flag("--volumes", opts->volumes, "Print the volume names, one per line");
  cmd->add_flag("--profiles", opts->profiles, "Print the profile names, one per line");
  cmd->add_option("--hash", opts->hash, "Print the service config hash, one per line (* for all)");
  cmd->add_flag("-q,--quiet", opts->quiet, "Only validate the configuration, don't print anything");
  cmd->add_option("--format", opts->format, "Format the output: yaml or json")
      ->check(CLI::IsMember({"yaml", "json"}));
  cmd->callback([opts, project] {
    compose::Project p = load(*project);
    if (opts->quiet) return;
    if (opts->services) {
      for (const auto& name : compose::start_order(p)) std::cout << name << "\n";
      return;
    }
    if (opts->volumes) {
      for (const auto& [name, v] : p.volumes) std::cout << name << "\n";
      return;
    }
    if (opts->profiles) {
      std::set<std::string> names;
      for (const auto* services : {&p.services, &p.disabled}) {
        for (const auto& [name, s] : *services) names.insert(s.profiles.begin(), s.profiles.end());
      }
      for (const auto& name : names) std::cout << name << "\n";
      return;
    }
    if (!opts->hash.empty()) {
      if (opts->hash == "*") {
        for (const auto& [name, s] : p.services) {
          std::cout << name << " " << compose::config_hash(s) << "\n";
        }
        return;
      }
      auto it = p.services.find(opts->hash);
      if (it == p.services.end()) {
        throw NotFoundError("no such service: " + opts->hash);
      }
      std::cout << it->first << " " << compose::config_hash(it->second) << "\n";
      return;
    }
    OrderedJson model = compose::project_json(p);
    if (opts->format == "json") {
      std::cout << escape_dollars(model.dump(2, ' ', false, OrderedJson::error_handler_t::replace))
                << "\n";
    } else {
      std::cout << escape_dollars(compose::to_yaml(model));
    }
  });
}

}  // namespace

CLI::App* add_compose(CLI::App& app, Context&) {
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
  add_config(*group, project);
  return group;
}

}  // namespace berth::cli
