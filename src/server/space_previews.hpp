#pragma once
// Preview deploys of a Space's branches (spaces/preview_names.hpp): a push or an API call that
// moves a branch other than the one the Space deploys (main, else master) deploys that
// branch's preview at {host label}--{branch}.{domain}, with the Space's variables and, when
// its owner allows it, its secrets; deleting the branch removes the preview. Deploys and
// removals go through the deploy queue, one at a time per preview.
#include <filesystem>
#include <map>
#include <string>

#include "server/server_context.hpp"

namespace berth::server {

// Branch → head commit, for every branch of the repository but the one the Space deploys.
using PreviewBranches = std::map<std::string, std::string>;
PreviewBranches preview_branches(const std::filesystem::path& repository);

// Queues a deploy of the preview at `commit` of its Space's repository.
void queue_preview_deploy(ServerContext& ctx, const spaces::SpaceRecord& preview,
                          const std::string& commit);

// Deploys the previews of the branches that appeared or moved between `before` and `after`
// (made when missing), and removes those of the branches that went.
void sync_previews(ServerContext& ctx, const spaces::SpaceRecord& space,
                   const PreviewBranches& before, const PreviewBranches& after);

}  // namespace berth::server
