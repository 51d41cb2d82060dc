#pragma once
// Deploys that the API starts itself (after a move, a duplicate, a factory reboot), queued as a
// push's deploy is (GitEndpoint): in the background, one at a time per Space.
#include <filesystem>
#include <optional>
#include <string>

#include "server/server_context.hpp"

namespace berth::server {

// The commit a push would deploy: the head of main, else of master; nullopt when neither.
std::optional<std::string> deployable_head(const std::filesystem::path& repository);

struct RedeployOptions {
  // Build without the Space's build cache (a factory reboot): every step runs again.
  bool without_build_cache = false;
};

// Queues a deploy of `commit` of the Space's repository.
void queue_deploy(ServerContext& ctx, const spaces::SpaceRecord& space, const std::string& commit,
                  RedeployOptions options = {});

// A secret, a variable or the hardware changed (by the API, or the CLI's announcement): the
// Space is deployed again as on the Hub (variables are build arguments, so it rebuilds; the
// build cache keeps that fast), the old version serving until the new one answers. A paused
// Space, or one never pushed to, gets it at its restart or first deploy. Returns what happened,
// for X-Berth-Notice.
std::string redeploy_after_settings_change(ServerContext& ctx, const std::string& space_id);

}  // namespace berth::server
