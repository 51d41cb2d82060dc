#pragma once
// The server's one connection to the Spaces tables, shared by its request and deploy threads.
// A SQLite connection must not run two transactions at once, so every use holds a mutex; the
// calls are short (one statement or transaction each).
#include <filesystem>
#include <mutex>

#include "base/secret_box.hpp"
#include "spaces/deploy_history.hpp"
#include "spaces/space_store.hpp"
#include "spaces/user_store.hpp"
#include "spaces/web_session_store.hpp"
#include "store/database.hpp"

namespace berth::spaces {

class SpacesDatabase {
 public:
  // Opens <root>/berth.db (migrating it and importing the deployed.json files of servers
  // before migration 12) and the secrets key.
  explicit SpacesDatabase(const std::filesystem::path& root);

  template <typename F>
  auto with(F&& f) {
    std::lock_guard lock(mutex_);
    return f(spaces_, users_);
  }
  // The same connection and mutex, with the deploy history beside the Spaces.
  template <typename F>
  auto with_deploys(F&& f) {
    std::lock_guard lock(mutex_);
    return f(spaces_, deploys_);
  }
  // The same connection and mutex, for the web UI's sessions.
  template <typename F>
  auto with_sessions(F&& f) {
    std::lock_guard lock(mutex_);
    return f(sessions_);
  }

 private:
  std::mutex mutex_;
  store::Database db_;
  SecretBox box_;
  SpaceStore spaces_;
  UserStore users_;
  DeployHistory deploys_;
  WebSessionStore sessions_;
};

}  // namespace berth::spaces
