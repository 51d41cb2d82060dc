#pragma once
// A server-wide limit on how many Space builds run at once: each holds one of N slot files
// locked (flock: released by the kernel when the build process dies), and a build that finds
// none free waits for one.
#include <filesystem>
#include <functional>
#include <string>

#include "base/unique_fd.hpp"

namespace berth::build {

class BuildSlot {
 public:
  // Takes a free slot of `count` in `dir`, calling `waiting` once before blocking.
  BuildSlot(const std::filesystem::path& dir, int count, const std::function<void()>& waiting);

 private:
  UniqueFd lock_;
};

// How many Space builds may run at once on this machine: half its CPUs, at least one.
int default_build_slots();

// How many builds one owner's Spaces may run at once: one, so an owner with many Spaces
// queues behind their own builds instead of holding every server slot.
inline constexpr int kBuildsPerOwner = 1;

// The slot directory of an owner's builds under `slots_dir` (named by a hash of the owner, so
// no owner name reaches a path).
std::filesystem::path owner_slots_dir(const std::filesystem::path& slots_dir,
                                      const std::string& owner);

}  // namespace berth::build
