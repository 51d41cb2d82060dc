#pragma once
// Go's time.ParseDuration ("1m30s", "1.5h", "300ms"), which HEALTHCHECK's flags use.
#include <chrono>
#include <string_view>

namespace berth::build {

// Throws InvalidArgumentError with Go's message, e.g. `time: invalid duration "abc"`.
std::chrono::nanoseconds parse_go_duration(std::string_view text);

}  // namespace berth::build
