// The commit history of a real bare repository, as the commits API pages it.
#include "spaces/git/git_history.hpp"

#include <gtest/gtest.h>

#include "base/error.hpp"
#include "support/git_test_repo.hpp"

namespace berth::spaces {
namespace {

using berth::testing::GitTestRepo;

TEST(GitHistory, ListsCommitsNewestFirstInPages) {
  GitTestRepo repo;
  std::vector<std::string> ids;
  for (int i = 0; i < 5; ++i) {
    ids.push_back(repo.commit({{"n.txt", std::to_string(i)}},
                              "commit " + std::to_string(i) + "\n\nbody of " + std::to_string(i),
                              "main", "author" + std::to_string(i)));
  }
  const std::string& head = ids.back();
  EXPECT_EQ(count_commits(repo.path(), head), 5u);
  auto first = list_commits(repo.path(), head, 0, 2);
  ASSERT_EQ(first.size(), 2u);
  EXPECT_EQ(first[0].id, ids[4]);
  EXPECT_EQ(first[0].title, "commit 4");
  EXPECT_EQ(first[0].message, "body of 4");
  EXPECT_EQ(first[0].author, "author4");
  EXPECT_EQ(first[0].date, "2023-11-14T22:17:20.000Z");  // 1700000000 + 4 minutes, in UTC
  EXPECT_EQ(first[1].id, ids[3]);
  auto last = list_commits(repo.path(), head, 4, 2);
  ASSERT_EQ(last.size(), 1u);
  EXPECT_EQ(last[0].id, ids[0]);
  EXPECT_EQ(last[0].date, "2023-11-14T22:13:20.000Z");
  EXPECT_TRUE(list_commits(repo.path(), head, 5, 2).empty());
}

TEST(GitHistory, MessagesWithoutBodies) {
  GitTestRepo repo;
  std::string id = repo.commit({{"a", "a"}}, "only a title");
  auto commits = list_commits(repo.path(), id, 0, 10);
  ASSERT_EQ(commits.size(), 1u);
  EXPECT_EQ(commits[0].title, "only a title");
  EXPECT_EQ(commits[0].message, "");
}

TEST(GitHistory, LastCommitTouchingAPath) {
  GitTestRepo repo;
  std::string first = repo.commit({{"a.txt", "a"}, {"sub/b.txt", "b"}}, "first");
  std::string second = repo.commit({{"a.txt", "changed"}, {"sub/b.txt", "b"}}, "second");
  EXPECT_EQ(last_commit_touching(repo.path(), second, "a.txt")->id, second);
  EXPECT_EQ(last_commit_touching(repo.path(), second, "sub")->id, first);
  EXPECT_EQ(last_commit_touching(repo.path(), second, "sub/b.txt")->title, "first");
  EXPECT_EQ(last_commit_touching(repo.path(), second, "")->id, second);
  EXPECT_EQ(last_commit_touching(repo.path(), second, "missing"), std::nullopt);
  // A pathspec's magic is not read: ":(glob)*" is a name nobody committed.
  EXPECT_EQ(last_commit_touching(repo.path(), second, ":(glob)*"), std::nullopt);
}

TEST(GitHistory, OnlyCommitIdsReachGit) {
  GitTestRepo repo;
  repo.commit({{"a", "a"}}, "first");
  EXPECT_THROW(list_commits(repo.path(), "--all", 0, 10), InvalidArgumentError);
  EXPECT_THROW(list_commits(repo.path(), "main", 0, 10), InvalidArgumentError);
  EXPECT_THROW(count_commits(repo.path(), "--output=/tmp/x"), InvalidArgumentError);
}

}  // namespace
}  // namespace berth::spaces
