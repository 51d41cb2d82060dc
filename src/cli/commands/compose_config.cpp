// `berth compose config`: the compose-file model, printed as `docker compose config` prints
// it (yaml or json), or its services, volumes, profiles or config hashes.
#include <iostream>
#include <set>

#include "base/error.hpp"
#include "cli/commands/command.hpp"
#include "cli/commands/compose_project.hpp"
#include "compose/config_hash.hpp"
#include "compose/dependency_order.hpp"
#include "compose/model_json.hpp"
#include "compose/yaml_emitter.hpp"

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

}  // namespace

void add_compose_config(CLI::App& group, ProjectOptionsPtr project) {
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
    compose::Project p = load_compose_project(*project);
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
    if (opts->format == "json") {
      // As docker compose prints it: no newline after the closing brace.
      std::cout << escape_dollars(
          compose::json_text(compose::project_json(p, compose::ModelFormat::json)));
    } else {
      std::cout << escape_dollars(compose::to_yaml(compose::project_json(p)));
    }
  });
}

}  // namespace berth::cli
