#include "spaces/space_duplicate.hpp"

#include <set>

#include "base/error.hpp"
#include "spaces/git/repository_copy.hpp"
#include "spaces/lfs_object_store.hpp"
#include "spaces/space_settings.hpp"

namespace berth::spaces {

namespace fs = std::filesystem;

namespace {

// The source's LFS objects (<space dir>/lfs/objects/…), linked rather than copied where the
// filesystem allows: objects are named by their content and never change once stored. Only
// regular files at an object's own path are taken.
void copy_lfs_objects(const fs::path& from_space_dir, const fs::path& to_space_dir) {
  fs::path objects = from_space_dir / "lfs" / "objects";
  std::error_code ec;
  if (!fs::is_directory(fs::symlink_status(objects, ec))) return;
  for (auto it = fs::recursive_directory_iterator(objects);
       it != fs::recursive_directory_iterator(); ++it) {
    if (!it->is_regular_file(ec) || it->is_symlink(ec)) continue;
    std::string oid = it->path().filename().string();
    if (!is_lfs_oid(oid) || lfs_object_path(from_space_dir, oid) != it->path()) continue;
    fs::path target = lfs_object_path(to_space_dir, oid);
    fs::create_directories(target.parent_path());
    fs::create_hard_link(it->path(), target, ec);
    if (ec) fs::copy_file(it->path(), target, fs::copy_options::skip_existing);
  }
}

}  // namespace

SpaceRecord duplicate_space(SpacesDatabase& db, const fs::path& spaces_dir,
                            const SpaceDuplicateRequest& request) {
  auto source = db.with([&](SpaceStore& s, UserStore&) { return s.resolve(request.source_id); });
  auto source_variables =
      db.with([&](SpaceStore& s, UserStore&) { return s.variables(source.id); });
  std::set<std::string> given;
  for (const auto& [key, value] : request.target.variables) {
    check_entry(key, value);
    given.insert(key);
  }
  std::set<std::string> secrets;
  for (const auto& [key, value] : request.target.secrets) {
    check_entry(key, value);
    secrets.insert(key);
  }
  size_t inherited = 0;
  for (const auto& v : source_variables) {
    inherited += given.contains(v.key) || secrets.contains(v.key) ? 0 : 1;
  }
  check_entry_count(given.size() + inherited + secrets.size());
  auto space = create_space(db, spaces_dir, request.target);
  try {
    db.with([&](SpaceStore& s, UserStore&) {
      for (const auto& v : source_variables) {
        // A key given as a secret stays a secret: the source's variable is not inherited.
        if (!given.contains(v.key) && !secrets.contains(v.key))
          s.set_variable(space.id, v.key, v.value, v.description);
      }
      return 0;
    });
    copy_history(repository_of(spaces_dir, source), repository_of(spaces_dir, space));
    copy_lfs_objects(spaces_dir / source.owner / source.name,
                     spaces_dir / space.owner / space.name);
    return db.with([&](SpaceStore& s, UserStore&) { return s.resolve(space.id); });
  } catch (...) {
    // Leave nothing half-made: no row, no directory.
    db.with([&](SpaceStore& s, UserStore&) { return s.remove(space.id); });
    std::error_code ignored;
    fs::remove_all(spaces_dir / space.owner / space.name, ignored);
    throw;
  }
}

}  // namespace berth::spaces
