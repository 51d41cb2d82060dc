#pragma once
// Reads the merged tree of a whole project (extends applied) into a Project: its services,
// networks, volumes, secrets and configs, with compose's defaults (the default network, names
// prefixed with the project's) and the checks across them (undefined networks, volumes,
// secrets and configs; depends_on on unknown services).
#include <string>
#include <vector>

#include "compose/interpolation.hpp"
#include "compose/node.hpp"
#include "compose/project.hpp"

namespace berth::compose {

struct ProjectReadOptions {
  std::string name;                   // the project's name, already chosen and normalized
  std::vector<std::string> profiles;  // active profiles ("*" enables all)
  VariableLookup environment;
};

Project read_project(const Node& root, const ProjectReadOptions& options);

}  // namespace berth::compose
