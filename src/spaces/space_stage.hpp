#pragma once
// A Space's stage: huggingface_hub's SpaceStage, by the same names. The text form is what the
// Hub API answers and what berth.db stores (spaces.stage), so it never changes.
#include <iosfwd>
#include <span>
#include <string_view>

namespace berth::spaces {

enum class SpaceStage {
  kNoAppFile,           // NO_APP_FILE: no Dockerfile pushed yet
  kConfigError,         // CONFIG_ERROR: the README header or the hardware is wrong
  kBuilding,            // BUILDING
  kBuildError,          // BUILD_ERROR
  kAppStarting,         // APP_STARTING
  kRunning,             // RUNNING
  kRunningBuilding,     // RUNNING_BUILDING: an old version serves while a new one builds
  kRunningAppStarting,  // RUNNING_APP_STARTING: … while a new one starts
  kRuntimeError,        // RUNTIME_ERROR
  kDeleting,            // DELETING
  kStopped,             // STOPPED
  kPaused,              // PAUSED
  kSleeping,            // SLEEPING
};

// Every stage, in the order above.
std::span<const SpaceStage> all_space_stages();
// The Hub's name: "NO_APP_FILE", "RUNNING"…
std::string_view to_string(SpaceStage stage);
// The stage named `text` (exactly, as the Hub writes it); InvalidArgumentError naming the text
// and the stages there are otherwise.
SpaceStage parse_space_stage(std::string_view text);
// A deploy or a restart is under way: building or starting, with or without an old version
// serving meanwhile.
bool is_in_progress(SpaceStage stage);

// The Hub's name, for messages and test output.
std::ostream& operator<<(std::ostream& out, SpaceStage stage);

}  // namespace berth::spaces
