#pragma once
// A service's `build:` (the string form is the context alone).
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "compose/file_reference.hpp"

namespace berth::compose {

struct BuildConfig {
  std::string context;  // absolute, unless a URL (git, http)
  std::string dockerfile;
  std::string dockerfile_inline;
  std::map<std::string, std::optional<std::string>> args;  // unset ones resolved or dropped
  std::map<std::string, std::string> labels;
  std::string target;
  std::vector<FileReference> secrets;
  std::vector<std::string> cache_from;
  std::string network;
  std::vector<std::string> tags;
  bool pull = false;
  bool no_cache = false;
};

}  // namespace berth::compose
