#include "spaces/deploy_queue.hpp"

#include <iostream>
#include <thread>

namespace berth::spaces {

DeployQueue::~DeployQueue() {
  wait_idle();
}

void DeployQueue::submit(const std::string& space_id, std::string description, Job job,
                         JobKind kind) {
  std::lock_guard lock(mutex_);
  Pending next{std::move(description), std::move(job), kind};
  if (active_.contains(space_id)) {
    auto& waiting = pending_[space_id];
    if (kind == JobKind::kDeploy && !waiting.empty() && waiting.back().kind == JobKind::kDeploy) {
      waiting.back() = std::move(next);
    } else {
      waiting.push_back(std::move(next));
    }
    return;
  }
  active_.insert(space_id);
  std::thread([this, space_id, next = std::move(next)]() mutable {
    work(space_id, std::move(next));
  }).detach();
}

void DeployQueue::work(std::string space_id, Pending next) {
  for (;;) {
    try {
      next.job();
    } catch (const std::exception& e) {
      // Jobs record failures in the Space's stage; this is Berth failing to do even that.
      std::cerr << "berth serve: " << next.description << " failed: " << e.what() << "\n";
    }
    std::lock_guard lock(mutex_);
    auto it = pending_.find(space_id);
    if (it == pending_.end() || it->second.empty()) {
      if (it != pending_.end()) pending_.erase(it);
      active_.erase(space_id);
      idle_.notify_all();
      return;
    }
    next = std::move(it->second.front());
    it->second.pop_front();
  }
}

void DeployQueue::wait_idle() {
  std::unique_lock lock(mutex_);
  idle_.wait(lock, [this] { return active_.empty(); });
}

}  // namespace berth::spaces
