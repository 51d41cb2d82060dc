#pragma once
// The order services start in: levels of a topological sort of depends_on, each level's
// services depending only on earlier levels' (so a level starts in parallel). A cycle is a
// ComposeError naming it.
#include <string>
#include <vector>

#include "compose/project.hpp"

namespace berth::compose {

std::vector<std::vector<std::string>> dependency_levels(const Project& project);

// The levels flattened: a start order. Stop order is its reverse.
std::vector<std::string> start_order(const Project& project);

}  // namespace berth::compose
