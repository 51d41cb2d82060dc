#pragma once
// Why a Space with a deployed version serves nowhere: it sleeps (a visit wakes it) or its
// owner paused it (only a restart brings it back).
#include <optional>

#include "spaces/space_record.hpp"

namespace berth::spaces {

enum class Dormancy {
  kFrozen,   // asleep, container frozen: a visit thaws it
  kStopped,  // asleep, container removed: a visit starts one
  kPaused,   // paused by its owner
};

// What the Space's stored stage says; nullopt for a Space that is not dormant.
std::optional<Dormancy> dormancy_of(const SpaceRecord& space);

}  // namespace berth::spaces
