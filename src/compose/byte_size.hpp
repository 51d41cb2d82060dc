#pragma once
// Sizes as compose reads them (docker/go-units' RAMInBytes): "512m", "1g", "1.5GiB", "1024",
// binary units (k = 1024).
#include <cstdint>
#include <optional>
#include <string_view>

namespace berth::compose {

std::optional<int64_t> parse_byte_size(std::string_view text);

}  // namespace berth::compose
