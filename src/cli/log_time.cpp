#include "cli/log_time.hpp"

#include <cctype>
#include <stdexcept>

#include "base/error.hpp"

namespace berth::cli {

TimePoint parse_log_time(const std::string& text) {
  if (auto t = parse_rfc3339(text)) return *t;
  auto now = std::chrono::system_clock::now();
  if (text.empty()) throw InvalidArgumentError("invalid time value: empty");
  char unit = text.back();
  std::string number =
      std::isdigit(static_cast<unsigned char>(unit)) ? text : text.substr(0, text.size() - 1);
  double value = 0;
  try {
    size_t used = 0;
    value = std::stod(number, &used);
    if (used != number.size()) throw std::invalid_argument(text);
  } catch (const std::exception&) {
    throw InvalidArgumentError("invalid value for \"since\"/\"until\": " + text);
  }
  auto seconds = [](double s) {
    return std::chrono::duration_cast<std::chrono::system_clock::duration>(
        std::chrono::duration<double>(s));
  };
  switch (unit) {
    case 's':
      return now - seconds(value);
    case 'm':
      return now - seconds(value * 60);
    case 'h':
      return now - seconds(value * 3600);
    default:
      return TimePoint(seconds(value));  // Unix timestamp
  }
}

}  // namespace berth::cli
