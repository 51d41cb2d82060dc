#pragma once
// One entry of a service's depends_on, in the long form.
#include <string>

namespace berth::compose {

inline constexpr const char* kServiceStarted = "service_started";
inline constexpr const char* kServiceHealthy = "service_healthy";
inline constexpr const char* kServiceCompletedSuccessfully = "service_completed_successfully";

struct ServiceDependency {
  std::string condition = kServiceStarted;
  bool restart = false;
  bool required = true;
};

}  // namespace berth::compose
