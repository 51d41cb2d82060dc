#pragma once
// Renaming a Space (the Hub's "move": POST /api/repos/move). The Space keeps its git history,
// settings, variables, secrets and /data; it gets the host label a new Space of its new name
// would get, and its old id is gone (404 from then on). The instance serving it runs under the
// old name (container, network, image tag, SPACE_ID), so it is taken down, and the caller
// deploys the commit that served again under the new name.
#include <filesystem>
#include <string>
#include <string_view>

#include "spaces/space_deployer.hpp"
#include "spaces/spaces_database.hpp"

namespace berth::spaces {

struct MovedSpace {
  SpaceRecord space;        // as it is now, under its new id
  std::string was_serving;  // the commit its instance served before the move; "" when none
};

// Moves `from_id` to `to_id` ("owner/name"). Who may move what is the caller's to decide (the
// API lets owners rename within their own namespace). InvalidArgumentError for a malformed or
// invalid id, SpaceExistsError when another Space has `to_id`, ConflictError while the Space
// builds or starts or when a directory is in the way, NotFoundError when `from_id` is
// missing. On failure before the rename nothing changed; the instance may have been stopped.
MovedSpace move_space(SpacesDatabase& db, SpaceDeployer& deployer,
                      const std::filesystem::path& spaces_dir, std::string_view from_id,
                      std::string_view to_id);

// "owner/name" split; InvalidArgumentError naming the id otherwise.
std::pair<std::string, std::string> split_space_id(std::string_view id);

}  // namespace berth::spaces
