#include "compose/duration.hpp"

#include <fmt/format.h>

#include <cmath>

#include "base/go_duration_format.hpp"

namespace berth::compose {

std::optional<int64_t> parse_duration(std::string_view s) {
  if (s.empty()) return std::nullopt;
  bool negative = false;
  if (s.front() == '-' || s.front() == '+') {
    negative = s.front() == '-';
    s.remove_prefix(1);
  }
  // A bare number is seconds (compose accepts `stop_grace_period: 10`).
  bool bare = s.find_first_not_of("0123456789") == std::string_view::npos;
  if (bare) {
    if (s.empty() || s.size() > 9) return std::nullopt;
    int64_t n = std::stoll(std::string(s)) * 1'000'000'000;
    return negative ? -n : n;
  }
  long double total = 0;
  size_t i = 0;
  if (s == "0") return 0;
  while (i < s.size()) {
    size_t start = i;
    while (i < s.size() && ((s[i] >= '0' && s[i] <= '9') || s[i] == '.')) ++i;
    if (i == start) return std::nullopt;
    std::string number(s.substr(start, i - start));
    if (number == "." || number.size() > 20) return std::nullopt;
    size_t ustart = i;
    while (i < s.size() && !((s[i] >= '0' && s[i] <= '9') || s[i] == '.')) ++i;
    std::string_view unit = s.substr(ustart, i - ustart);
    long double scale;
    if (unit == "ns")
      scale = 1;
    else if (unit == "us" || unit == "\xC2\xB5s" || unit == "\xCE\xBCs")
      scale = 1e3;
    else if (unit == "ms")
      scale = 1e6;
    else if (unit == "s")
      scale = 1e9;
    else if (unit == "m")
      scale = 60e9;
    else if (unit == "h")
      scale = 3600e9;
    else if (unit == "d")
      scale = 86400e9;
    else if (unit == "w")
      scale = 7 * 86400e9;
    else
      return std::nullopt;
    char* end = nullptr;
    long double value = std::strtold(number.c_str(), &end);
    if (end == nullptr || *end != '\0') return std::nullopt;
    total += value * scale;
    if (total > 9.2e18L) return std::nullopt;
  }
  auto ns = static_cast<int64_t>(std::llround(static_cast<double>(total)));
  return negative ? -ns : ns;
}

std::string format_duration(int64_t d) {
  return format_go_duration(d);
}

}  // namespace berth::compose
