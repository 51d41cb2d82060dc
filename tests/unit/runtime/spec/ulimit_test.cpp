#include "runtime/spec/ulimit.hpp"

#include <gtest/gtest.h>

#include "base/error.hpp"

namespace berth::runtime {
namespace {

std::string error_of(const std::string& text) {
  try {
    parse_ulimit(text);
  } catch (const InvalidArgumentError& e) {
    EXPECT_EQ(e.exit_code(), 125);
    return e.what();
  }
  return "";
}

TEST(Ulimit, SoftAndHard) {
  auto [name, limit] = parse_ulimit("nofile=1024:2048");
  EXPECT_EQ(name, "nofile");
  EXPECT_EQ(limit, (Ulimit{1024, 2048}));
}

TEST(Ulimit, HardDefaultsToSoftAndMinusOneIsUnlimited) {
  EXPECT_EQ(parse_ulimit("nproc=512").second, (Ulimit{512, 512}));
  EXPECT_EQ(parse_ulimit("memlock=-1:-1").second, (Ulimit{-1, -1}));
  EXPECT_EQ(parse_ulimit("core=100:-1").second, (Ulimit{100, -1}));
}

TEST(Ulimit, ErrorsAreGoUnitsWording) {
  EXPECT_EQ(error_of("nofile"), "invalid ulimit argument: nofile");
  EXPECT_EQ(error_of("files=1"), "invalid ulimit type: files");
  EXPECT_EQ(error_of("nofile=abc"), "strconv.ParseInt: parsing \"abc\": invalid syntax");
  EXPECT_EQ(error_of("nofile=1:2:3"),
            "too many limit value arguments - 1:2:3, can only have up to two, `soft[:hard]`");
  EXPECT_EQ(error_of("nofile=20:10"),
            "ulimit soft limit must be less than or equal to hard limit: 20 > 10");
}

TEST(Ulimit, EveryDockerNameIsKnown) {
  for (const char* name : {"core", "cpu", "data", "fsize", "locks", "memlock", "msgqueue", "nice",
                           "nofile", "nproc", "rss", "rtprio", "rttime", "sigpending", "stack"}) {
    EXPECT_TRUE(is_ulimit_name(name)) << name;
  }
  EXPECT_FALSE(is_ulimit_name("as"));  // RLIMIT_AS is not one of Docker's names
}

TEST(Ulimit, RlimitEntryUsesTheKernelNameAndInfinity) {
  EXPECT_EQ(rlimit_json("nofile", {123, 456}),
            (Json{{"type", "RLIMIT_NOFILE"}, {"hard", 456}, {"soft", 123}}));
  EXPECT_EQ(rlimit_json("memlock", {-1, -1})["hard"].get<uint64_t>(), UINT64_MAX);
}

}  // namespace
}  // namespace berth::runtime
