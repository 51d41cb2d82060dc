#pragma once
// A served Space's sleep: when idle it is frozen, then stopped, and a visit wakes it. The server's
// maintenance thread calls tick(); the proxy calls wake() when the route table says a Space is
// asleep, and holds the request while waking() (or, for a browser and a stopped Space, shows a page
// that reloads itself). Pausing is the deployer's (SpaceDeployer::pause). Every change of a Space's
// instance happens under the deployer's lock for that Space, so a deploy, a restart and a wake
// never cross.
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "spaces/route_table.hpp"
#include "spaces/sleep_policy.hpp"
#include "spaces/space_deployer.hpp"
#include "spaces/space_runner.hpp"
#include "spaces/spaces_database.hpp"

namespace berth::spaces {

class SpaceLifecycle {
 public:
  using Clock = std::chrono::system_clock;
  using MemoryProbe = std::function<std::optional<int64_t>()>;

  SpaceLifecycle(SpacesDatabase& db, SpaceDeployer& deployer, SpaceRunner& runner,
                 RouteTable& routes, SleepOptions options, MemoryProbe available_memory);
  ~SpaceLifecycle();  // waits for the wakes under way
  SpaceLifecycle(const SpaceLifecycle&) = delete;
  SpaceLifecycle& operator=(const SpaceLifecycle&) = delete;

  // A visit found the Space asleep: starts waking it (on a thread of the lifecycle's) unless
  // a wake is under way. Never blocks: the proxy calls it on its event loop.
  void wake(const std::string& space_id);
  // Whether a wake of the Space is under way.
  bool waking(const std::string& space_id) const;
  const SleepOptions& options() const { return options_; }
  // Waits until no wake is under way (tests, shutdown).
  void wait_idle();

  // Puts Spaces idle for longer than their sleep time to sleep (frozen), stops those frozen
  // longer than the freeze TTL, and the one frozen longest when memory is short. `now` is the
  // wall clock (a parameter for tests). Returns when the next of these could be due, as far as
  // the Spaces' records and visits tell (a visit only moves it later; a Space that begins to
  // serve is announced by the route table); time_point::max() when none can be.
  Clock::time_point tick(Clock::time_point now = Clock::now());
  // A Space's sleep time was changed: its sleep may now be due earlier than tick() last said.
  // Calls the listener set with on_sleep_time_changed (the server's maintenance thread, which
  // waits for the deadline it knows of, looks again).
  void sleep_time_changed();
  // Set once, before the lifecycle is shared.
  void on_sleep_time_changed(std::function<void()> listener) {
    on_sleep_time_changed_ = std::move(listener);
  }

  // One step each, under the Space's lock; false (nothing changed) when the Space is not in
  // the state the step starts from, or is busy. Public for tests.
  bool freeze(const SpaceRecord& space, Clock::time_point idle_since, Clock::time_point now);
  bool stop_frozen(const std::string& space_id, Clock::time_point now);
  void wake_now(const std::string& space_id);

 private:
  void thaw_loop();
  void finish_wake(const std::string& key);

  SpacesDatabase& db_;
  SpaceDeployer& deployer_;
  SpaceRunner& runner_;
  RouteTable& routes_;
  SleepOptions options_;
  MemoryProbe available_memory_;
  std::function<void()> on_sleep_time_changed_;

  mutable std::mutex mutex_;
  std::condition_variable changed_;
  std::set<std::string> waking_;     // Space ids (lowercase) with a wake under way
  std::deque<std::string> to_wake_;  // waiting for the wake thread
  bool stopping_ = false;
  std::thread waker_;  // thaws frozen Spaces, hands stopped ones to a starter
};

}  // namespace berth::spaces
