#pragma once
// How much memory the host can still give without swapping (MemAvailable of /proc/meminfo):
// below a floor, sleeping Spaces give theirs back.
#include <cstdint>
#include <optional>
#include <string_view>

namespace berth::spaces {

// A field of /proc/meminfo ("MemTotal", "MemAvailable") in bytes; nullopt when it says nothing
// of it (an old kernel, no /proc).
std::optional<int64_t> meminfo_bytes(std::string_view field);
std::optional<int64_t> available_memory_bytes();  // MemAvailable

}  // namespace berth::spaces
