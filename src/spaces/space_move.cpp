#include "spaces/space_move.hpp"

#include <string>
#include <utility>

#include "base/error.hpp"
#include "spaces/hub_names.hpp"
#include "spaces/space_admin.hpp"

namespace berth::spaces {

namespace fs = std::filesystem;

std::pair<std::string, std::string> split_space_id(std::string_view id) {
  auto slash = id.find('/');
  if (slash == std::string_view::npos || id.find('/', slash + 1) != std::string_view::npos) {
    throw InvalidArgumentError("\"" + std::string(id.substr(0, 200)) +
                               "\" is not a Space id: expected OWNER/NAME");
  }
  std::string owner(id.substr(0, slash));
  std::string name(id.substr(slash + 1));
  check_user_name(owner);
  check_repo_name(name);
  return {owner, name};
}

MovedSpace move_space(SpacesDatabase& db, SpaceDeployer& deployer, const fs::path& spaces_dir,
                      std::string_view from_id, std::string_view to_id) {
  // Plain variables, not a structured binding: clang 14 (the fuzz build's) cannot capture one
  // in the lambdas below.
  auto split = split_space_id(to_id);
  std::string to_owner = std::move(split.first), to_name = std::move(split.second);
  auto space = db.with([&](SpaceStore& s, UserStore&) { return s.resolve(from_id); });
  // The owner keeps the letter case it was created with: it names the owner's directory.
  if (same_name(to_owner, space.owner)) to_owner = space.owner;
  std::string new_id = to_owner + "/" + to_name;
  if (new_id == space.id) {
    throw InvalidArgumentError("the Space is already called " + space.id);
  }
  if (auto other = db.with([&](SpaceStore& s, UserStore&) { return s.find(new_id); });
      other && other->id != space.id) {
    throw SpaceExistsError(other->id);
  }
  // A build or start under way works in the Space's directory under its old name: the move is
  // refused until it ends. A deploy that already switched its route (retiring the old
  // instance) is waited for by tear_down, which takes the Space's deploy lock.
  if (is_in_progress(space.stage)) {
    throw ConflictError("Space " + space.id + " is being deployed (" +
                        std::string(to_string(space.stage)) +
                        "); move it once the deploy has ended");
  }
  fs::path old_dir = spaces_dir / space.owner / space.name;
  fs::path new_dir = spaces_dir / to_owner / to_name;
  // Only a letter-case change may find "itself" there (on a case-insensitive filesystem).
  std::error_code ec;
  if (fs::exists(fs::symlink_status(new_dir, ec)) && !fs::equivalent(old_dir, new_dir, ec)) {
    throw ConflictError("cannot move " + space.id + " to " + new_id + ": " + new_dir.string() +
                        " exists (left by an earlier Space?)");
  }

  // Previews are named after the Space and its host: they go, and the branches' next pushes
  // deploy them under the new name.
  SpaceFilter previews;
  previews.preview_of = space.id;
  for (const auto& preview : db.with([&](SpaceStore&s, UserStore&) { return s.list(previews); })) {
    delete_space(db, deployer, preview.id);
  }
  // The instance runs under the old name: its container, network, image tag and SPACE_ID.
  deployer.tear_down(space.id);
  // What served when the instance went (a deploy tear_down waited for may have changed it).
  auto served = db.with([&](SpaceStore& s, UserStore&) {
    auto now = s.resolve(space.id);
    s.set_current(now.id, "", "", "");
    if (!now.current_container.empty()) s.set_stage(now.id, SpaceStage::kStopped);
    return now;
  });
  fs::create_directories(new_dir.parent_path());
  if (fs::exists(old_dir)) fs::rename(old_dir, new_dir);
  SpaceRecord moved;
  try {
    moved =
        db.with([&](SpaceStore& s, UserStore&) { return s.rename(space.id, to_owner, to_name); });
  } catch (...) {
    std::error_code ignored;  // put the directory back; the rename's error is what matters
    if (fs::exists(new_dir)) fs::rename(new_dir, old_dir, ignored);
    throw;
  }
  std::error_code ignored;
  fs::remove(old_dir.parent_path(), ignored);  // the old owner's directory, when now empty
  return MovedSpace{.space = moved,
                    .was_serving = served.current_image.empty() ? "" : served.current_commit};
}

}  // namespace berth::spaces
