#pragma once
// Runs a Space's deploys and restarts in the background, one at a time per Space. Work that
// arrives while its Space is busy waits; several such pushes collapse into the newest, as only
// it matters.
#include <condition_variable>
#include <functional>
#include <map>
#include <mutex>
#include <set>
#include <string>

namespace berth::spaces {

class DeployQueue {
 public:
  using Job = std::function<void()>;
  DeployQueue() = default;
  ~DeployQueue();  // waits for running deploys
  DeployQueue(const DeployQueue&) = delete;
  DeployQueue& operator=(const DeployQueue&) = delete;

  // `description` names the job in the error printed if it throws ("deploy of a/b at 1234…").
  void submit(const std::string& space_id, std::string description, Job job);
  // Waits until no deploy runs (tests, shutdown).
  void wait_idle();

 private:
  struct Pending {
    std::string description;
    Job job;
  };
  void work(std::string space_id, Pending next);

  std::mutex mutex_;
  std::condition_variable idle_;
  std::set<std::string> active_;
  std::map<std::string, Pending> pending_;
};

}  // namespace berth::spaces
