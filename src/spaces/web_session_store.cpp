#include "spaces/web_session_store.hpp"

#include <fmt/format.h>

#include "base/sodium.hpp"
#include "base/time_format.hpp"
#include "spaces/token.hpp"

namespace berth::spaces {

namespace {

// Session ids are 64 hex digits; anything else cannot be one and is not looked up.
bool looks_like_session_id(std::string_view id) {
  return id.size() == 64 && id.find_first_not_of("0123456789abcdef") == std::string_view::npos;
}

}  // namespace

std::string new_web_secret() {
  ensure_sodium();
  unsigned char random[32];
  randombytes_buf(random, sizeof random);
  std::string hex;
  hex.reserve(64);
  for (unsigned char b : random) hex += fmt::format("{:02x}", b);
  return hex;
}

WebSessionStore::WebSessionStore(store::Database& db) : db_(db) {}

std::optional<CreatedWebSession> WebSessionStore::create(std::string_view token) {
  if (!looks_like_token(token)) return std::nullopt;
  const std::string hash = token_hash(token);
  store::Statement st(db_, "SELECT user, name, role FROM tokens WHERE hash = ?1");
  st.bind_all(hash);
  if (!st.step()) return std::nullopt;
  CreatedWebSession created{
      new_web_secret(),
      {Identity{st.column_text(0), st.column_text(1), st.column_text(2)}, new_web_secret()}};
  st.reset();
  const auto now = std::chrono::system_clock::now();
  store::Statement insert(db_,
                          "INSERT INTO web_sessions(hash, token_hash, csrf, created, expires) "
                          "VALUES (?1, ?2, ?3, ?4, ?5)");
  insert.bind_all(token_hash(created.id), hash, created.session.csrf, format_rfc3339_nano(now),
                  format_rfc3339_nano(now + kWebSessionLifetime));
  insert.run();
  return created;
}

std::optional<WebSession> WebSessionStore::find(std::string_view id) {
  if (!looks_like_session_id(id)) return std::nullopt;
  const std::string hash = token_hash(id);
  store::Statement st(db_,
                      "SELECT t.user, t.name, t.role, s.csrf, s.expires FROM web_sessions s "
                      "JOIN tokens t ON t.hash = s.token_hash WHERE s.hash = ?1");
  st.bind_all(hash);
  if (!st.step()) return std::nullopt;
  WebSession session{Identity{st.column_text(0), st.column_text(1), st.column_text(2)},
                     st.column_text(3)};
  auto expires = parse_rfc3339(st.column_text(4));
  st.reset();
  if (!expires || *expires <= std::chrono::system_clock::now()) {
    remove(id);
    return std::nullopt;
  }
  return session;
}

void WebSessionStore::remove(std::string_view id) {
  store::Statement st(db_, "DELETE FROM web_sessions WHERE hash = ?1");
  st.bind_all(token_hash(id));
  st.run();
}

}  // namespace berth::spaces
