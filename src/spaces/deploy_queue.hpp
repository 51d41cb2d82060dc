#pragma once
// Runs a Space's deploys, restarts and rollbacks in the background, one at a time per Space, in
// the order they came. Work that arrives while its Space is busy waits; a deploy that arrives
// while another deploy waits (no other job after it) replaces it, as only the newest commit
// matters. A restart, a rollback or a removal is never replaced and replaces nothing.
#include <condition_variable>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <set>
#include <string>

namespace berth::spaces {

class DeployQueue {
 public:
  using Job = std::function<void()>;
  enum class JobKind {
    kDeploy,  // of a commit: a newer one makes it pointless
    kOther,   // a restart, rollback, removal: must happen
  };
  DeployQueue() = default;
  ~DeployQueue();  // waits for running deploys
  DeployQueue(const DeployQueue&) = delete;
  DeployQueue& operator=(const DeployQueue&) = delete;

  // `description` names the job in the error printed if it throws ("deploy of a/b at 1234…").
  void submit(const std::string& space_id, std::string description, Job job,
              JobKind kind = JobKind::kDeploy);
  // Waits until no deploy runs (tests, shutdown).
  void wait_idle();

 private:
  struct Pending {
    std::string description;
    Job job;
    JobKind kind = JobKind::kDeploy;
  };
  void work(std::string space_id, Pending next);

  std::mutex mutex_;
  std::condition_variable idle_;
  std::set<std::string> active_;
  std::map<std::string, std::deque<Pending>> pending_;  // per Space, oldest first
};

}  // namespace berth::spaces
