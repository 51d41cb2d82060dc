#pragma once
// Deploying what a write to a Space's repository put on its deployed branch: a git push
// (server/git_endpoint) and a commit through the API (api/commit_api) both end here.
#include <filesystem>
#include <optional>
#include <string>

#include "server/server_context.hpp"

namespace berth::server {

// The commit the Space deploys from, in the Hub's order: main, else master.
std::optional<std::string> deployed_branch_head(const std::filesystem::path& repository);

// Queues a deploy of `commit` (files exported with their LFS content, spaces/git export_tree).
void queue_space_deploy(ServerContext& ctx, const spaces::SpaceRecord& space,
                        const std::string& commit);

}  // namespace berth::server
