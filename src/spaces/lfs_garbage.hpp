#pragma once
// Garbage collection of a Space's Git LFS objects. An object goes when no commit reachable
// from the Space's refs (branches and tags: previews' included, as they are the Space's
// branches) has a pointer to it, and it was neither written nor announced by an upload
// within the grace period: huggingface_hub and git-lfs upload an object before the commit
// or push that names it, and the batch API marks an object the client need not send again
// (LfsObjectStore::touch), so an upload whose commit is still to come is never raced.
// Temp files of writes a killed server abandoned go after the same grace.
//
// Objects are per Space (lfs_object_store.hpp); a duplicated Space's are hard links to its
// source's, so removing one Space's object, or the whole Space, leaves the other's alone.
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <set>
#include <string>

#include "spaces/lfs_object_store.hpp"

namespace berth::spaces {

inline constexpr std::chrono::hours kLfsGarbageGrace{1};

struct LfsGarbageReport {
  std::size_t removed = 0;  // objects and abandoned writes
  std::uint64_t freed_bytes = 0;
  std::size_t kept = 0;  // objects
};

// The oids of the LFS pointers in every commit reachable from `repository`'s refs: one
// rev-list and two cat-file runs, whatever the history's length; blobs of 1024 bytes or more
// (no pointer is) are never read.
std::set<std::string> referenced_lfs_oids(const std::filesystem::path& repository);

// The rule: removes from `store` what is not in `referenced` and was last written before
// `now - grace`.
LfsGarbageReport remove_unreferenced_lfs_objects(
    const LfsObjectStore& store, const std::set<std::string>& referenced,
    std::filesystem::file_time_type now = std::filesystem::file_time_type::clock::now(),
    std::chrono::seconds grace = kLfsGarbageGrace);

// Both, for the Space whose bare repository is `repository` (<space dir>/repo.git). A Space
// without LFS objects costs no git.
LfsGarbageReport collect_lfs_garbage(
    const std::filesystem::path& repository,
    std::filesystem::file_time_type now = std::filesystem::file_time_type::clock::now(),
    std::chrono::seconds grace = kLfsGarbageGrace);

}  // namespace berth::spaces
