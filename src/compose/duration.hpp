#pragma once
// Durations as compose reads them ("1m30s", "1.5h", "500ms", or a bare number of seconds) and
// prints them (Go's time.Duration String(): "1m30s", "500ms", "0s").
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace berth::compose {

// Nanoseconds; nullopt when malformed or beyond ~290 years.
std::optional<int64_t> parse_duration(std::string_view text);
std::string format_duration(int64_t nanoseconds);

}  // namespace berth::compose
