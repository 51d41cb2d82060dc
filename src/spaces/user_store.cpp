#include "spaces/user_store.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>

#include "base/error.hpp"
#include "base/sodium.hpp"
#include "base/time_format.hpp"
#include "spaces/hub_names.hpp"
#include "spaces/token.hpp"

namespace berth::spaces {
namespace {

constexpr auto kLastUsedResolution = std::chrono::minutes(1);

// A MongoDB ObjectId's layout, which Hub ids have: 4 bytes of creation time (so ids sort by
// age), then 8 random bytes.
std::string new_user_id() {
  ensure_sodium();
  auto seconds = std::chrono::duration_cast<std::chrono::seconds>(
                     std::chrono::system_clock::now().time_since_epoch())
                     .count();
  unsigned char random[8];
  randombytes_buf(random, sizeof random);
  std::string id = fmt::format("{:08x}", static_cast<uint32_t>(seconds));
  for (unsigned char b : random) id += fmt::format("{:02x}", b);
  return id;
}

void check_token_name(std::string_view name) {
  bool control = std::any_of(name.begin(), name.end(), [](char c) {
    return static_cast<unsigned char>(c) < 0x20 || c == 0x7f;
  });
  if (name.empty() || name.size() > 100 || control) {
    throw InvalidArgumentError("invalid token name \"" + std::string(name) +
                               "\": use 1 to 100 printable characters");
  }
}

TokenInfo read_token(store::Statement& st) {
  return {st.column_text(0), st.column_text(1), st.column_text(2), st.column_text(3),
          st.column_text(4)};
}

}  // namespace

UserStore::UserStore(store::Database& db) : db_(db) {}

User UserStore::create_user(std::string_view name) {
  check_user_name(name);
  User u{std::string(name), new_user_id(), rfc3339_now()};
  db_.write_transaction([&] {
    store::Statement taken(db_, "SELECT 1 FROM users WHERE name = ?1");
    taken.bind_all(name);
    if (taken.step()) throw ConflictError("user " + u.name + " already exists");
    store::Statement st(db_, "INSERT INTO users(name, id, created) VALUES (?1, ?2, ?3)");
    st.bind_all(u.name, u.id, u.created);
    st.run();
  });
  return u;
}

std::optional<User> UserStore::find_user(std::string_view name) {
  store::Statement st(db_, "SELECT name, id, created FROM users WHERE name = ?1");
  st.bind_all(name);
  if (!st.step()) return std::nullopt;
  return User{st.column_text(0), st.column_text(1), st.column_text(2)};
}

std::vector<User> UserStore::list_users() {
  store::Statement st(db_, "SELECT name, id, created FROM users ORDER BY name");
  std::vector<User> out;
  while (st.step()) out.push_back({st.column_text(0), st.column_text(1), st.column_text(2)});
  return out;
}

void UserStore::remove_user(std::string_view name) {
  db_.write_transaction([&] {
    store::Statement owned(db_, "SELECT count(*) FROM spaces WHERE owner = ?1");
    owned.bind_all(name);
    owned.step();
    if (auto n = owned.column_int(0); n > 0) {
      throw ConflictError(fmt::format("user {} still owns {} Space{}; remove {} first", name, n,
                                      n == 1 ? "" : "s", n == 1 ? "it" : "them"));
    }
    store::Statement st(db_, "DELETE FROM users WHERE name = ?1");
    st.bind_all(name);
    st.run();
    if (db_.changes() == 0) throw NotFoundError("user " + std::string(name) + " not found");
  });
}

CreatedToken UserStore::create_token(std::string_view user, std::string_view token_name,
                                     bool write) {
  check_token_name(token_name);
  CreatedToken created{new_token(), {}};
  TokenInfo& info = created.info;
  info.name = std::string(token_name);
  info.role = write ? "write" : "read";
  info.created = rfc3339_now();
  db_.write_transaction([&] {
    auto owner = find_user(user);
    if (!owner) throw NotFoundError("user " + std::string(user) + " not found");
    info.user = owner->name;
    store::Statement taken(db_, "SELECT 1 FROM tokens WHERE user = ?1 AND name = ?2");
    taken.bind_all(info.user, info.name);
    if (taken.step()) {
      throw ConflictError("user " + info.user + " already has a token named " + info.name);
    }
    store::Statement st(db_,
                        "INSERT INTO tokens(hash, user, name, role, created) "
                        "VALUES (?1, ?2, ?3, ?4, ?5)");
    st.bind_all(token_hash(created.token), info.user, info.name, info.role, info.created);
    st.run();
  });
  return created;
}

std::optional<Identity> UserStore::authenticate(std::string_view token) {
  if (!looks_like_token(token)) return std::nullopt;
  // The lookup goes through the primary key's index: what its timing could reveal is about
  // the hash, which tells nothing about any stored token.
  std::string hash = token_hash(token);
  store::Statement st(db_, "SELECT user, name, role, last_used FROM tokens WHERE hash = ?1");
  st.bind_all(hash);
  if (!st.step()) return std::nullopt;
  Identity id{st.column_text(0), st.column_text(1), st.column_text(2)};
  auto last = parse_rfc3339(st.column_text(3));
  st.reset();
  auto t = std::chrono::system_clock::now();
  if (!last || t - *last >= kLastUsedResolution) {
    // One statement commits on its own; a token revoked meanwhile just updates no row.
    store::Statement used(db_, "UPDATE tokens SET last_used = ?1 WHERE hash = ?2");
    used.bind_all(format_rfc3339_nano(t), hash);
    used.run();
  }
  return id;
}

void UserStore::revoke_token(std::string_view user, std::string_view token_name) {
  db_.write_transaction([&] {
    store::Statement st(db_, "DELETE FROM tokens WHERE user = ?1 AND name = ?2");
    st.bind_all(user, token_name);
    st.run();
    if (db_.changes() == 0) {
      throw NotFoundError("token " + std::string(token_name) + " not found");
    }
  });
}

std::vector<TokenInfo> UserStore::list_tokens(std::string_view user) {
  store::Statement st(db_,
                      "SELECT user, name, role, created, COALESCE(last_used, '') FROM tokens "
                      "WHERE user = ?1 ORDER BY created, name");
  st.bind_all(user);
  std::vector<TokenInfo> out;
  while (st.step()) out.push_back(read_token(st));
  return out;
}

}  // namespace berth::spaces
