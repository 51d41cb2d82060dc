#pragma once
// Signed-in browsers of the web UI (spaces schema 10). A session is made from an API token the
// user pastes once; the browser then holds only a random session id in an HttpOnly cookie,
// stored here as its sha256 as tokens are. A session acts as its token: it has the token's
// role, and revoking the token ends it. Each session has a CSRF token that its pages carry
// and every state-changing request must present.
#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "spaces/user_record.hpp"
#include "store/database.hpp"

namespace berth::spaces {

// How long a sign-in lasts; signing in again makes a new session.
inline constexpr std::chrono::hours kWebSessionLifetime{24 * 30};

struct WebSession {
  Identity identity;
  std::string csrf;
};

// What signing in gives the browser: `id` goes into its cookie and is never stored.
struct CreatedWebSession {
  std::string id;
  WebSession session;
};

class WebSessionStore {
 public:
  explicit WebSessionStore(store::Database& db);

  // A session for whoever `token` authenticates; nullopt for an unknown, revoked or malformed
  // token.
  std::optional<CreatedWebSession> create(std::string_view token);
  // The session behind a cookie's id; nullopt when unknown or expired (an expired one is
  // removed).
  std::optional<WebSession> find(std::string_view id);
  // Signing out; unknown ids are ignored, as a second sign-out is harmless.
  void remove(std::string_view id);

 private:
  store::Database& db_;
};

// 32 random bytes as hex: session ids and CSRF tokens.
std::string new_web_secret();

}  // namespace berth::spaces
