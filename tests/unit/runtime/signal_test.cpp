#include <gtest/gtest.h>
#include <signal.h>

#include "base/error.hpp"
#include "runtime/container_engine.hpp"

namespace berth::runtime {
namespace {

TEST(ParseSignal, NamesAndNumbers) {
  EXPECT_EQ(parse_signal("TERM"), SIGTERM);
  EXPECT_EQ(parse_signal("SIGKILL"), SIGKILL);
  EXPECT_EQ(parse_signal("usr1"), SIGUSR1);
  EXPECT_EQ(parse_signal("9"), 9);
  EXPECT_THROW(parse_signal("NOPE"), InvalidArgumentError);
  EXPECT_THROW(parse_signal("0"), InvalidArgumentError);
}

}  // namespace
}  // namespace berth::runtime
