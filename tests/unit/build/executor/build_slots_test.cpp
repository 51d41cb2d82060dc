// Space builds' concurrency limits: slot files under flock, released when their holder goes.
#include "build/executor/build_slots.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <optional>
#include <thread>

#include "base/fs.hpp"

namespace berth::build {
namespace {

TEST(BuildSlot, FreeSlotsAreTakenWithoutWaiting) {
  TempDir dir;
  bool waited = false;
  BuildSlot a(dir.path(), 2, [&] { waited = true; });
  BuildSlot b(dir.path(), 2, [&] { waited = true; });
  EXPECT_FALSE(waited);
}

TEST(BuildSlot, WaitsUntilTheHolderReleasesIt) {
  TempDir dir;
  std::optional<BuildSlot> holder;
  holder.emplace(dir.path(), 1, nullptr);
  std::atomic<bool> waiting{false}, acquired{false};
  std::thread second([&] {
    BuildSlot slot(dir.path(), 1, [&] { waiting = true; });
    acquired = true;
  });
  while (!waiting) std::this_thread::yield();
  EXPECT_FALSE(acquired);  // it said it waits, and it cannot have the slot while it is held
  holder.reset();
  second.join();
  EXPECT_TRUE(acquired);
}

TEST(BuildSlot, OwnersHaveTheirOwnDirectories) {
  std::filesystem::path slots = "/r/build/slots";
  auto alice = owner_slots_dir(slots, "alice");
  EXPECT_EQ(alice.parent_path(), slots);
  EXPECT_NE(alice, owner_slots_dir(slots, "bob"));
  EXPECT_EQ(alice, owner_slots_dir(slots, "alice"));
  EXPECT_EQ(owner_slots_dir(slots, "../x").parent_path(), slots);  // no name reaches the path
}

}  // namespace
}  // namespace berth::build
