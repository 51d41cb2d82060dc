#pragma once
// Go's time.Duration.String(): "1m30s", "1.5s", "500ms", "0s", "-2h0m0s". Docker and compose
// print durations this way (healthcheck timings, `compose config`).
#include <cstdint>
#include <string>

namespace berth {

std::string format_go_duration(int64_t nanoseconds);

}  // namespace berth
