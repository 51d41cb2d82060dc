#include "server/space_deploys.hpp"

#include "spaces/git/git_repository.hpp"
#include "spaces/space_admin.hpp"

namespace berth::server {

namespace fs = std::filesystem;

void queue_space_deploy(ServerContext& ctx, const spaces::SpaceRecord& space,
                        const std::string& commit, RedeployOptions options) {
  auto& deployer = ctx.deployer;
  auto repo = spaces::repository_of(ctx.spaces_dir, space);
  std::string id = space.id;
  std::string description =
      (options.without_build_cache ? "rebuild of " : "deploy of ") + id + " at " + commit;
  ctx.deploys.submit(id, description, [&deployer, repo, id, commit, options] {
    if (options.without_build_cache) deployer.forget_build_cache(id);
    deployer.deploy(id, commit,
                    [&](const fs::path& into) { spaces::export_tree(repo, commit, into); });
  });
}

}  // namespace berth::server
