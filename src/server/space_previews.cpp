#include "server/space_previews.hpp"

#include <iostream>

#include "base/error.hpp"
#include "spaces/git/git_refs.hpp"
#include "spaces/git/git_repository.hpp"
#include "spaces/preview_names.hpp"
#include "spaces/space_admin.hpp"

namespace berth::server {

namespace fs = std::filesystem;

PreviewBranches preview_branches(const fs::path& repository) {
  PreviewBranches heads;
  auto refs = spaces::list_refs(repository);
  bool has_main = false;
  for (const auto& branch : refs.branches) has_main = has_main || branch.name == "main";
  const std::string deployed = has_main ? "main" : "master";
  for (const auto& branch : refs.branches) {
    if (branch.name != deployed) heads[branch.name] = branch.target_commit;
  }
  return heads;
}

void queue_preview_deploy(ServerContext& ctx, const spaces::SpaceRecord& preview,
                          const std::string& commit) {
  auto& deployer = ctx.deployer;
  auto space = ctx.db.with(
      [&](spaces::SpaceStore& s, spaces::UserStore&) { return s.resolve(preview.preview_of); });
  auto repo = spaces::repository_of(ctx.spaces_dir, space);
  std::string id = preview.id;
  ctx.deploys.submit(
      id, "preview deploy of " + id + " at " + commit, [&deployer, repo, id, commit] {
        deployer.deploy(id, commit,
                        [&](const fs::path& into) { spaces::export_tree(repo, commit, into); });
      });
}

void sync_previews(ServerContext& ctx, const spaces::SpaceRecord& space,
                   const PreviewBranches& before, const PreviewBranches& after) {
  if (!space.preview_of.empty()) return;  // a preview's own repository is its Space's
  auto& deployer = ctx.deployer;
  auto& db = ctx.db;
  bool changed = false;
  for (const auto& [branch, commit] : after) {
    auto old = before.find(branch);
    if (old != before.end() && old->second == commit) continue;
    try {
      auto preview = db.with([&](spaces::SpaceStore& s, spaces::UserStore&) {
        return s.create_preview(space.id, branch);
      });
      changed = true;
      queue_preview_deploy(ctx, preview, commit);
    } catch (const Error& e) {
      // The push itself succeeded; the other branches' previews go on.
      std::cerr << "berth serve: the preview of " << space.id << " branch " << branch << ": "
                << e.what() << "\n";
    }
  }
  for (const auto& [branch, commit] : before) {
    if (after.contains(branch)) continue;
    auto preview = db.with([&](spaces::SpaceStore& s, spaces::UserStore&) {
      return s.find(spaces::preview_id(space.id, branch));
    });
    if (!preview || preview->preview_branch != branch) continue;  // another branch's label
    changed = true;
    std::string id = preview->id;
    // Queued after the preview's deploys under way or waiting, which are pointless but harmless.
    ctx.deploys.submit(
        id, "removal of preview " + id,
        [&db, &deployer, id] { spaces::delete_space(db, deployer, id); },
        spaces::DeployQueue::JobKind::kOther);
  }
  if (changed) ctx.refresh_directory();
}

}  // namespace berth::server
