#include "server/space_deploys.hpp"

#include "spaces/git/git_repository.hpp"
#include "spaces/space_admin.hpp"

namespace berth::server {

namespace fs = std::filesystem;

std::optional<std::string> deployed_branch_head(const fs::path& repository) {
  if (auto main = spaces::resolve_ref(repository, "refs/heads/main")) return main;
  return spaces::resolve_ref(repository, "refs/heads/master");
}

void queue_space_deploy(ServerContext& ctx, const spaces::SpaceRecord& space,
                        const std::string& commit) {
  auto& deployer = ctx.deployer;
  auto repo = spaces::repository_of(ctx.spaces_dir, space);
  std::string id = space.id;
  ctx.deploys.submit(id, "deploy of " + id + " at " + commit, [&deployer, repo, id, commit] {
    deployer.deploy(id, commit,
                    [&](const fs::path& into) { spaces::export_tree(repo, commit, into); });
  });
}

}  // namespace berth::server
