#pragma once
// Finding a project's compose files and naming the project.
#include <optional>
#include <string>
#include <vector>

namespace berth::compose {

// The compose file in `dir` or the nearest parent that has one (compose.yaml, compose.yml,
// docker-compose.yaml, docker-compose.yml, in that order of preference), and the override
// file beside it when there is one (compose.override.yaml, …). Empty when none is found.
// `warning` is set when a directory holds more than one candidate.
std::vector<std::string> find_compose_files(const std::string& dir, std::string& warning);

// A project name as compose makes one from a directory's name: lowercase, only [a-z0-9_-],
// starting with a letter or digit.
std::string normalize_project_name(const std::string& name);
// Whether `name` is valid as given with -p or COMPOSE_PROJECT_NAME or name:.
bool valid_project_name(const std::string& name);

}  // namespace berth::compose
