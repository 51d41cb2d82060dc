#pragma once
// A service's `logging: {driver, options}`.
#include <map>
#include <string>

namespace berth::compose {

struct LoggingConfig {
  std::string driver;
  std::map<std::string, std::string> options;
};

}  // namespace berth::compose
