#pragma once
// How deeply a SLEEPING Space sleeps. Frozen: its container's cgroup is frozen, memory kept,
// and a visit thaws it in milliseconds. Stopped: its container is removed (image and /data
// kept), and a visit starts a new one. The text form is what berth.db stores
// (spaces.sleep_tier) and the runtime JSON shows, so it never changes.
#include <optional>
#include <string_view>

namespace berth::spaces {

enum class SleepTier { kFrozen, kStopped };

std::string_view to_string(SleepTier tier);  // "frozen", "stopped"
// nullopt for any other text.
std::optional<SleepTier> parse_sleep_tier(std::string_view text);

}  // namespace berth::spaces
