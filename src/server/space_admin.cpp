#include "server/space_admin.hpp"

#include "base/error.hpp"
#include "server/git/git_http_backend.hpp"
#include "spaces/hub_names.hpp"

namespace berth::server {

namespace fs = std::filesystem;

fs::path repository_of(const fs::path& spaces_dir, const spaces::SpaceRecord& space) {
  return spaces_dir / space.owner / space.name / "repo.git";
}

spaces::SpaceRecord create_space(spaces::SpacesDatabase& db, const fs::path& spaces_dir,
                                 const SpaceCreateRequest& request) {
  // Keys are checked up front so a bad one refuses the whole request before anything exists.
  for (const auto& [key, value] : request.variables) spaces::check_env_key(key);
  for (const auto& [key, value] : request.secrets) spaces::check_env_key(key);
  if (!db.with([&](spaces::SpaceStore&, spaces::UserStore& users) {
        return users.find_user(request.owner).has_value();
      })) {
    throw NotFoundError("user " + request.owner + " not found");
  }
  auto space = db.with([&](spaces::SpaceStore& s, spaces::UserStore&) {
    return s.create(request.owner, request.name, request.is_private, request.hardware,
                    request.sleep_time_seconds);
  });
  try {
    db.with([&](spaces::SpaceStore& s, spaces::UserStore&) {
      if (request.storage) s.set_storage(space.id, *request.storage);
      for (const auto& [key, value] : request.variables) s.set_variable(space.id, key, value);
      for (const auto& [key, value] : request.secrets) s.set_secret(space.id, key, value);
      return 0;
    });
    auto repo = repository_of(spaces_dir, space);
    fs::create_directories(repo.parent_path());
    init_bare_repository(repo);
    return db.with([&](spaces::SpaceStore& s, spaces::UserStore&) { return s.resolve(space.id); });
  } catch (...) {
    // Leave nothing half-made: no row, no directory.
    db.with([&](spaces::SpaceStore& s, spaces::UserStore&) { return s.remove(space.id); });
    std::error_code ignored;
    fs::remove_all(spaces_dir / space.owner / space.name, ignored);
    throw;
  }
}

void delete_space(spaces::SpacesDatabase& db, spaces::SpaceDeployer& deployer,
                  const std::string& space_id) {
  auto space = db.with([&](spaces::SpaceStore& s, spaces::UserStore&) {
    auto found = s.resolve(space_id);
    s.set_stage(found.id, spaces::SpaceStage::kDeleting);
    return found;
  });
  deployer.tear_down(space.id);
  db.with([&](spaces::SpaceStore& s, spaces::UserStore&) { return s.remove(space.id); });
  fs::remove_all(deployer.space_dir(space.id));
  std::error_code ignored;
  fs::remove(deployer.space_dir(space.id).parent_path(), ignored);  // the owner's, when empty
}

}  // namespace berth::server
