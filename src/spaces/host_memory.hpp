#pragma once
// How much memory the host can still give without swapping (MemAvailable of /proc/meminfo):
// below a floor, sleeping Spaces give theirs back.
#include <cstdint>
#include <optional>

namespace berth::spaces {

// nullopt when /proc/meminfo says nothing of it (an old kernel, no /proc).
std::optional<int64_t> available_memory_bytes();

}  // namespace berth::spaces
