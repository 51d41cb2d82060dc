#include "runtime/shim_client/detach_keys.hpp"

#include <gtest/gtest.h>

#include "base/error.hpp"

namespace berth::runtime {
namespace {

TEST(DetachKeys, DockersNotationIsRead) {
  EXPECT_EQ(parse_detach_keys("ctrl-p,ctrl-q"), kDefaultDetachKeys);
  EXPECT_EQ(parse_detach_keys("ctrl-a"), "\x01");
  EXPECT_EQ(parse_detach_keys("ctrl-@,ctrl-[,ctrl-\\,ctrl-],ctrl-^,ctrl-_"),
            std::string("\x00\x1b\x1c\x1d\x1e\x1f", 6));
  EXPECT_EQ(parse_detach_keys("a,X,ctrl-z"), "aX\x1a");
  EXPECT_EQ(parse_detach_keys(""), "") << "none: nothing typed detaches";
}

TEST(DetachKeys, AnUnknownKeyIsNamed) {
  for (const char* bad : {"ctrl-", "ctrl-1", "ctrl-ab", "shift-a", "ab", "a,", ",a"}) {
    try {
      parse_detach_keys(bad);
      ADD_FAILURE() << bad << " was accepted";
    } catch (const InvalidArgumentError& e) {
      EXPECT_NE(std::string(e.what()).find(std::string("(") + bad + ")"), std::string::npos)
          << e.what();
    }
  }
}

TEST(DetachKeyWatch, TheSequenceDetachesAndNeverReachesTheContainer) {
  DetachKeyWatch watch{std::string(kDefaultDetachKeys)};
  auto r = watch.feed("ls\n\x10\x11rest");
  EXPECT_TRUE(r.detached);
  EXPECT_EQ(r.forward, "ls\n") << "what followed the sequence is dropped";
}

TEST(DetachKeyWatch, ASequenceSplitAcrossReadsIsHeldBackUntilItIsKnown) {
  DetachKeyWatch watch{std::string(kDefaultDetachKeys)};
  auto first = watch.feed("a\x10");
  EXPECT_FALSE(first.detached);
  EXPECT_EQ(first.forward, "a") << "ctrl-p may begin the sequence";
  auto second = watch.feed("\x11");
  EXPECT_TRUE(second.detached);
  EXPECT_EQ(second.forward, "");
}

TEST(DetachKeyWatch, AnUnfinishedSequenceIsPassedOnAsTyped) {
  DetachKeyWatch watch{std::string(kDefaultDetachKeys)};
  EXPECT_EQ(watch.feed("\x10").forward, "");
  auto r = watch.feed("x");
  EXPECT_FALSE(r.detached);
  EXPECT_EQ(r.forward, "\x10x");
  auto again = watch.feed("\x10\x10\x11");
  EXPECT_TRUE(again.detached) << "a held-back ctrl-p followed by the whole sequence";
  EXPECT_EQ(again.forward, "\x10");
}

TEST(DetachKeyWatch, NoSequencePassesEverythingOn) {
  DetachKeyWatch watch("");
  auto r = watch.feed(std::string("\x10\x11", 2));
  EXPECT_FALSE(r.detached);
  EXPECT_EQ(r.forward, "\x10\x11");
}

}  // namespace
}  // namespace berth::runtime
