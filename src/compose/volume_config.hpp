#pragma once
// A top-level named volume (`volumes: {data: {external, labels, name}}`).
#include <map>
#include <string>

namespace berth::compose {

struct VolumeConfig {
  std::string name;  // PROJECT_KEY unless set or external
  std::string driver;
  std::map<std::string, std::string> driver_opts;
  bool external = false;
  std::map<std::string, std::string> labels;
};

}  // namespace berth::compose
