#pragma once
// A kernel release as major.minor, for seccomp rules and sysctls that need a minimum kernel.
#include <compare>
#include <optional>
#include <string_view>

namespace berth::runtime {

struct KernelVersion {
  int major = 0;
  int minor = 0;
  auto operator<=>(const KernelVersion&) const = default;
};

// "6.1.0-13-amd64" -> 6.1; "4.8" -> 4.8; nullopt when it does not start with N.N.
std::optional<KernelVersion> parse_kernel_version(std::string_view release);

// The running kernel (uname), or nullopt if it cannot be read.
std::optional<KernelVersion> running_kernel_version();

}  // namespace berth::runtime
