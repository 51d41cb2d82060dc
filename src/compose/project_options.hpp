#pragma once
// What `berth compose`'s global flags and the environment say about which project to load.
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace berth::compose {

struct ProjectOptions {
  std::vector<std::string> files;                  // -f, in order; empty: found from working_dir up
  std::string project_directory;                   // --project-directory
  std::string project_name;                        // -p
  std::vector<std::string> env_files;              // --env-file
  std::vector<std::string> profiles;               // --profile
  std::string working_dir;                         // the current directory (absolute)
  std::map<std::string, std::string> environment;  // the process's environment
  // What `-f -` reads: the compose file on standard input, read by the caller (at most
  // kMaxFileBytes + 1 bytes, so that a larger one is refused as too large).
  std::optional<std::string> standard_input;
};

}  // namespace berth::compose
