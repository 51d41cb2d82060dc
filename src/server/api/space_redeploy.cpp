#include "server/api/space_redeploy.hpp"

#include "server/space_previews.hpp"
#include "spaces/git/git_refs.hpp"
#include "spaces/git/git_repository.hpp"
#include "spaces/space_admin.hpp"

namespace berth::server {

namespace fs = std::filesystem;

std::string redeploy_after_settings_change(ServerContext& ctx, const std::string& space_id) {
  auto space =
      ctx.db.with([&](spaces::SpaceStore& s, spaces::UserStore&) { return s.resolve(space_id); });
  if (!space.preview_of.empty()) {
    // A preview redeploys its branch's head, from its Space's repository.
    auto previewed = ctx.db.with(
        [&](spaces::SpaceStore& s, spaces::UserStore&) { return s.resolve(space.preview_of); });
    auto head =
        spaces::branch_head(spaces::repository_of(ctx.spaces_dir, previewed), space.preview_branch);
    if (!head || space.stage == spaces::SpaceStage::kPaused) return "Stored";
    queue_preview_deploy(ctx, space, *head);
    return "Applied: the preview redeploys with it";
  }
  // The previews take the Space's variables (and secrets, when allowed): they follow.
  spaces::SpaceFilter previews;
  previews.preview_of = space.id;
  for (const auto& preview :
       ctx.db.with([&](spaces::SpaceStore&s, spaces::UserStore&) { return s.list(previews); })) {
    if (!preview.current_commit.empty() && preview.stage != spaces::SpaceStage::kPaused) {
      queue_preview_deploy(ctx, preview, preview.current_commit);
    }
  }
  if (space.stage == spaces::SpaceStage::kPaused) {
    return "Stored; the Space is paused: its restart applies it";
  }
  auto head = spaces::default_branch_head(spaces::repository_of(ctx.spaces_dir, space));
  if (!head) return "Stored; the first deploy applies it";
  queue_space_deploy(ctx, space, *head);
  return "Applied: the Space redeploys with it";
}

}  // namespace berth::server
