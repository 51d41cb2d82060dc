#pragma once
// POST /api/spaces/{from}/duplicate ({repository, private|visibility, hardware?, storageTier?,
// sleepTimeSeconds?, secrets?, variables?}, huggingface_hub's duplicate_space): a new Space of
// the caller's (spaces/space_duplicate), deployed as a push deploys. Anyone with a write
// token may duplicate a Space they can see, into their own namespace.
#include "server/server_context.hpp"

namespace berth::server {

void duplicate_space(ServerContext& ctx, Exchange& ex, const spaces::SpaceRecord& source);

}  // namespace berth::server
