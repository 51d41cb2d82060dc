#include "spaces/space_admin.hpp"

#include "base/error.hpp"
#include "spaces/git/git_repository.hpp"
#include "spaces/hub_names.hpp"
#include "spaces/space_settings.hpp"

namespace berth::spaces {

namespace fs = std::filesystem;

fs::path repository_of(const fs::path& spaces_dir, const SpaceRecord& space) {
  return spaces_dir / space.owner / space.name / "repo.git";
}

SpaceRecord create_space(SpacesDatabase& db, const fs::path& spaces_dir,
                         const SpaceCreateRequest& request) {
  // Keys, values and their number are checked up front (the settings API's bounds), so a bad
  // one refuses the whole request before anything exists.
  for (const auto& [key, value] : request.variables) check_entry(key, value);
  for (const auto& [key, value] : request.secrets) check_entry(key, value);
  check_entry_count(request.variables.size() + request.secrets.size());
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

namespace {

// Removes a deleted Space's directory. A deploy of it that was building when the Space went
// fails and removes its own checkout inside this directory at the same time: an entry that
// vanishes under remove_all (ENOENT) is what both wanted, so it is tried again.
void remove_space_dir(const fs::path& dir) {
  for (int attempt = 1;; ++attempt) {
    std::error_code ec;
    fs::remove_all(dir, ec);
    if (!ec) return;
    if (ec != std::errc::no_such_file_or_directory || attempt == 10) {
      throw fs::filesystem_error("remove " + dir.string(), dir, ec);
    }
  }
}

}  // namespace

void delete_space(SpacesDatabase& db, SpaceDeployer& deployer, const std::string& space_id) {
  // Its previews first: their containers, images and directories are theirs to remove.
  SpaceFilter previews;
  previews.preview_of = space_id;
  for (const auto& preview : db.with([&](SpaceStore&s, UserStore&) { return s.list(previews); })) {
    delete_space(db, deployer, preview.id);
  }
  auto space = db.with([&](SpaceStore& s, UserStore&) {
    auto found = s.resolve(space_id);
    s.set_stage(found.id, SpaceStage::kDeleting);
    return found;
  });
  deployer.tear_down(space.id);
  db.with([&](SpaceStore& s, UserStore&) { return s.remove(space.id); });
  remove_space_dir(deployer.space_dir(space.id));
  std::error_code ignored;
  fs::remove(deployer.space_dir(space.id).parent_path(), ignored);  // the owner's, when empty
}

}  // namespace berth::spaces
