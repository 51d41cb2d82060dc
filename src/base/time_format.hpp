#pragma once
// RFC 3339 timestamps as the OCI image config and Docker's JSON carry them.
#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace berth {

using TimePoint = std::chrono::system_clock::time_point;

// "2024-05-01T12:34:56.123456789Z" (nanoseconds trimmed of trailing zeros, as Go does).
std::string format_rfc3339_nano(TimePoint t);
// The wall clock's time now, formatted so: what records say they were made or changed at.
std::string rfc3339_now();
// Accepts "Z" or "+hh:mm" offsets and optional fractional seconds; nullopt when malformed.
std::optional<TimePoint> parse_rfc3339(std::string_view text);

}  // namespace berth
