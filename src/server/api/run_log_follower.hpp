#pragma once
// The container log of whichever instance a Space runs now, for the log streams (the API's
// /logs/run and the web UI's page events). Each deploy, restart or wake starts another
// container whose log is another file, and none runs before the first deploy: each read
// looks up the Space's current instance (one row of the database) and, when it changed,
// follows the new instance's log from its start.
#include <memory>
#include <optional>
#include <string>

#include "server/api/log_follower.hpp"
#include "server/server_context.hpp"

namespace berth::server {

class RunLogFollower {
 public:
  RunLogFollower(ServerContext& ctx, std::string space_id)
      : ctx_(ctx), space_id_(std::move(space_id)) {}

  // What the current instance's log has next; no lines while no instance runs (or the Space
  // was deleted).
  LogFollower::Batch read();

 private:
  ServerContext& ctx_;
  std::string space_id_;
  std::optional<std::string> instance_;  // the one followed; unset before the first read
  std::unique_ptr<LogFollower> log_;
};

}  // namespace berth::server
