#pragma once
// A deploy, restart or rollback that failed for a reason the Space's page shows (a stage and a
// message), as opposed to a failure of Berth itself. Internal to the deploy pipeline's files.
#include <string>

#include "spaces/space_stage.hpp"

namespace berth::spaces {

struct DeployError {
  SpaceStage stage;
  std::string message;
};

}  // namespace berth::spaces
