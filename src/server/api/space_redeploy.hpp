#pragma once
// The redeploy after a settings change (the queueing itself is server/space_deploys').
#include <string>

#include "server/space_deploys.hpp"

namespace berth::server {

// A secret, a variable or the hardware changed (by the API, or the CLI's announcement): the
// Space is deployed again as on the Hub (variables are build arguments, so it rebuilds; the
// build cache keeps that fast), the old version serving until the new one answers. A paused
// Space, or one never pushed to, gets it at its restart or first deploy. Returns what happened,
// for X-Berth-Notice.
std::string redeploy_after_settings_change(ServerContext& ctx, const std::string& space_id);

}  // namespace berth::server
