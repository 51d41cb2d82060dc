#include "spaces/sleep_policy.hpp"

#include <string>
#include <variant>

#include "base/error.hpp"
#include "spaces/duration.hpp"

namespace berth::spaces {

std::optional<std::chrono::seconds> sleep_time_of(const SpaceRecord& space,
                                                  const SleepOptions& options) {
  if (space.sleep_time_seconds) {
    if (*space.sleep_time_seconds < 0) return std::nullopt;  // -1: never
    return std::chrono::seconds(*space.sleep_time_seconds);
  }
  if (space.hardware != "cpu-basic") return std::nullopt;
  return options.default_sleep;
}

std::optional<std::chrono::seconds> parse_sleep_setting(std::string_view text,
                                                        std::string_view what) {
  if (text == "never") return std::nullopt;
  auto parsed = parse_duration(text);
  if (auto* seconds = std::get_if<std::chrono::seconds>(&parsed)) return *seconds;
  throw InvalidArgumentError(std::string(what) + " \"" + std::string(text) +
                             "\": expected \"never\" or a duration such as 48h, 30m or 90s");
}

}  // namespace berth::spaces
