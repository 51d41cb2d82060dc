#include "spaces/space_lifecycle.hpp"

#include <algorithm>
#include <iostream>

#include "base/error.hpp"
#include "spaces/dormancy.hpp"
#include "spaces/hub_names.hpp"

namespace berth::spaces {

namespace {

int64_t unix_seconds(SpaceLifecycle::Clock::time_point t) {
  return std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
}

}  // namespace

SpaceLifecycle::SpaceLifecycle(SpacesDatabase& db, SpaceDeployer& deployer, SpaceRunner& runner,
                               RouteTable& routes, SleepOptions options,
                               MemoryProbe available_memory)
    : db_(db),
      deployer_(deployer),
      runner_(runner),
      routes_(routes),
      options_(options),
      available_memory_(std::move(available_memory)),
      waker_([this] { thaw_loop(); }) {}

SpaceLifecycle::~SpaceLifecycle() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
    for (const auto& id : to_wake_) waking_.erase(lowercase(id));  // never begun
    to_wake_.clear();
  }
  changed_.notify_all();
  waker_.join();
  wait_idle();
}

void SpaceLifecycle::wake(const std::string& space_id) {
  std::string key = lowercase(space_id);
  {
    std::lock_guard lock(mutex_);
    if (stopping_ || waking_.contains(key)) return;
    waking_.insert(key);
    to_wake_.push_back(space_id);
  }
  changed_.notify_all();
}

bool SpaceLifecycle::waking(const std::string& space_id) const {
  std::lock_guard lock(mutex_);
  return waking_.contains(lowercase(space_id));
}

void SpaceLifecycle::wait_idle() {
  std::unique_lock lock(mutex_);
  changed_.wait(lock, [&] { return waking_.empty(); });
}

void SpaceLifecycle::finish_wake(const std::string& key) {
  // Notified under the lock: once it is released, the destructor may run (a starter thread
  // touches nothing of the lifecycle's after this).
  std::lock_guard lock(mutex_);
  waking_.erase(key);
  changed_.notify_all();
}

void SpaceLifecycle::thaw_loop() {
  std::unique_lock lock(mutex_);
  for (;;) {
    changed_.wait(lock, [&] { return stopping_ || !to_wake_.empty(); });
    if (stopping_) return;
    std::string id = std::move(to_wake_.front());
    to_wake_.pop_front();
    lock.unlock();
    std::string key = lowercase(id);
    if (routes_.dormancy(id) == Dormancy::kFrozen) {
      // Milliseconds: done here, so a thaw never waits for a thread to start.
      wake_now(id);
      finish_wake(key);
    } else {
      // Starting a container takes as long as the app takes to answer: on a thread of its
      // own, so other Spaces' thaws do not wait. wait_idle() waits for it through waking_.
      std::thread([this, id, key] {
        wake_now(id);
        finish_wake(key);
      }).detach();
    }
    lock.lock();
  }
}

void SpaceLifecycle::wake_now(const std::string& space_id) {
  try {
    std::unique_lock space_lock(deployer_.lock_for(space_id));
    auto space = db_.with([&](SpaceStore& s, UserStore&) { return s.find(space_id); });
    if (!space || space->stage != SpaceStage::kSleeping) return;  // woken, paused or deleted
    if (space->sleep_tier == SleepTier::kFrozen && !space->current_container.empty()) {
      try {
        runner_.thaw(space->current_container);
        auto status = runner_.status(space->current_container);
        if (status.state == InstanceStatus::State::kRunning && !status.address.empty()) {
          routes_.set(space->id, SpaceDeployer::current_route(*space, status.address));
          db_.with([&](SpaceStore& s, UserStore&) {
            s.set_stage(space->id, SpaceStage::kRunning);
            return 0;
          });
          return;
        }
      } catch (const Error& e) {
        std::cerr << "berth serve: thawing " << space->id << ": " << e.what()
                  << "; starting it again\n";
      }
    }
    space_lock.unlock();
    // Stopped (or the frozen container is gone): a new instance of the deployed version. Its
    // stage, route and errors are the restart's, as for any restart.
    deployer_.restart(space->id, /*resume_paused=*/false);  // paused meanwhile: it stays
  } catch (const std::exception& e) {
    std::cerr << "berth serve: waking " << space_id << ": " << e.what() << "\n";
  }
}

