#pragma once
// --chown and --chmod of COPY/ADD. Names in --chown are looked up in the image being built
// (its /etc/passwd and /etc/group, read with openat2 RESOLVE_IN_ROOT), with BuildKit's rules:
// "user" alone takes the user's primary group from passwd; a numeric uid alone also gets that
// number as gid; "root" is 0 without a lookup.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace berth::build {

struct Ownership {
  uint32_t uid = 0;
  uint32_t gid = 0;
  friend bool operator==(const Ownership&, const Ownership&) = default;
};

// `spec` is "user", "user:group", "uid", "uid:gid" (names or numbers mixed freely). `passwd`
// and `group` are the files' text, nullopt when missing. Throws InvalidArgumentError:
// "unable to find user NAME: no matching entries in passwd file" (or group / group file).
Ownership resolve_chown(std::string_view spec, const std::optional<std::string>& passwd,
                        const std::optional<std::string>& group);

// The same, reading /etc/passwd and /etc/group of `rootfs` (the stage's rootfs snapshot).
Ownership resolve_chown_in_rootfs(std::string_view spec, const std::filesystem::path& rootfs);

}  // namespace berth::build
