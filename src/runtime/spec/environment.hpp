#pragma once
// The container's environment, merged in Docker's order: PATH, HOSTNAME and (with a tty) TERM
// first, each replaced in place when the image or the user sets it; then the user's variables;
// then the image's that the user did not set; HOME last when nobody set it (as runc adds it).
#include <string>
#include <vector>

namespace berth::runtime {

struct EnvironmentInputs {
  std::vector<std::string> image_env;  // the image config's Env
  std::vector<std::string> user_env;   // -e / --env-file; a bare "K" removes K
  std::string hostname;
  bool tty = false;
  std::string home = "/";  // from the user's passwd entry
};

inline constexpr const char* kDefaultPath =
    "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

std::vector<std::string> merge_environment(const EnvironmentInputs& in);

}  // namespace berth::runtime
