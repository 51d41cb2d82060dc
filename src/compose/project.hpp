#pragma once
// A loaded compose project: the model `berth compose` works from.
#include <map>
#include <string>
#include <vector>

#include "compose/file_object_config.hpp"
#include "compose/network_config.hpp"
#include "compose/service_config.hpp"
#include "compose/volume_config.hpp"

namespace berth::compose {

// Where something was written, for errors found after reading (dependency cycles).
struct SourceLocation {
  std::string file;
  int line = 0;
};

struct Project {
  std::string name;
  std::string working_dir;                        // the project directory, absolute
  std::vector<std::string> files;                 // the compose files, absolute, in -f order
  std::map<std::string, ServiceConfig> services;  // enabled by the active profiles
  std::map<std::string, ServiceConfig> disabled;  // left out by profiles
  std::map<std::string, NetworkConfig> networks;
  std::map<std::string, VolumeConfig> volumes;
  std::map<std::string, FileObjectConfig> secrets;
  std::map<std::string, FileObjectConfig> configs;
  std::vector<std::string> warnings;                    // printed on stderr by the CLI
  std::map<std::string, SourceLocation> depends_on_at;  // each service's depends_on
};

}  // namespace berth::compose
