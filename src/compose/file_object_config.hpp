#pragma once
// A top-level secret or config: from a file, an environment variable, inline content (configs),
// or external.
#include <map>
#include <string>

namespace berth::compose {

struct FileObjectConfig {
  std::string name;
  std::string file;  // absolute
  std::string environment;
  std::string content;
  bool external = false;
  std::map<std::string, std::string> labels;
};

}  // namespace berth::compose
