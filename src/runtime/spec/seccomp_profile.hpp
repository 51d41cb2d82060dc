#pragma once
// Converts a seccomp profile in Docker's / containers' format (/usr/share/containers/
// seccomp.json: defaultAction, defaultErrnoRet, archMap, syscalls[] with includes/excludes on
// capabilities, architectures and minimum kernel) into the OCI `linux.seccomp` object for one
// host, keeping only the rules whose conditions that host and capability set meet — the
// filtering dockerd does before handing the spec to runc.
#include <optional>
#include <string>
#include <vector>

#include "base/json.hpp"
#include "runtime/spec/kernel_version.hpp"

namespace berth::runtime {

struct SeccompTarget {
  std::string arch;                       // Go's name, as the profile uses: "amd64", "arm64"
  std::vector<std::string> capabilities;  // the container's bounding set
  std::optional<KernelVersion> kernel;    // unknown: minKernel rules count as unmet
};

// The architecture this binary runs on, in Go's naming ("amd64" on x86_64).
std::string native_seccomp_arch();

// Throws InvalidArgumentError for a malformed profile.
Json convert_seccomp_profile(const Json& profile, const SeccompTarget& target);

// Reads and converts a profile file; errors name the file and how to get it.
Json load_seccomp_profile(const std::string& path, const SeccompTarget& target);

}  // namespace berth::runtime
