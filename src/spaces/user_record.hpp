#pragma once
// Users and API tokens as UserStore returns them. Nothing here ever holds a stored token's
// plaintext or hash, except CreatedToken, which hands the plaintext out once.
#include <string>

namespace berth::spaces {

struct User {
  std::string name;
  std::string id;  // 24 hex digits, like a Hub user id
  std::string created;
};

struct TokenInfo {
  std::string user;
  std::string name;
  std::string role;  // "read" or "write"
  std::string created;
  std::string last_used;  // "" when never used
};

// The result of creating a token: `token` is shown to the user now and never again.
struct CreatedToken {
  std::string token;
  TokenInfo info;
};

// Who presented a token, and what it allows.
struct Identity {
  std::string user;
  std::string token_name;
  std::string role;
  bool can_write() const { return role == "write"; }
};

}  // namespace berth::spaces
