#include "runtime/spec/kernel_version.hpp"

#include <sys/utsname.h>

#include <charconv>

namespace berth::runtime {
namespace {

// Parses leading decimal digits of `s` at `pos`, advancing `pos`.
std::optional<int> number_at(std::string_view s, size_t& pos) {
  int value = 0;
  auto [end, ec] = std::from_chars(s.data() + pos, s.data() + s.size(), value);
  if (ec != std::errc() || end == s.data() + pos) return std::nullopt;
  pos = static_cast<size_t>(end - s.data());
  return value;
}

}  // namespace

std::optional<KernelVersion> parse_kernel_version(std::string_view release) {
  size_t pos = 0;
  auto major = number_at(release, pos);
  if (!major || pos >= release.size() || release[pos] != '.') return std::nullopt;
  ++pos;
  auto minor = number_at(release, pos);
  if (!minor) return std::nullopt;
  return KernelVersion{*major, *minor};
}

std::optional<KernelVersion> running_kernel_version() {
  struct utsname u {};
  if (::uname(&u) != 0) return std::nullopt;
  return parse_kernel_version(u.release);
}

}  // namespace berth::runtime
