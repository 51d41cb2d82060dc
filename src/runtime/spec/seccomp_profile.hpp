#pragma once
// Converts a seccomp profile in Docker's/containers' format (/usr/share/containers/seccomp.json:
// archMap, syscalls with includes/excludes by capability and architecture) into the OCI
// runtime-spec `linux.seccomp` object for this host (x86_64) and a granted capability set.
#include <string>
#include <vector>

#include "base/json.hpp"

namespace berth::runtime {

Json convert_seccomp_profile(const Json& profile, const std::vector<std::string>& capabilities,
                             const std::string& arch = "amd64");

}  // namespace berth::runtime
