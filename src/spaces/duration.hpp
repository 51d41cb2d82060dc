#pragma once
// Durations as the README header writes them ("30m", "1h", "1h30m", "90s"), the form
// startup_duration_timeout takes.
#include <chrono>
#include <string>
#include <string_view>
#include <variant>

namespace berth::spaces {

enum class DurationError {
  kMalformed,  // not <digits><unit> groups
  kZero,       // "0s": a timeout that has always expired
  kTooLong,    // over kMaxDuration
};

// The Hub documents no maximum; this bound only keeps deadline arithmetic (now + timeout) far
// from overflow: 2^31-1 seconds, about 68 years.
inline constexpr std::chrono::seconds kMaxDuration{2147483647};

// One or more <digits><unit> groups, unit d, h, m or s, added up: "1h30m" is 5400s. No signs,
// fractions or spaces, like the Hub's examples.
std::variant<std::chrono::seconds, DurationError> parse_duration(std::string_view text);

// The shortest text parse_duration reads back: 1800s is "30m", 5400s "1h30m", 90s "1m30s",
// 0s "0s". Days are written as hours, as people write timeouts.
std::string format_duration(std::chrono::seconds d);

}  // namespace berth::spaces
