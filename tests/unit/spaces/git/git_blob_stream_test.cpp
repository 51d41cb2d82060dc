// Streaming blobs out of a real bare repository, whole or stopped early.
#include "spaces/git/git_blob_stream.hpp"

#include <gtest/gtest.h>
#include <signal.h>

#include <cerrno>

#include "base/error.hpp"
#include "spaces/git/git_tree.hpp"
#include "support/git_test_repo.hpp"

namespace berth::spaces {
namespace {

using berth::testing::GitTestRepo;

std::string read_all(GitOutputStream& stream) {
  std::string out;
  char buffer[1000];  // smaller than the file: many reads
  while (size_t n = stream.read(buffer, sizeof buffer)) out.append(buffer, n);
  return out;
}

TEST(GitBlobStream, StreamsAFileLargerThanAPipe) {
  GitTestRepo repo;
  std::string content;
  for (int i = 0; content.size() < 300000; ++i) content += std::to_string(i) + "\n";
  std::string commit = repo.commit({{"big.txt", content}}, "big");
  auto entry = find_tree_entry(repo.path(), commit, "big.txt");
  ASSERT_TRUE(entry);
  auto stream = stream_blob(repo.path(), entry->oid);
  EXPECT_EQ(read_all(*stream), content);
  EXPECT_EQ(stream->finish(), 0);
}

TEST(GitBlobStream, StoppingEarlyLeavesNoGitBehind) {
  GitTestRepo repo;
  std::string commit = repo.commit({{"big.txt", std::string(1 << 20, 'x')}}, "big");
  auto entry = find_tree_entry(repo.path(), commit, "big.txt");
  ASSERT_TRUE(entry);
  auto stream = stream_blob(repo.path(), entry->oid);
  char buffer[10];
  ASSERT_EQ(stream->read(buffer, sizeof buffer), sizeof buffer);
  pid_t pid = stream->pid();
  ASSERT_EQ(::kill(pid, 0), 0);  // git waits, blocked on the full pipe
  stream.reset();                // it is killed and reaped
  EXPECT_EQ(::kill(pid, 0), -1);
  EXPECT_EQ(errno, ESRCH);
}

TEST(GitBlobStream, MissingObjectsAndNonIds) {
  GitTestRepo repo;
  repo.commit({{"a", "a"}}, "first");
  auto stream = stream_blob(repo.path(), std::string(40, 'e'));
  EXPECT_EQ(read_all(*stream), "");
  EXPECT_NE(stream->finish(), 0);
  EXPECT_THROW(stream_blob(repo.path(), "HEAD:a"), InvalidArgumentError);
  EXPECT_THROW(stream_blob(repo.path(), "--batch-all-objects"), InvalidArgumentError);
}

}  // namespace
}  // namespace berth::spaces
