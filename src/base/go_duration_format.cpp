#include "base/go_duration_format.hpp"

namespace berth {
namespace {

// Go's fmtFrac: the fraction of v below `prec` digits, trailing zeros dropped.
std::string fraction(uint64_t& v, int prec) {
  std::string digits;
  bool print = false;
  for (int i = 0; i < prec; ++i) {
    uint64_t digit = v % 10;
    print = print || digit != 0;
    if (print) digits.insert(digits.begin(), static_cast<char>('0' + digit));
    v /= 10;
  }
  return print ? "." + digits : "";
}

}  // namespace

std::string format_go_duration(int64_t d) {
  if (d == 0) return "0s";
  bool negative = d < 0;
  uint64_t u = negative ? static_cast<uint64_t>(-(d + 1)) + 1 : static_cast<uint64_t>(d);
  std::string out;
  if (u < 1'000'000'000ULL) {
    // Below a second: ns, µs or ms with a fraction.
    std::string unit;
    int prec = 0;
    if (u < 1000ULL) {
      out = std::to_string(u) + "ns";
      return negative ? "-" + out : out;
    } else if (u < 1'000'000ULL) {
      prec = 3;
      unit = "\xC2\xB5s";
    } else {
      prec = 6;
      unit = "ms";
    }
    std::string frac = fraction(u, prec);
    out = std::to_string(u) + frac + unit;
    return negative ? "-" + out : out;
  }
  std::string frac = fraction(u, 9);
  uint64_t seconds = u % 60;
  u /= 60;
  out = std::to_string(seconds) + frac + "s";
  if (u > 0) {
    uint64_t minutes = u % 60;
    u /= 60;
    out = std::to_string(minutes) + "m" + out;
    if (u > 0) out = std::to_string(u) + "h" + out;
  }
  return negative ? "-" + out : out;
}

}  // namespace berth
