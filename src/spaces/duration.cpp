#include "spaces/duration.hpp"

#include <cstdint>

namespace berth::spaces {

namespace {

int64_t unit_seconds(char unit) {
  switch (unit) {
    case 'd':
      return 86400;
    case 'h':
      return 3600;
    case 'm':
      return 60;
    case 's':
      return 1;
    default:
      return 0;
  }
}

}  // namespace

std::variant<std::chrono::seconds, DurationError> parse_duration(std::string_view text) {
  const int64_t max = kMaxDuration.count();
  int64_t total = 0;
  bool too_long = false;
  size_t i = 0;
  if (text.empty()) return DurationError::kMalformed;
  while (i < text.size()) {
    size_t digits_start = i;
    int64_t n = 0;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
      // Keep reading past an overflow so that "99999999999999h" is too long, not malformed.
      if (n <= max) n = n * 10 + (text[i] - '0');
      ++i;
    }
    if (i == digits_start || i == text.size()) return DurationError::kMalformed;
    int64_t unit = unit_seconds(text[i++]);
    if (unit == 0) return DurationError::kMalformed;
    if (n > max / unit || total + n * unit > max) {
      too_long = true;
    } else {
      total += n * unit;
    }
  }
  if (too_long) return DurationError::kTooLong;
  if (total == 0) return DurationError::kZero;
  return std::chrono::seconds(total);
}

std::string format_duration(std::chrono::seconds d) {
  int64_t s = d.count();
  if (s <= 0) return "0s";
  std::string out;
  if (s >= 3600) out += std::to_string(s / 3600) + "h";
  if (s % 3600 >= 60) out += std::to_string(s % 3600 / 60) + "m";
  if (s % 60 != 0) out += std::to_string(s % 60) + "s";
  return out;
}

}  // namespace berth::spaces
