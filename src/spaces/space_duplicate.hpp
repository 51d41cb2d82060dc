#pragma once
// Duplicating a Space (POST /api/spaces/{from}/duplicate): a new Space with the source's git
// history and files, its Git LFS objects and its variables (the request's variables win), but
// none of its secrets: only those the request gives. Settings (visibility, hardware, storage,
// sleep time) are the request's. Deploying it is the caller's, as after a push.
#include <filesystem>

#include "spaces/space_admin.hpp"
#include "spaces/spaces_database.hpp"

namespace berth::spaces {

struct SpaceDuplicateRequest {
  std::string source_id;
  SpaceCreateRequest target;  // owner, name, settings; variables and secrets from the request
};

// Validates everything first (create_space's rules), then creates the Space and copies into
// it; on any failure the new Space is removed again. Who may duplicate what is the caller's
// to decide. Throws what create_space throws, NotFoundError for a missing source, Error when
// git cannot copy the history.
SpaceRecord duplicate_space(SpacesDatabase& db, const std::filesystem::path& spaces_dir,
                            const SpaceDuplicateRequest& request);

}  // namespace berth::spaces
