#include "spaces/deploy_queue.hpp"

#include <gtest/gtest.h>

#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace berth::spaces {
namespace deploy_queue_test {

using Kind = DeployQueue::JobKind;

// A first job that blocks until released, so the jobs submitted meanwhile wait.
class DeployQueueTest : public ::testing::Test {
 protected:
  void block_first(const std::string& space) {
    queue.submit(space, "blocker", [this] {
      std::unique_lock lock(mutex);
      released_cv.wait(lock, [this] { return released; });
    });
  }
  void release() {
    {
      std::lock_guard lock(mutex);
      released = true;
    }
    released_cv.notify_all();
    queue.wait_idle();
  }
  DeployQueue::Job record(std::string name) {
    return [this, name] {
      std::lock_guard lock(mutex);
      ran.push_back(name);
    };
  }

  std::mutex mutex;
  std::condition_variable released_cv;
  bool released = false;
  std::vector<std::string> ran;
  DeployQueue queue;  // last: destroyed (waiting for its jobs) first
};

TEST_F(DeployQueueTest, WaitingDeploysCollapseIntoTheNewest) {
  block_first("alice/app");
  queue.submit("alice/app", "push 1", record("push 1"));
  queue.submit("alice/app", "push 2", record("push 2"));
  queue.submit("alice/app", "push 3", record("push 3"));
  release();
  EXPECT_EQ(ran, std::vector<std::string>{"push 3"});
}

TEST_F(DeployQueueTest, RestartsAndRollbacksAreNeverReplacedAndRunInOrder) {
  block_first("alice/app");
  queue.submit("alice/app", "push 1", record("push 1"));
  queue.submit("alice/app", "rollback", record("rollback"), Kind::kOther);
  queue.submit("alice/app", "push 2", record("push 2"));
  queue.submit("alice/app", "push 3", record("push 3"));
  queue.submit("alice/app", "restart", record("restart"), Kind::kOther);
  queue.submit("alice/app", "restart again", record("restart again"), Kind::kOther);
  release();
  EXPECT_EQ(ran,
            (std::vector<std::string>{"push 1", "rollback", "push 3", "restart", "restart again"}));
}

TEST_F(DeployQueueTest, SpacesDoNotWaitForEachOther) {
  block_first("alice/app");
  queue.submit("bob/app", "push", record("bob"));
  for (int i = 0; i < 500; ++i) {
    {
      std::lock_guard lock(mutex);
      if (!ran.empty()) break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  {
    std::lock_guard lock(mutex);
    EXPECT_EQ(ran, std::vector<std::string>{"bob"}) << "ran while alice/app's job blocked";
  }
  release();
}

}  // namespace deploy_queue_test
}  // namespace berth::spaces
