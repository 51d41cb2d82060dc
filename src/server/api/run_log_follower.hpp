#pragma once
// The container log of whichever instance a Space runs now, for the log streams (the API's
// /logs/run and the web UI's page events). Each deploy, restart or wake starts another
// container whose log is another file, and none runs before the first deploy: each read
// looks up the Space's current instance and, when it changed, passes on what the instance it
// leaves wrote since the last read (its last words, while its log is still there), then
// follows the new instance's log from its start.
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "server/api/log_follower.hpp"
#include "server/server_context.hpp"

namespace berth::server {

class RunLogFollower {
 public:
  // The Space's current instance ("" when none); where an instance's log is.
  using CurrentInstance = std::function<std::string()>;
  using LogOf = std::function<std::optional<std::filesystem::path>(const std::string& instance)>;

  RunLogFollower(CurrentInstance current, LogOf log_of)
      : current_(std::move(current)), log_of_(std::move(log_of)) {}
  // The Space's, as the server's database and deployer know them (one row read per call).
  RunLogFollower(ServerContext& ctx, std::string space_id);

  // What the current instance's log has next, after what the previous one wrote last when
  // the instance changed; no lines while no instance runs (or the Space was deleted).
  LogFollower::Batch read();

 private:
  CurrentInstance current_;
  LogOf log_of_;
  std::optional<std::string> instance_;  // the one followed; unset before the first read
  std::unique_ptr<LogFollower> log_;
};

}  // namespace berth::server
