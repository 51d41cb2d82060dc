#include "build/dockerfile/go_duration.hpp"

#include <cmath>
#include <cstdlib>
#include <string>

#include "base/error.hpp"
#include "base/go_quote.hpp"

namespace berth::build {

std::chrono::nanoseconds parse_go_duration(std::string_view text) {
  const std::string quoted = go_quote(text);
  auto invalid = [&] { return InvalidArgumentError("time: invalid duration " + quoted); };
  std::string_view s = text;
  bool negative = false;
  if (!s.empty() && (s.front() == '-' || s.front() == '+')) {
    negative = s.front() == '-';
    s.remove_prefix(1);
  }
  if (s == "0") return std::chrono::nanoseconds(0);
  if (s.empty()) throw invalid();
  long double total = 0;
  while (!s.empty()) {
    std::size_t i = 0;
    while (i < s.size() && ((s[i] >= '0' && s[i] <= '9') || s[i] == '.')) ++i;
    std::string number(s.substr(0, i));
    if (number.empty() || number == "." || number.find('.') != number.rfind('.')) throw invalid();
    s.remove_prefix(i);
    std::size_t u = 0;
    while (u < s.size() && !((s[u] >= '0' && s[u] <= '9') || s[u] == '.')) ++u;
    std::string unit(s.substr(0, u));
    s.remove_prefix(u);
    if (unit.empty()) throw InvalidArgumentError("time: missing unit in duration " + quoted);
    long double scale;
    if (unit == "ns") {
      scale = 1;
    } else if (unit == "us" || unit == "\xC2\xB5s" || unit == "\xCE\xBCs") {
      scale = 1e3;
    } else if (unit == "ms") {
      scale = 1e6;
    } else if (unit == "s") {
      scale = 1e9;
    } else if (unit == "m") {
      scale = 60e9;
    } else if (unit == "h") {
      scale = 3600e9;
    } else {
      throw InvalidArgumentError("time: unknown unit " + go_quote(unit) + " in duration " + quoted);
    }
    // Go refuses a number that overflows an int64 of nanoseconds; strtold does not throw
    // (std::stold's out_of_range escaped as an internal error for 5000 digits).
    long double value = std::strtold(number.c_str(), nullptr);
    if (!std::isfinite(value)) throw invalid();
    total += value * scale;
    if (total > 9.2e18L) throw invalid();
  }
  if (total > 9.2e18L) throw invalid();
  auto ns = static_cast<std::int64_t>(std::llround(static_cast<double>(total)));
  return std::chrono::nanoseconds(negative ? -ns : ns);
}

}  // namespace berth::build
