#include "server/api/run_log_follower.hpp"

namespace berth::server {

LogFollower::Batch RunLogFollower::read() {
  auto space =
      ctx_.db.with([&](spaces::SpaceStore& s, spaces::UserStore&) { return s.find(space_id_); });
  std::string current = space ? space->current_container : "";
  if (current != instance_) {
    instance_ = current;
    log_.reset();
    if (!current.empty()) {
      if (auto path = ctx_.deployer.instance_log_path(current)) {
        log_ = std::make_unique<LogFollower>(*path);
      }
    }
  }
  if (!log_) return {};
  return log_->read();
}

}  // namespace berth::server
