#include "spaces/sleep_tier.hpp"

namespace berth::spaces {

std::string_view to_string(SleepTier tier) {
  return tier == SleepTier::kFrozen ? "frozen" : "stopped";
}

std::optional<SleepTier> parse_sleep_tier(std::string_view text) {
  if (text == "frozen") return SleepTier::kFrozen;
  if (text == "stopped") return SleepTier::kStopped;
  return std::nullopt;
}

}  // namespace berth::spaces
