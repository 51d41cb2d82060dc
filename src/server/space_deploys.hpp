#pragma once
// Deploys the server starts: what a write put on a Space's deployed branch (a git push,
// server/git_endpoint; a commit through the API, api/commit_api), and the redeploys the API
// asks for (a move, a duplicate, a factory reboot, a settings change). All are queued as a
// push's deploy is: in the background, one at a time per Space. The commit a Space deploys from
// is spaces::default_branch_head (main, else master).
#include <string>

#include "server/server_context.hpp"

namespace berth::server {

struct RedeployOptions {
  // Build without the Space's build cache (a factory reboot): every step runs again.
  bool without_build_cache = false;
};

// Queues a deploy of `commit` of the Space's repository (files exported with their LFS
// content, spaces/git export_tree).
void queue_space_deploy(ServerContext& ctx, const spaces::SpaceRecord& space,
                        const std::string& commit, RedeployOptions options = {});

}  // namespace berth::server
