#pragma once
// `--label k=v` values as a map, shared by the commands that take them (volume, network).
#include <map>
#include <string>
#include <vector>

namespace berth::cli {

// "k=v" → {k, v}; a bare "k" → {k, ""}, as Docker reads it.
std::map<std::string, std::string> parse_labels(const std::vector<std::string>& labels);

}  // namespace berth::cli
