#pragma once
// The bytes a directory tree holds, counted as Docker counts a container's writable layer
// (`ps --size`, `inspect --size`): the sizes of everything but directories, a hard-linked file
// once, symlinks not followed. A tree that changes meanwhile is counted as it is found.
#include <cstdint>
#include <filesystem>

namespace berth {

// 0 for a missing directory; errors other than entries vanishing throw.
std::uint64_t directory_size(const std::filesystem::path& root);

}  // namespace berth
