#include "spaces/space_admin.hpp"

#include "base/error.hpp"
#include "spaces/git/git_repository.hpp"
#include "spaces/hub_names.hpp"

namespace berth::spaces {

namespace fs = std::filesystem;

fs::path repository_of(const fs::path& spaces_dir, const SpaceRecord& space) {
  return spaces_dir / space.owner / space.name / "repo.git";
}

SpaceRecord create_space(SpacesDatabase& db, const fs::path& spaces_dir,
                         const SpaceCreateRequest& request) {
  // Keys are checked up front so a bad one refuses the whole request before anything exists.
  for (const auto& [key, value] : request.variables) check_env_key(key);
  for (const auto& [key, value] : request.secrets) check_env_key(key);
  if (!db.with([&](SpaceStore&, UserStore& users) {
        return users.find_user(request.owner).has_value();
      })) {
    throw NotFoundError("user " + request.owner + " not found");
  }
  auto space = db.with([&](SpaceStore& s, UserStore&) {
    return s.create(request.owner, request.name, request.is_private, request.hardware,
                    request.sleep_time_seconds);
  });
  try {
    db.with([&](SpaceStore& s, UserStore&) {
      if (request.storage) s.set_storage(space.id, *request.storage);
      for (const auto& [key, value] : request.variables) s.set_variable(space.id, key, value);
      for (const auto& [key, value] : request.secrets) s.set_secret(space.id, key, value);
      return 0;
    });
    auto repo = repository_of(spaces_dir, space);
    fs::create_directories(repo.parent_path());
    init_bare_repository(repo);
    return db.with([&](SpaceStore& s, UserStore&) { return s.resolve(space.id); });
  } catch (...) {
    // Leave nothing half-made: no row, no directory.
    db.with([&](SpaceStore& s, UserStore&) { return s.remove(space.id); });
    std::error_code ignored;
    fs::remove_all(spaces_dir / space.owner / space.name, ignored);
    throw;
  }
}

void delete_space(SpacesDatabase& db, SpaceDeployer& deployer, const std::string& space_id) {
  auto space = db.with([&](SpaceStore& s, UserStore&) {
    auto found = s.resolve(space_id);
    s.set_stage(found.id, SpaceStage::kDeleting);
    return found;
  });
  deployer.tear_down(space.id);
  db.with([&](SpaceStore& s, UserStore&) { return s.remove(space.id); });
  fs::remove_all(deployer.space_dir(space.id));
  std::error_code ignored;
  fs::remove(deployer.space_dir(space.id).parent_path(), ignored);  // the owner's, when empty
}

}  // namespace berth::spaces
