#include "compose/byte_size.hpp"

#include <cmath>
#include <string>

namespace berth::compose {

std::optional<int64_t> parse_byte_size(std::string_view s) {
  size_t i = 0;
  while (i < s.size() && ((s[i] >= '0' && s[i] <= '9') || s[i] == '.')) ++i;
  if (i == 0 || i > 24) return std::nullopt;
  std::string number(s.substr(0, i));
  char* end = nullptr;
  long double value = std::strtold(number.c_str(), &end);
  if (end == nullptr || *end != '\0') return std::nullopt;
  std::string unit;
  for (char c : s.substr(i)) {
    if (c == ' ') continue;
    unit += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  }
  if (unit.ends_with("ib"))
    unit = unit.substr(0, unit.size() - 2);
  else if (unit.ends_with("b"))
    unit.pop_back();
  long double scale;
  if (unit.empty())
    scale = 1;
  else if (unit == "k")
    scale = 1024.0L;
  else if (unit == "m")
    scale = 1024.0L * 1024;
  else if (unit == "g")
    scale = 1024.0L * 1024 * 1024;
  else if (unit == "t")
    scale = 1024.0L * 1024 * 1024 * 1024;
  else if (unit == "p")
    scale = 1024.0L * 1024 * 1024 * 1024 * 1024;
  else
    return std::nullopt;
  long double bytes = value * scale;
  if (bytes > 9.2e18L) return std::nullopt;
  return static_cast<int64_t>(bytes);
}

}  // namespace berth::compose
