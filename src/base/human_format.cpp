#include "base/human_format.hpp"

#include <fmt/format.h>

#include <array>

namespace berth {

std::string human_size(double bytes, int precision) {
  static const std::array<const char*, 7> kUnits = {"B", "kB", "MB", "GB", "TB", "PB", "EB"};
  size_t unit = 0;
  while (bytes >= 1000.0 && unit + 1 < kUnits.size()) {
    bytes /= 1000.0;
    ++unit;
  }
  return fmt::format("{:.{}g}{}", bytes, precision, kUnits[unit]);
}

std::string human_duration(std::chrono::seconds d) {
  using namespace std::chrono;
  long long s = d.count();
  if (s < 1) return "Less than a second";
  if (s == 1) return "1 second";
  if (s < 60) return fmt::format("{} seconds", s);
  long long minutes = s / 60;
  if (minutes == 1) return "About a minute";
  if (minutes < 60) return fmt::format("{} minutes", minutes);
  // go-units rounds hours to nearest.
  long long hours = (s + 1800) / 3600;
  if (hours == 1) return "About an hour";
  if (hours < 48) return fmt::format("{} hours", hours);
  if (hours < 24 * 7 * 2) return fmt::format("{} days", hours / 24);
  if (hours < 24 * 30 * 2) return fmt::format("{} weeks", hours / 24 / 7);
  if (hours < 24 * 365 * 2) return fmt::format("{} months", hours / 24 / 30);
  return fmt::format("{} years", hours / 24 / 365);
}

std::string human_age(std::chrono::system_clock::time_point t,
                      std::chrono::system_clock::time_point now) {
  auto d = std::chrono::duration_cast<std::chrono::seconds>(now - t);
  return human_duration(d) + " ago";
}

}  // namespace berth
