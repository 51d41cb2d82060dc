#pragma once
// POST /api/repos/move ({fromRepo, toRepo, type: "space"}, huggingface_hub's move_repo): an
// owner renames a Space within their own namespace (spaces/space_move); the old id is 404
// (RepoNotFound) afterwards, the new one serves once the commit that served is deployed again
// under it.
#include "server/server_context.hpp"

namespace berth::server {

void move_repo(ServerContext& ctx, Exchange& ex);

}  // namespace berth::server
