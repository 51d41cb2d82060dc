// Revisions and paths from requests: what may reach git, and what never does.
#include "spaces/git/git_names.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace berth::spaces {
namespace {

TEST(GitNames, RevisionsARequestMayName) {
  for (std::string_view revision :
       {"main", "HEAD", "v1.0", "feature/x", "refs/heads/main", "refs/tags/v1.0", "abcd",
        "0123456789abcdef0123456789abcdef01234567", "release-2024_01"}) {
    EXPECT_TRUE(is_valid_revision(revision)) << revision;
  }
}

TEST(GitNames, HostileRevisionsNeverReachGit) {
  for (std::string_view revision : std::vector<std::string_view>{"",
                                                                 "--upload-pack=touch /tmp/x",
                                                                 "-n",
                                                                 "main~1",
                                                                 "main^",
                                                                 "main^{tree}",
                                                                 "@{-1}",
                                                                 "main@{1}",
                                                                 "@",
                                                                 ":/fix",
                                                                 "HEAD:README.md",
                                                                 "main..other",
                                                                 "a b",
                                                                 "tab\there",
                                                                 "new\nline",
                                                                 std::string_view("nul\0x", 5),
                                                                 "main.lock",
                                                                 ".hidden",
                                                                 "dir/.hidden",
                                                                 "dir//x",
                                                                 "x/",
                                                                 "x.",
                                                                 "refs/pr/1",
                                                                 "refs/remotes/origin/main",
                                                                 "refs/heads/-x",
                                                                 "refs/heads/refs/heads/x",
                                                                 "refs/heads/",
                                                                 "back\\slash",
                                                                 "star*",
                                                                 "what?",
                                                                 "[x",
                                                                 "refs/heads/.."}) {
    EXPECT_FALSE(is_valid_revision(revision)) << revision;
  }
  EXPECT_FALSE(is_valid_revision(std::string(kMaxRevisionLength + 1, 'a')));
}

TEST(GitNames, RefNamesForNewBranchesAndTags) {
  EXPECT_TRUE(is_valid_ref_name("dev"));
  EXPECT_TRUE(is_valid_ref_name("feature/new-ui"));
  EXPECT_TRUE(is_valid_ref_name("v1.2.3"));
  EXPECT_FALSE(is_valid_ref_name("HEAD"));
  EXPECT_FALSE(is_valid_ref_name("refs/heads/x"));
  EXPECT_FALSE(is_valid_ref_name("-f"));
  // A branch named like a commit id would shadow the commit.
  EXPECT_FALSE(is_valid_ref_name("0123456789abcdef0123456789abcdef01234567"));
  EXPECT_TRUE(is_valid_ref_name("cafe"));
}

TEST(GitNames, FullCommitIds) {
  EXPECT_TRUE(is_full_commit_id("0123456789abcdef0123456789abcdef01234567"));
  EXPECT_FALSE(is_full_commit_id("0123456789ABCDEF0123456789abcdef01234567"));
  EXPECT_FALSE(is_full_commit_id("0123456789abcdef"));
}

TEST(GitNames, CanonicalPaths) {
  EXPECT_EQ(canonical_repo_path(""), "");
  EXPECT_EQ(canonical_repo_path("/"), "");
  EXPECT_EQ(canonical_repo_path("README.md"), "README.md");
  EXPECT_EQ(canonical_repo_path("sub/dir/"), "sub/dir");
  EXPECT_EQ(canonical_repo_path("/sub/file"), "sub/file");
  EXPECT_EQ(canonical_repo_path("..data/x.."), "..data/x..");
  EXPECT_EQ(canonical_repo_path("-rf"), "-rf");            // after "--": a name, not an option
  EXPECT_EQ(canonical_repo_path(":(glob)*"), ":(glob)*");  // a literal pathspec
}

TEST(GitNames, HostilePathsAreRefused) {
  for (std::string_view path : std::vector<std::string_view>{
           "..", "../etc/passwd", "a/../../b", "a/./b", ".", "a//b", "a/..", "new\nline",
           std::string_view("a\0b", 3), "tab\t", "\x7f"}) {
    EXPECT_EQ(canonical_repo_path(path), std::nullopt) << path;
  }
  EXPECT_EQ(canonical_repo_path(std::string(kMaxRepoPathLength + 1, 'a')), std::nullopt);
}

}  // namespace
}  // namespace berth::spaces
