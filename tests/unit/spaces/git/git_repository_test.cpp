// The repository helpers against the real git CLI; pushing and exporting a commit are tested
// over smart HTTP in tests/unit/server/git/git_http_backend_test.cpp.
#include "spaces/git/git_repository.hpp"

#include <gtest/gtest.h>

#include "base/error.hpp"
#include "base/fs.hpp"

namespace berth::spaces {
namespace {

TEST(GitRepository, ResolveRefErrors) {
  TempDir dir;
  EXPECT_THROW(resolve_ref(dir.path() / "nothing", "main"), Error);
  init_bare_repository(dir.path() / "r.git", "trunk");
  EXPECT_EQ(read_file(dir.path() / "r.git" / "HEAD"), "ref: refs/heads/trunk\n");
  EXPECT_EQ(resolve_ref(dir.path() / "r.git", "--help"), std::nullopt);
  EXPECT_THROW(init_bare_repository(dir.path() / "bad.git", "bad..name"), Error);
}

}  // namespace
}  // namespace berth::spaces
