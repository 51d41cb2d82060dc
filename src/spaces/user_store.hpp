#pragma once
// Users and their API tokens in berth.db (migration 7). Tokens are stored as their sha256, so
// a leaked database lets no one in; the plaintext exists only in create_token's answer.
// User names follow the Hub's rules and compare case-insensitively.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "spaces/user_record.hpp"
#include "store/database.hpp"

namespace berth::spaces {

class UserStore {
 public:
  explicit UserStore(store::Database& db);

  // InvalidArgumentError for a name the Hub would refuse; ConflictError "user NAME already
  // exists" (in any letter case).
  User create_user(std::string_view name);
  std::optional<User> find_user(std::string_view name);
  std::vector<User> list_users();  // ordered by name
  // Removes the user and (cascade) their tokens. NotFoundError "user NAME not found";
  // ConflictError while they own Spaces, whose repos and containers must go first.
  void remove_user(std::string_view name);

  // A new token for `user`, role "write" or "read". NotFoundError for an unknown user;
  // ConflictError when the user has a token of that name; InvalidArgumentError for an empty
  // name, one over 100 characters, or one with control characters.
  CreatedToken create_token(std::string_view user, std::string_view token_name, bool write);
  // The identity behind `token`, or nullopt for an unknown, revoked or malformed one. Records
  // last_used, at most once a minute per token: every API request authenticates, and a write
  // each time would queue them all behind the database's one write lock.
  std::optional<Identity> authenticate(std::string_view token);
  // NotFoundError "token NAME not found" when the user has no such token.
  void revoke_token(std::string_view user, std::string_view token_name);
  std::vector<TokenInfo> list_tokens(std::string_view user);  // ordered by creation

 private:
  store::Database& db_;
};

}  // namespace berth::spaces
