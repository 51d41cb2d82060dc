#include "spaces/deploy_history.hpp"

#include <chrono>

#include "base/error.hpp"
#include "base/time_format.hpp"

namespace berth::spaces {
namespace {

constexpr const char* kDeployColumns =
    "SELECT id, commit_id, image, app_port, COALESCE(title, ''), startup_timeout, deployed_at, "
    "kind, image_removed, crashed FROM space_deploys ";

DeployKind parse_kind(const std::string& text) {
  if (text == "push") return DeployKind::kPush;
  if (text == "rollback") return DeployKind::kRollback;
  if (text == "auto-rollback") return DeployKind::kAutoRollback;
  throw Error("unknown deploy kind \"" + text + "\" in space_deploys");
}

DeployRecord read_deploy(store::Statement& st) {
  DeployRecord d;
  d.id = st.column_int(0);
  d.commit = st.column_text(1);
  d.image = st.column_text(2);
  d.settings = {.app_port = static_cast<int>(st.column_int(3)),
                .title = st.column_text(4),
                .startup_timeout = std::chrono::seconds(st.column_int(5))};
  d.deployed_at = st.column_text(6);
  d.kind = parse_kind(st.column_text(7));
  d.image_removed = st.column_int(8) != 0;
  d.crashed = st.column_int(9) != 0;
  return d;
}

}  // namespace

std::string_view to_string(DeployKind kind) {
  switch (kind) {
    case DeployKind::kPush:
      return "push";
    case DeployKind::kRollback:
      return "rollback";
    case DeployKind::kAutoRollback:
      return "auto-rollback";
  }
  return "push";
}

int64_t current_deploy_id(const std::vector<DeployRecord>& history,
                          std::string_view current_commit) {
  for (const auto& d : history) {
    if (d.commit == current_commit) return d.id;
  }
  return 0;
}

DeployHistory::DeployHistory(store::Database& db) : db_(db) {}

DeployRecord DeployHistory::record(std::string_view space_id, std::string_view commit,
                                   std::string_view image, const DeployedSettings& settings,
                                   DeployKind kind) {
  DeployRecord d{.commit = std::string(commit),
                 .image = std::string(image),
                 .settings = settings,
                 .deployed_at = rfc3339_now(),
                 .kind = kind};
  db_.write_transaction([&] {
    // Through the spaces row, so the stored id (its letter case) is the one recorded.
    store::Statement st(
        db_,
        "INSERT INTO space_deploys(space_id, commit_id, image, app_port, title, "
        "startup_timeout, deployed_at, kind) "
        "SELECT id, ?2, ?3, ?4, NULLIF(?5, ''), ?6, ?7, ?8 FROM spaces WHERE id = ?1");
    st.bind_all(space_id, d.commit, d.image, int64_t{settings.app_port}, settings.title,
                static_cast<int64_t>(settings.startup_timeout.count()), d.deployed_at,
                to_string(kind));
    st.run();
    if (db_.changes() == 0) throw NotFoundError("Space " + std::string(space_id) + " not found");
    store::Statement id(db_, "SELECT last_insert_rowid()");
    id.step();
    d.id = id.column_int(0);
  });
  return d;
}

std::vector<DeployRecord> DeployHistory::list(std::string_view space_id) {
  store::Statement st(db_, std::string(kDeployColumns) + "WHERE space_id = ?1 ORDER BY id DESC");
  st.bind_all(space_id);
  std::vector<DeployRecord> out;
  while (st.step()) out.push_back(read_deploy(st));
  return out;
}

std::vector<std::string> DeployHistory::release_images_beyond(std::string_view space_id,
                                                              size_t keep) {
  std::vector<std::string> released;
  db_.write_transaction([&] {
    {
      // An image's place is its newest deploy: a rollback to an old image keeps it recent.
      store::Statement st(db_,
                          "SELECT image, MIN(image_removed) FROM space_deploys WHERE space_id = "
                          "?1 GROUP BY image ORDER BY MAX(id) DESC");
      st.bind_all(space_id);
      size_t place = 0;
      while (st.step()) {
        if (place++ < keep) continue;
        if (st.column_int(1) == 0) released.push_back(st.column_text(0));
      }
    }
    for (const auto& image : released) mark_image_removed(space_id, image);
  });
  return released;
}

std::vector<std::string> DeployHistory::kept_images(std::string_view space_id) {
  store::Statement st(db_,
                      "SELECT DISTINCT image FROM space_deploys WHERE space_id = ?1 AND "
                      "image_removed = 0 ORDER BY image");
  st.bind_all(space_id);
  std::vector<std::string> out;
  while (st.step()) out.push_back(st.column_text(0));
  return out;
}

bool DeployHistory::keeps_image(std::string_view space_id, std::string_view image) {
  store::Statement st(db_,
                      "SELECT 1 FROM space_deploys WHERE space_id = ?1 AND image = ?2 AND "
                      "image_removed = 0");
  st.bind_all(space_id, image);
  return st.step();
}

void DeployHistory::mark_image_removed(std::string_view space_id, std::string_view image) {
  store::Statement st(
      db_, "UPDATE space_deploys SET image_removed = 1 WHERE space_id = ?1 AND image = ?2");
  st.bind_all(space_id, image);
  st.run();
}

void DeployHistory::mark_crashed(int64_t deploy_id) {
  store::Statement st(db_, "UPDATE space_deploys SET crashed = 1 WHERE id = ?1");
  st.bind_all(deploy_id);
  st.run();
}

void DeployHistory::clear(std::string_view space_id) {
  store::Statement st(db_, "DELETE FROM space_deploys WHERE space_id = ?1");
  st.bind_all(space_id);
  st.run();
}

}  // namespace berth::spaces