bool SpaceLifecycle::freeze(const SpaceRecord& space, Clock::time_point idle_since,
                            Clock::time_point now) {
  std::unique_lock space_lock(deployer_.lock_for(space.id), std::try_to_lock);
  if (!space_lock.owns_lock()) return false;  // a deploy or a restart: not idle
  // From here on the proxy sends nothing to the instance: a visit wakes the Space instead.
  auto route = routes_.take_if_idle(space.id, Dormancy::kFrozen, idle_since);
  if (!route) return false;
  try {
    runner_.freeze(route->instance);
  } catch (const Error& e) {
    // Exited meanwhile (check_instances reports it) or not freezable: it stays as it was.
    routes_.set(space.id, *route);
    std::cerr << "berth serve: freezing " << space.id << ": " << e.what() << "\n";
    return false;
  }
  db_.with([&](SpaceStore& s, UserStore&) {
    s.set_sleeping(space.id, SleepTier::kFrozen, unix_seconds(now));
    return 0;
  });
  return true;
}

bool SpaceLifecycle::stop_frozen(const std::string& space_id, Clock::time_point now) {
  std::unique_lock space_lock(deployer_.lock_for(space_id), std::try_to_lock);
  if (!space_lock.owns_lock() || waking(space_id)) return false;
  auto space = db_.with([&](SpaceStore& s, UserStore&) { return s.find(space_id); });
  if (!space || dormancy_of(*space) != Dormancy::kFrozen) return false;
  routes_.set_dormant(space->id, Dormancy::kStopped);
  if (!space->current_container.empty()) runner_.remove(space->current_container);
  db_.with([&](SpaceStore& s, UserStore&) {
    s.set_current(space->id, space->current_commit, space->current_image, "");
    s.set_sleeping(space->id, SleepTier::kStopped, unix_seconds(now));
    return 0;
  });
  return true;
}

void SpaceLifecycle::sleep_time_changed() {
  if (on_sleep_time_changed_) on_sleep_time_changed_();
}

SpaceLifecycle::Clock::time_point SpaceLifecycle::tick(Clock::time_point now) {
  auto next_due = Clock::time_point::max();
  // A step that found its Space busy (a deploy or wake holds it) is tried again soon.
  const auto retry = now + options_.check_interval;
  bool froze_any = false;
  auto spaces = db_.with([&](SpaceStore& s, UserStore&) { return s.list(); });
  for (const auto& space : spaces) {
    if (space.stage != SpaceStage::kRunning || space.current_container.empty()) continue;
    auto sleep_time = sleep_time_of(space, options_);
    if (!sleep_time) continue;
    auto last = routes_.last_active(space.id);
    if (!last) continue;  // not served here: the route table announces when it is
    if (*last > now - *sleep_time) {
      next_due = std::min(next_due, *last + *sleep_time);
      continue;
    }
    if (freeze(space, now - *sleep_time, now)) {
      std::cerr << "berth serve: " << space.id << " sleeps (frozen) after " << sleep_time->count()
                << " s without a visit\n";
      next_due = std::min(next_due, now + options_.freeze_ttl);
      froze_any = true;
    } else {
      next_due = std::min(next_due, retry);  // busy, or a visit came meanwhile
    }
  }
  std::vector<SpaceRecord> frozen;
  for (const auto& space : spaces) {
    if (dormancy_of(space) != Dormancy::kFrozen) continue;
    auto frozen_until =
        Clock::time_point(std::chrono::seconds(space.slept_at)) + options_.freeze_ttl;
    if (now >= frozen_until) {
      if (stop_frozen(space.id, now)) {
        std::cerr << "berth serve: " << space.id << " sleeps on, stopped, after "
                  << options_.freeze_ttl.count() << " s frozen\n";
      } else {
        next_due = std::min(next_due, retry);
      }
      continue;
    }
    next_due = std::min(next_due, frozen_until);
    frozen.push_back(space);
  }
  if (options_.memory_floor_bytes <= 0) return next_due;
  // Memory is measured, not announced: while any Space is frozen, at every check interval.
  if (froze_any || !frozen.empty()) next_due = std::min(next_due, retry);
  if (frozen.empty()) return next_due;
  auto available = available_memory_();
  if (!available || *available >= options_.memory_floor_bytes) return next_due;
  // One at a time: what it gave back shows in the next measurement.
  auto oldest = std::min_element(frozen.begin(), frozen.end(), [](const auto& a, const auto& b) {
    return a.slept_at < b.slept_at;
  });
  if (stop_frozen(oldest->id, now)) {
    std::cerr << "berth serve: " << oldest->id << " sleeps on, stopped: " << (*available >> 20)
              << " MiB of memory available, under the floor of "
              << (options_.memory_floor_bytes >> 20) << " MiB\n";
  }
  return next_due;
}

}  // namespace berth::spaces
