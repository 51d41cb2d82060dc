#pragma once
// A Space's Git LFS objects: <space dir>/lfs/objects/<oid[0:2]>/<oid[2:4]>/<oid>, as git-lfs lays
// them out. Per Space, never shared between Spaces: an oid is no secret (it is in every clone),
// so a store shared across tenants would let anyone who learned one commit a pointer to
// another tenant's object and download it.
#include <filesystem>
#include <string_view>

namespace berth::spaces {

// Whether `oid` is an LFS oid: 64 lowercase hex digits (sha256).
bool is_lfs_oid(std::string_view oid);

// Where the object `oid` of the Space whose directory is `space_dir` lives (present or not).
// Throws InvalidArgumentError for an oid that is not one.
std::filesystem::path lfs_object_path(const std::filesystem::path& space_dir, std::string_view oid);

}  // namespace berth::spaces
