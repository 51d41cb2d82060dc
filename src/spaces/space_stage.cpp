#include "spaces/space_stage.hpp"

#include <array>
#include <ostream>
#include <string>
#include <utility>

#include "base/error.hpp"

namespace berth::spaces {
namespace {

constexpr std::array<std::pair<SpaceStage, std::string_view>, 13> kNames = {{
    {SpaceStage::kNoAppFile, "NO_APP_FILE"},
    {SpaceStage::kConfigError, "CONFIG_ERROR"},
    {SpaceStage::kBuilding, "BUILDING"},
    {SpaceStage::kBuildError, "BUILD_ERROR"},
    {SpaceStage::kAppStarting, "APP_STARTING"},
    {SpaceStage::kRunning, "RUNNING"},
    {SpaceStage::kRunningBuilding, "RUNNING_BUILDING"},
    {SpaceStage::kRunningAppStarting, "RUNNING_APP_STARTING"},
    {SpaceStage::kRuntimeError, "RUNTIME_ERROR"},
    {SpaceStage::kDeleting, "DELETING"},
    {SpaceStage::kStopped, "STOPPED"},
    {SpaceStage::kPaused, "PAUSED"},
    {SpaceStage::kSleeping, "SLEEPING"},
}};

constexpr std::array<SpaceStage, kNames.size()> kStages = [] {
  std::array<SpaceStage, kNames.size()> stages{};
  for (size_t i = 0; i < kNames.size(); ++i) stages[i] = kNames[i].first;
  return stages;
}();

}  // namespace

std::span<const SpaceStage> all_space_stages() {
  return kStages;
}

std::string_view to_string(SpaceStage stage) {
  for (const auto& [value, name] : kNames) {
    if (value == stage) return name;
  }
  throw Error("SpaceStage " + std::to_string(static_cast<int>(stage)) + " has no name");
}

SpaceStage parse_space_stage(std::string_view text) {
  for (const auto& [value, name] : kNames) {
    if (name == text) return value;
  }
  std::string expected;
  for (const auto& [value, name] : kNames) {
    expected += (expected.empty() ? "" : ", ") + std::string(name);
  }
  throw InvalidArgumentError("invalid Space stage \"" + std::string(text) + "\": expected one of " +
                             expected);
}

bool is_in_progress(SpaceStage stage) {
  return stage == SpaceStage::kBuilding || stage == SpaceStage::kAppStarting ||
         stage == SpaceStage::kRunningBuilding || stage == SpaceStage::kRunningAppStarting;
}

std::ostream& operator<<(std::ostream& out, SpaceStage stage) {
  return out << to_string(stage);
}

}  // namespace berth::spaces
