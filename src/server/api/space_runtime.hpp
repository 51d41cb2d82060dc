#pragma once
// A Space's runtime as the Hub's GET /api/spaces/{id}/runtime gives it (huggingface_hub's
// SpaceRuntime): stage, hardware, storage, gcTimeout (the sleep time), replicas and domains.
// Space info and every settings call that answers a runtime share it.
#include "base/json.hpp"
#include "server/server_context.hpp"

namespace berth::server {

Json space_runtime_json(ServerContext& ctx, const spaces::SpaceRecord& space);

}  // namespace berth::server
