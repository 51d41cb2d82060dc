#include "server/api/run_log_follower.hpp"

namespace berth::server {

RunLogFollower::RunLogFollower(ServerContext& ctx, std::string space_id)
    : RunLogFollower(
          [&ctx, id = std::move(space_id)] {
            auto space =
                ctx.db.with([&](spaces::SpaceStore& s, spaces::UserStore&) { return s.find(id); });
            return space ? space->current_container : std::string();
          },
          [&ctx](const std::string& instance) {
            return ctx.deployer.instance_log_path(instance);
          }) {}

LogFollower::Batch RunLogFollower::read() {
  std::string current = current_();
  LogFollower::Batch batch;
  if (current != instance_) {
    // One read of what the instance left wrote last: a crash's or a restart's last lines. Its
    // log goes with its container soon after, so whatever is beyond one budget is let go.
    if (log_) batch.lines = log_->read().lines;
    instance_ = current;
    log_.reset();
    if (!current.empty()) {
      if (auto path = log_of_(current)) log_ = std::make_unique<LogFollower>(*path);
    }
  }
  if (!log_) return batch;
  auto next = log_->read();
  batch.lines.insert(batch.lines.end(), std::make_move_iterator(next.lines.begin()),
                     std::make_move_iterator(next.lines.end()));
  batch.more = next.more;
  return batch;
}

}  // namespace berth::server
