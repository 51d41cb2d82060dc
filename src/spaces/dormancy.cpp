#include "spaces/dormancy.hpp"

namespace berth::spaces {

std::optional<Dormancy> dormancy_of(const SpaceRecord& space) {
  if (space.stage == SpaceStage::kPaused) return Dormancy::kPaused;
  if (space.stage != SpaceStage::kSleeping) return std::nullopt;
  // A sleeping Space without a tier (written by hand, or by a newer berth) has no container
  // the server may count on: waking starts one.
  return space.sleep_tier == SleepTier::kFrozen ? Dormancy::kFrozen : Dormancy::kStopped;
}

}  // namespace berth::spaces
