#include "spaces/git/git_command.hpp"

#include <gtest/gtest.h>

namespace berth::spaces {
namespace {

TEST(GitCommand, LastLineAndCleanEnvironment) {
  EXPECT_EQ(last_line("warning: x\nfatal: the reason  \n\n"), "fatal: the reason");
  EXPECT_EQ(last_line(" \n"), "");
  GitResult r = run_git(
      // From / so that no repository around the test (its own checkout) is read.
      {.args = {"-C", "/", "config", "--list", "--show-origin"},
       .environment = {"HOME=/nonexistent"}});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "") << "a config file leaked into the server's git";
}

}  // namespace
}  // namespace berth::spaces
