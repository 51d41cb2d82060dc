#include "spaces/space_store.hpp"

#include <fmt/format.h>

#include <chrono>

#include "base/time_format.hpp"
#include "spaces/hub_names.hpp"
#include "spaces/hub_values.hpp"
#include "spaces/preview_names.hpp"
#include "spaces/space_host.hpp"

namespace berth::spaces {
namespace {

constexpr const char* kSpaceColumns =
    "SELECT id, owner, name, private, hardware, storage, sleep_time_seconds, created, stage, "
    "COALESCE(error_message, ''), COALESCE(current_commit, ''), COALESCE(current_image, ''), "
    "COALESCE(current_container, ''), COALESCE(last_modified, created), host_access, "
    "subdomain, COALESCE(deploying_commit, ''), current_app_port, COALESCE(current_title, ''), "
    "current_startup_timeout, sleep_tier, COALESCE(slept_at, 0), COALESCE(preview_of, ''), "
    "COALESCE(preview_branch, ''), previews_get_secrets, previews_public, "
    "COALESCE(card_title, ''), COALESCE(card_emoji, ''), COALESCE(card_color_from, ''), "
    "COALESCE(card_color_to, ''), COALESCE(card_short_description, ''), "
    "COALESCE(current_hardware, '') FROM spaces ";

SpaceRecord read_space(store::Statement& st) {
  SpaceRecord s;
  s.id = st.column_text(0);
  s.owner = st.column_text(1);
  s.name = st.column_text(2);
  s.is_private = st.column_int(3) != 0;
  s.hardware = st.column_text(4);
  if (!st.column_is_null(5)) s.storage = st.column_text(5);
  if (!st.column_is_null(6)) s.sleep_time_seconds = st.column_int(6);
  s.created = st.column_text(7);
  // A stage the database holds that this version does not know (written by a newer one, or
  // by hand) is an error naming the Space, not a Space in some guessed stage.
  s.stage = with_context("the stored stage of Space " + s.id,
                         [&] { return parse_space_stage(st.column_text(8)); });
  s.error_message = st.column_text(9);
  s.current_commit = st.column_text(10);
  s.current_image = st.column_text(11);
  s.current_container = st.column_text(12);
  s.last_modified = st.column_text(13);
  s.host_access = st.column_int(14) != 0;
  s.subdomain = st.column_text(15);
  s.deploying_commit = st.column_text(16);
  if (!st.column_is_null(17)) {
    s.deployed = DeployedSettings{.app_port = static_cast<int>(st.column_int(17)),
                                  .title = st.column_text(18),
                                  .startup_timeout = st.column_is_null(19)
                                                         ? kDefaultStartupTimeout
                                                         : std::chrono::seconds(st.column_int(19))};
  }
  if (!st.column_is_null(20)) s.sleep_tier = parse_sleep_tier(st.column_text(20));
  s.slept_at = st.column_int(21);
  s.preview_of = st.column_text(22);
  s.preview_branch = st.column_text(23);
  s.previews_get_secrets = st.column_int(24) != 0;
  s.previews_public = st.column_int(25) != 0;
  s.card = SpaceCard{st.column_text(26), st.column_text(27), st.column_text(28), st.column_text(29),
                     st.column_text(30)};
  s.current_hardware = st.column_text(31);
  return s;
}

void check_hardware(std::string_view hardware) {
  if (contains(hardware_flavors(), hardware)) return;
  throw InvalidArgumentError("invalid hardware \"" + std::string(hardware) +
                             "\": expected one of " + join(hardware_flavors()));
}

void check_sleep_time(std::optional<int64_t> seconds) {
  if (!seconds || *seconds == -1 || *seconds > 0) return;
  throw InvalidArgumentError(fmt::format(
      "invalid sleep time {}: give a number of seconds, or -1 to never sleep", *seconds));
}

void check_value(std::string_view key, std::string_view value) {
  if (value.find('\0') == std::string_view::npos) return;
  throw InvalidArgumentError("the value of " + std::string(key) +
                             " contains a NUL byte, which an environment variable cannot hold");
}

void bind_optional(store::Statement& st, int index, std::optional<std::string_view> v) {
  if (v) {
    st.bind(index, *v);
  } else {
    st.bind_null(index);
  }
}

// "" is stored as NULL: the column means "none yet".
void bind_or_null(store::Statement& st, int index, std::string_view v) {
  bind_optional(st, index, v.empty() ? std::nullopt : std::optional(v));
}

}  // namespace

struct SpaceStore::EntryKind {
  std::string_view table;
  std::string_view column;  // the value's column
  std::string_view other_table;
  std::string_view other_noun;
};

const SpaceStore::EntryKind SpaceStore::kVariables{"space_variables", "value", "space_secrets",
                                                   "secret"};
const SpaceStore::EntryKind SpaceStore::kSecrets{"space_secrets", "sealed", "space_variables",
                                                 "variable"};

SpaceStore::SpaceStore(store::Database& db, SecretBox& box) : db_(db), box_(box) {}

SpaceRecord SpaceStore::create(std::string_view owner, std::string_view name, bool is_private,
                               std::string_view hardware,
                               std::optional<int64_t> sleep_time_seconds) {
  check_user_name(owner);
  check_repo_name(name);
  check_hardware(hardware);
  check_sleep_time(sleep_time_seconds);
  SpaceRecord s;
  s.owner = std::string(owner);
  s.name = std::string(name);
  s.id = s.owner + "/" + s.name;
  s.is_private = is_private;
  s.hardware = std::string(hardware);
  s.sleep_time_seconds = sleep_time_seconds;
  s.created = rfc3339_now();
  db_.write_transaction([&] {
    store::Statement taken(db_, "SELECT id FROM spaces WHERE id = ?1");
    taken.bind_all(s.id);
    if (taken.step()) throw SpaceExistsError(taken.column_text(0));
    s.subdomain = free_host_label(s.owner, s.name);
    store::Statement st(db_,
                        "INSERT INTO spaces(id, owner, name, private, hardware, "
                        "sleep_time_seconds, created, stage, subdomain) "
                        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)");
    st.bind_all(s.id, s.owner, s.name, is_private ? 1 : 0, s.hardware);
    if (sleep_time_seconds) {
      st.bind(6, *sleep_time_seconds);
    } else {
      st.bind_null(6);
    }
    st.bind(7, s.created).bind(8, to_string(s.stage)).bind(9, s.subdomain);
    st.run();
  });
  return s;
}

SpaceRecord SpaceStore::create_preview(std::string_view space_id, std::string_view branch) {
  SpaceRecord s;
  db_.write_transaction([&] {
    auto space = resolve(space_id);
    if (!space.preview_of.empty()) {
      throw InvalidArgumentError(space.id + " is a preview: previews have no previews");
    }
    std::string id = preview_id(space.id, branch);
    if (auto existing = find(id)) {
      // Branches whose labels meet ("feat/x" and "feat-x") share the preview of the first.
      s = *existing;
      return;
    }
    s.id = id;
    s.owner = space.owner;
    s.name = id.substr(space.owner.size() + 1);
    s.is_private = !space.previews_public;
    s.hardware = space.hardware;
    s.sleep_time_seconds = space.sleep_time_seconds;
    s.created = rfc3339_now();
    s.preview_of = space.id;
    s.preview_branch = std::string(branch);
    std::string label = space.subdomain + "--" + preview_branch_label(branch);
    if (label.size() > kMaxHostLabel) label = plain_host_label(space.owner, s.name);
    s.subdomain = free_label(label, s.id);
    store::Statement st(db_,
                        "INSERT INTO spaces(id, owner, name, private, hardware, "
                        "sleep_time_seconds, created, stage, subdomain, preview_of, "
                        "preview_branch) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)");
    st.bind_all(s.id, s.owner, s.name, s.is_private ? 1 : 0, s.hardware);
    if (s.sleep_time_seconds) {
      st.bind(6, *s.sleep_time_seconds);
    } else {
      st.bind_null(6);
    }
    st.bind(7, s.created).bind(8, to_string(s.stage)).bind(9, s.subdomain);
    st.bind(10, s.preview_of).bind(11, s.preview_branch);
    st.run();
  });
  return s;
}

void SpaceStore::set_preview_settings(std::string_view id, bool get_secrets, bool is_public) {
  db_.write_transaction([&] {
    auto space = resolve(id);
    store::Statement settings(
        db_, "UPDATE spaces SET previews_get_secrets = ?2, previews_public = ?3 WHERE id = ?1");
    settings.bind_all(space.id, get_secrets ? 1 : 0, is_public ? 1 : 0);
    settings.run();
    // The previews' visibility follows at once.
    store::Statement previews(db_, "UPDATE spaces SET private = ?2 WHERE preview_of = ?1");
    previews.bind_all(space.id, is_public ? 0 : 1);
    previews.run();
  });
}

std::string SpaceStore::free_host_label(std::string_view owner, std::string_view name) {
  return free_label(plain_host_label(owner, name), std::string(owner) + "/" + std::string(name));
}

std::string SpaceStore::free_label(const std::string& plain, const std::string& id) {
  auto taken = [&](const std::string& label) {
    store::Statement st(db_, "SELECT 1 FROM spaces WHERE subdomain = ?1");
    st.bind_all(label);
    return st.step();
  };
  if (!taken(plain)) return plain;
  // Another Space's name maps to the same label: this one gets a suffix no one can predict,
  // so no name can be registered ahead to take it.
  for (int attempt = 0; attempt < 8; ++attempt) {
    std::string label = suffixed_host_label(plain, random_label_suffix());
    if (!taken(label)) return label;
  }
  throw ConflictError("no free host name for Space " + id + ": " + plain +
                      " is taken by another Space");
}

std::optional<SpaceRecord> SpaceStore::find(std::string_view id) {
  store::Statement st(db_, std::string(kSpaceColumns) + "WHERE id = ?1");
  st.bind_all(id);
  if (!st.step()) return std::nullopt;
  return read_space(st);
}

SpaceRecord SpaceStore::resolve(std::string_view id) {
  if (auto s = find(id)) return *s;
  throw NotFoundError("Space " + std::string(id) + " not found");
}

std::vector<SpaceRecord> SpaceStore::list(const SpaceFilter& filter) {
  if (filter.limit && *filter.limit < 0) {
    throw InvalidArgumentError(fmt::format("invalid limit {}", *filter.limit));
  }
  std::string sql = std::string(kSpaceColumns) + "WHERE 1";
  std::vector<std::string> args;
  auto next = [&](std::string value) {
    args.push_back(std::move(value));
    return "?" + std::to_string(args.size());
  };
  // owner's NOCASE collation makes these comparisons case-insensitive.
  if (!filter.author.empty()) sql += " AND owner = " + next(filter.author);
  if (!filter.search.empty()) {
    // instr rather than LIKE: the search text's '%' and '_' are not wildcards.
    sql += " AND instr(lower(id), lower(" + next(filter.search) + ")) > 0";
  }
  if (filter.visible_to) sql += " AND (private = 0 OR owner = " + next(*filter.visible_to) + ")";
  if (filter.previews)
    sql += *filter.previews ? " AND preview_of IS NOT NULL" : " AND preview_of IS NULL";
  if (!filter.preview_of.empty()) sql += " AND preview_of = " + next(filter.preview_of);
  sql += " ORDER BY id";
  if (filter.limit) sql += " LIMIT " + std::to_string(*filter.limit);
  store::Statement st(db_, sql);
  for (size_t i = 0; i < args.size(); ++i) st.bind(static_cast<int>(i + 1), args[i]);
  std::vector<SpaceRecord> out;
  while (st.step()) out.push_back(read_space(st));
  return out;
}

SpaceRecord SpaceStore::remove(std::string_view id) {
  SpaceRecord removed;
  db_.write_transaction([&] {
    removed = resolve(id);
    // Variables and secrets go with it (ON DELETE CASCADE).
    store::Statement st(db_, "DELETE FROM spaces WHERE id = ?1");
    st.bind_all(removed.id);
    st.run();
  });
  return removed;
}

SpaceRecord SpaceStore::rename(std::string_view id, std::string_view new_owner,
                               std::string_view new_name) {
  check_user_name(new_owner);
  check_repo_name(new_name);
  std::string new_id = std::string(new_owner) + "/" + std::string(new_name);
  db_.write_transaction([&] {
    auto old = resolve(id);
    store::Statement taken(db_, "SELECT id FROM spaces WHERE id = ?1 AND id != ?2");
    taken.bind_all(new_id, old.id);
    if (taken.step()) throw SpaceExistsError(taken.column_text(0));
    // A letter-case change keeps its label; any other name is labelled as a new Space is.
    std::string label = plain_host_label(new_owner, new_name) == old.subdomain
                            ? old.subdomain
                            : free_host_label(new_owner, new_name);
    // The variables and secrets point at the old id until their own updates below: their
    // foreign keys are checked at commit.
    db_.exec("PRAGMA defer_foreign_keys = ON");
    store::Statement st(db_,
                        "UPDATE spaces SET id = ?2, owner = ?3, name = ?4, subdomain = ?5 "
                        "WHERE id = ?1");
    st.bind_all(old.id, new_id, new_owner, new_name, label);
    st.run();
    for (const char* table : {"space_variables", "space_secrets"}) {
      store::Statement entries(
          db_, fmt::format("UPDATE {} SET space_id = ?2 WHERE space_id = ?1", table));
      entries.bind_all(old.id, new_id);
      entries.run();
    }
  });
  return resolve(new_id);
}

std::string SpaceStore::canonical_id(std::string_view id) {
  store::Statement st(db_, "SELECT id FROM spaces WHERE id = ?1");
  st.bind_all(id);
  if (!st.step()) throw NotFoundError("Space " + std::string(id) + " not found");
  return st.column_text(0);
}

void SpaceStore::update(std::string_view id, std::string_view assignments,
                        const std::function<void(store::Statement&)>& bind) {
  db_.write_transaction([&] {
    store::Statement st(db_, "UPDATE spaces SET " + std::string(assignments) + " WHERE id = ?1");
    st.bind(1, id);
    bind(st);
    st.run();
    if (db_.changes() == 0) throw NotFoundError("Space " + std::string(id) + " not found");
  });
}

void SpaceStore::set_stage(std::string_view id, SpaceStage stage, std::string_view error_message) {
  // Awake (or asleep anew, by set_sleeping): no tier.
  update(id, "stage = ?2, error_message = ?3, sleep_tier = NULL, slept_at = NULL",
         [&](store::Statement& st) {
           st.bind(2, to_string(stage));
           bind_or_null(st, 3, error_message);
         });
}

void SpaceStore::set_sleeping(std::string_view id, SleepTier tier, int64_t since) {
  update(id, "stage = ?2, error_message = NULL, sleep_tier = ?3, slept_at = ?4",
         [&](store::Statement& st) {
           st.bind(2, to_string(SpaceStage::kSleeping));
           st.bind(3, to_string(tier));
           st.bind(4, since);
         });
}

void SpaceStore::set_current(std::string_view id, std::string_view commit, std::string_view image,
                             std::string_view container) {
  update(id, "current_commit = ?2, current_image = ?3, current_container = ?4",
         [&](store::Statement& st) {
           bind_or_null(st, 2, commit);
           bind_or_null(st, 3, image);
           bind_or_null(st, 4, container);
         });
}

void SpaceStore::set_current_hardware(std::string_view id, std::string_view hardware) {
  update(id, "current_hardware = ?2", [&](store::Statement& st) { bind_or_null(st, 2, hardware); });
}

void SpaceStore::set_deployed(std::string_view id, const DeployedSettings& settings) {
  update(id, "current_app_port = ?2, current_title = ?3, current_startup_timeout = ?4",
         [&](store::Statement& st) {
           st.bind(2, int64_t{settings.app_port});
           bind_or_null(st, 3, settings.title);
           st.bind(4, static_cast<int64_t>(settings.startup_timeout.count()));
         });
}

void SpaceStore::set_card(std::string_view id, const SpaceCard& card) {
  update(id,
         "card_title = ?2, card_emoji = ?3, card_color_from = ?4, card_color_to = ?5, "
         "card_short_description = ?6",
         [&](store::Statement& st) {
           bind_or_null(st, 2, card.title);
           bind_or_null(st, 3, card.emoji);
           bind_or_null(st, 4, card.color_from);
           bind_or_null(st, 5, card.color_to);
           bind_or_null(st, 6, card.short_description);
         });
}

void SpaceStore::set_last_modified_now(std::string_view id) {
  update(id, "last_modified = ?2", [&](store::Statement& st) { st.bind(2, rfc3339_now()); });
}

void SpaceStore::set_deploying(std::string_view id, std::string_view commit) {
  update(id, "deploying_commit = ?2", [&](store::Statement& st) { bind_or_null(st, 2, commit); });
}

void SpaceStore::set_host_access(std::string_view id, bool allowed) {
  update(id, "host_access = ?2",
         [&](store::Statement& st) { st.bind(2, int64_t{allowed ? 1 : 0}); });
}

void SpaceStore::set_private(std::string_view id, bool is_private) {
  update(id, "private = ?2",
         [&](store::Statement& st) { st.bind(2, static_cast<int64_t>(is_private ? 1 : 0)); });
}

void SpaceStore::set_hardware(std::string_view id, std::string_view hardware) {
  check_hardware(hardware);
  update(id, "hardware = ?2", [&](store::Statement& st) { st.bind(2, hardware); });
}

void SpaceStore::set_sleep_time(std::string_view id, std::optional<int64_t> seconds) {
  check_sleep_time(seconds);
  update(id, "sleep_time_seconds = ?2", [&](store::Statement& st) {
    if (seconds) {
      st.bind(2, *seconds);
    } else {
      st.bind_null(2);
    }
  });
}

void SpaceStore::set_storage(std::string_view id, std::optional<std::string_view> tier) {
  if (tier && !contains(storage_tiers(), *tier)) {
    throw InvalidArgumentError("invalid storage tier \"" + std::string(*tier) +
                               "\": expected one of " + join(storage_tiers()));
  }
  update(id, "storage = ?2", [&](store::Statement& st) { bind_optional(st, 2, tier); });
}

void SpaceStore::set_entry(const EntryKind& kind, std::string_view id, std::string_view key,
                           std::string_view stored, std::optional<std::string_view> description) {
  db_.write_transaction([&] {
    std::string space = canonical_id(id);
    store::Statement other(
        db_, fmt::format("SELECT 1 FROM {} WHERE space_id = ?1 AND key = ?2", kind.other_table));
    other.bind_all(space, key);
    if (other.step()) {
      throw ConflictError(fmt::format(
          "{} is already a {} of Space {}; a key cannot be both a variable and a secret", key,
          kind.other_noun, space));
    }
    store::Statement st(
        db_, fmt::format("INSERT INTO {0}(space_id, key, {1}, description, updated) "
                         "VALUES (?1, ?2, ?3, COALESCE(?4, ''), ?5) "
                         "ON CONFLICT(space_id, key) DO UPDATE SET {1} = excluded.{1}, "
                         "description = COALESCE(?4, description), updated = excluded.updated",
                         kind.table, kind.column));
    st.bind(1, space).bind(2, key).bind(3, stored);
    bind_optional(st, 4, description);
    st.bind(5, rfc3339_now());
    st.run();
  });
}

bool SpaceStore::remove_entry(const EntryKind& kind, std::string_view id, std::string_view key) {
  bool removed = false;
  db_.write_transaction([&] {
    std::string space = canonical_id(id);
    store::Statement st(db_,
                        fmt::format("DELETE FROM {} WHERE space_id = ?1 AND key = ?2", kind.table));
    st.bind_all(space, key);
    st.run();
    removed = db_.changes() > 0;
  });
  return removed;
}

void SpaceStore::set_variable(std::string_view id, std::string_view key, std::string_view value,
                              std::optional<std::string_view> description) {
  check_env_key(key);
  check_value(key, value);
  set_entry(kVariables, id, key, value, description);
}

bool SpaceStore::remove_variable(std::string_view id, std::string_view key) {
  return remove_entry(kVariables, id, key);
}

std::vector<SpaceVariable> SpaceStore::variables(std::string_view id) {
  std::vector<SpaceVariable> out;
  std::string space = canonical_id(id);
  store::Statement st(db_,
                      "SELECT key, value, description, updated FROM space_variables "
                      "WHERE space_id = ?1 ORDER BY key");
  st.bind_all(space);
  while (st.step()) {
    out.push_back({st.column_text(0), st.column_text(1), st.column_text(2), st.column_text(3)});
  }
  return out;
}

void SpaceStore::set_secret(std::string_view id, std::string_view key, std::string_view value,
                            std::optional<std::string_view> description) {
  check_env_key(key);
  check_value(key, value);
  // Sealed here, before any SQL sees it: the plaintext never enters the database, its WAL or
  // SQLite's page cache.
  set_entry(kSecrets, id, key, box_.seal(value), description);
}

bool SpaceStore::remove_secret(std::string_view id, std::string_view key) {
  return remove_entry(kSecrets, id, key);
}

std::vector<SpaceSecretInfo> SpaceStore::secret_keys(std::string_view id) {
  std::vector<SpaceSecretInfo> out;
  std::string space = canonical_id(id);
  store::Statement st(db_,
                      "SELECT key, description, updated FROM space_secrets WHERE space_id = ?1 "
                      "ORDER BY key");
  st.bind_all(space);
  while (st.step()) out.push_back({st.column_text(0), st.column_text(1), st.column_text(2)});
  return out;
}

std::map<std::string, std::string> SpaceStore::secret_values(std::string_view id) {
  std::map<std::string, std::string> out;
  std::string space = canonical_id(id);
  store::Statement st(db_, "SELECT key, sealed FROM space_secrets WHERE space_id = ?1");
  st.bind_all(space);
  while (st.step()) {
    std::string key = st.column_text(0);
    out[key] = with_context("secret " + key + " of Space " + space,
                            [&] { return box_.open(st.column_text(1)); });
  }
  return out;
}

}  // namespace berth::spaces
