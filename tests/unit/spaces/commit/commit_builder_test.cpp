// The commit builder against the real git CLI, on a bare repository laid out as a Space's
// (<space dir>/repo.git beside <space dir>/lfs).
#include "spaces/commit/commit_builder.hpp"

#include <gtest/gtest.h>

#include <mutex>
#include <thread>

#include "base/digest.hpp"
#include "base/fs.hpp"
#include "spaces/commit/git_patterns.hpp"
#include "spaces/commit/git_tree.hpp"
#include "spaces/commit/lfs_pointer.hpp"
#include "spaces/git/git_repository.hpp"

namespace berth::spaces {
namespace {

class CommitBuilderTest : public ::testing::Test {
 protected:
  void SetUp() override { init_bare_repository(repo_, "main"); }

  CommitOutcome commit(std::vector<CommitOperation> operations,
                       std::optional<std::string> parent = std::nullopt,
                       const std::string& branch = "main") {
    CommitRequest request;
    request.branch = branch;
    request.payload.header = {"Upload", "", parent};
    request.payload.operations = std::move(operations);
    request.author = {"alice", "alice@users.noreply.localhost"};
    return commit_to_branch(repo_, request, store_);
  }

  std::map<std::string, std::string> files_at(const std::string& commit_id) {
    std::map<std::string, std::string> out;
    std::vector<std::string> ids;
    auto entries = list_tree(repo_, commit_id);
    for (const auto& e : entries) ids.push_back(e.object);
    auto blobs = read_blobs(repo_, ids);
    for (const auto& e : entries) out[e.path] = blobs[e.object];
    return out;
  }

  std::optional<std::string> head() { return resolve_ref(repo_, "refs/heads/main"); }

  TempDir dir_;
  std::filesystem::path repo_ = dir_.path() / "repo.git";
  LfsObjectStore store_{dir_.path()};
};

TEST_F(CommitBuilderTest, FirstCommitThenChanges) {
  auto first = commit({AddFile{"README.md", "hello\n"}, AddFile{"app/main.py", "print(1)\n"},
                       AddFile{"app/util.py", "x = 1\n"}, AddFile{"logs/a.log", "a"}});
  EXPECT_EQ(first.previous, std::nullopt);
  EXPECT_EQ(head(), first.commit);
  EXPECT_EQ(files_at(first.commit).size(), 4u);

  auto second = commit({DeleteFile{"app/util.py"}, DeleteFolder{"logs"},
                        CopyFile{"app/copy.py", "app/main.py"}, AddFile{"README.md", "v2\n"}},
                       first.commit);
  EXPECT_EQ(second.previous, first.commit);
  auto files = files_at(second.commit);
  EXPECT_EQ(files, (std::map<std::string, std::string>{{"README.md", "v2\n"},
                                                       {"app/copy.py", "print(1)\n"},
                                                       {"app/main.py", "print(1)\n"}}));
  // A real commit: parent, author, message.
  std::string log = run_git_checked(
      {.args = {git_dir_option(repo_), "log", "-1", "--format=%P|%an <%ae>|%cn|%s", second.commit}},
      "log");
  EXPECT_EQ(log, first.commit + "|alice <alice@users.noreply.localhost>|alice|Upload\n");
}

TEST_F(CommitBuilderTest, LfsFilesNeedTheirObjectInThisSpace) {
  std::string content(3000, 'z');
  std::string oid = Digest::sha256_of(content).hex();
  EXPECT_THROW(commit({AddFile{"a.txt", "a"}, AddLfsFile{"big.bin", oid, content.size()}}),
               LfsObjectMissing);
  EXPECT_EQ(head(), std::nullopt) << "a refused commit moved the branch";
  store_.put(oid, content);
  // The size must be the object's.
  EXPECT_THROW(commit({AddLfsFile{"big.bin", oid, content.size() + 1}}), LfsObjectMissing);
  auto done = commit(
      {AddLfsFile{"big.bin", oid, content.size()}, AddLfsFile{"copy.bin", oid, std::nullopt}});
  auto files = files_at(done.commit);
  auto pointer = parse_lfs_pointer(files["big.bin"]);
  ASSERT_TRUE(pointer) << files["big.bin"];
  EXPECT_EQ(pointer->oid, oid);
  EXPECT_EQ(pointer->size, content.size());
  EXPECT_EQ(files["copy.bin"], files["big.bin"]);
  // As on the Hub, the LFS files are marked in .gitattributes for git-lfs clones.
  EXPECT_EQ(files[".gitattributes"],
            "big.bin filter=lfs diff=lfs merge=lfs -text\n"
            "copy.bin filter=lfs diff=lfs merge=lfs -text\n");
  // A path already covered is not added again; odd names are escaped.
  std::string more = "more";
  std::string more_oid = Digest::sha256_of(more).hex();
  store_.put(more_oid, more);
  auto again = commit({AddLfsFile{"big.bin", more_oid, more.size()},
                       AddLfsFile{"dir/a b*.bin", more_oid, more.size()}});
  auto attributes = files_at(again.commit)[".gitattributes"];
  EXPECT_EQ(attributes,
            "big.bin filter=lfs diff=lfs merge=lfs -text\n"
            "copy.bin filter=lfs diff=lfs merge=lfs -text\n"
            "dir/a[[:space:]]b\\*.bin filter=lfs diff=lfs merge=lfs -text\n");
  EXPECT_TRUE(LfsAttributes(attributes).is_lfs("dir/a b*.bin"));
  EXPECT_FALSE(LfsAttributes(attributes).is_lfs("dir/a bc.bin"));

  // The deploy's checkout holds the content, not the pointer.
  TempDir out;
  export_tree(repo_, done.commit, out.path() / "ctx");
  EXPECT_EQ(read_file(out.path() / "ctx" / "big.bin"), content);
  EXPECT_EQ(read_file(out.path() / "ctx" / "copy.bin"), content);
}

TEST_F(CommitBuilderTest, CheckoutFailsWhenAPointersObjectIsMissing) {
  std::string other_space_oid = Digest::sha256_of("elsewhere").hex();
  // A pointer pushed with git, whose object never reached this Space.
  auto done = commit({AddFile{"w.bin", format_lfs_pointer({other_space_oid, 9})}});
  TempDir out;
  try {
    export_tree(repo_, done.commit, out.path() / "ctx");
    FAIL() << "exported a pointer whose object is missing";
  } catch (const NotFoundError& e) {
    EXPECT_NE(std::string(e.what()).find("w.bin"), std::string::npos) << e.what();
  }
}

TEST_F(CommitBuilderTest, RefusalsMoveNothing) {
  auto first = commit({AddFile{"a.txt", "a"}, AddFile{"dir/b.txt", "b"}});
  EXPECT_THROW(commit({DeleteFile{"missing.txt"}}), EntryNotFound);
  EXPECT_THROW(commit({DeleteFile{"dir"}}), EntryNotFound);
  EXPECT_THROW(commit({DeleteFolder{"nothing"}}), EntryNotFound);
  EXPECT_THROW(commit({CopyFile{"c.txt", "missing.txt"}}), EntryNotFound);
  EXPECT_THROW(commit({AddFile{"a.txt/inside", "x"}}), InvalidArgumentError);
  EXPECT_THROW(commit({AddFile{"dir", "x"}}), InvalidArgumentError);
  EXPECT_THROW(commit({AddFile{"x", "y"}}, std::string(40, '0')), ParentCommitConflict);
  EXPECT_THROW(commit({AddFile{"x", "y"}}, std::nullopt, "other"), RevisionNotFound);
  EXPECT_EQ(head(), first.commit);
}

TEST_F(CommitBuilderTest, AStaleParentIsAConflictAndOtherCommitsAreKept) {
  auto first = commit({AddFile{"a.txt", "1"}});
  auto second = commit({AddFile{"b.txt", "2"}});  // no parent named: on top of the head
  EXPECT_EQ(second.previous, first.commit);
  EXPECT_THROW(commit({AddFile{"c.txt", "3"}}, first.commit), ParentCommitConflict);
  auto files = files_at(*head());
  EXPECT_EQ(files.size(), 2u);
  EXPECT_EQ(files["a.txt"], "1");
}

TEST_F(CommitBuilderTest, ConcurrentCommitsLoseNothing) {
  commit({AddFile{"base.txt", "0"}});
  // Writers race on main; each commit either lands (its file is in the final tree, whatever
  // landed after it) or is refused as a conflict: never silently overwritten.
  std::mutex mutex;
  std::vector<std::string> landed;
  std::vector<std::thread> writers;
  for (int t = 0; t < 3; ++t) {
    writers.emplace_back([&, t] {
      for (int k = 0; k < 4; ++k) {
        std::string path = "w" + std::to_string(t) + "-" + std::to_string(k) + ".txt";
        try {
          commit({AddFile{path, path}});
          std::lock_guard lock(mutex);
          landed.push_back(path);
        } catch (const ParentCommitConflict&) {
        }
      }
    });
  }
  for (auto& w : writers) w.join();
  auto files = files_at(*head());
  EXPECT_GE(landed.size(), 4u);
  for (const auto& path : landed) EXPECT_EQ(files[path], path) << path << " was lost";
  EXPECT_EQ(files.size(), landed.size() + 1);
}

TEST_F(CommitBuilderTest, ExecutableBitSurvivesAnUpdate) {
  auto first = commit({AddFile{"start.sh", "#!/bin/sh\n"}});
  std::string index = (dir_.path() / "idx").string();
  std::string blob = list_tree(repo_, first.commit).at(0).object;
  run_git_with_input_checked({.args = {git_dir_option(repo_), "update-index", "--index-info"},
                              .environment = {"GIT_INDEX_FILE=" + index}},
                             "100755 " + blob + "\tstart.sh\n", "make start.sh executable");
  std::string tree = last_line(run_git_checked(
      {.args = {git_dir_option(repo_), "write-tree"}, .environment = {"GIT_INDEX_FILE=" + index}},
      "write-tree"));
  std::string exec_commit = last_line(run_git_checked(
      {.args = {git_dir_option(repo_), "commit-tree", tree, "-p", first.commit, "-m", "x"},
       .environment = {"GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@t", "GIT_COMMITTER_NAME=t",
                       "GIT_COMMITTER_EMAIL=t@t"}},
      "commit-tree"));
  run_git_checked({.args = {git_dir_option(repo_), "update-ref", "refs/heads/main", exec_commit}},
                  "update-ref");
  auto updated = commit({AddFile{"start.sh", "#!/bin/sh\necho 2\n"}});
  auto entries = list_tree(repo_, updated.commit);
  ASSERT_EQ(entries.size(), 1u);
  EXPECT_EQ(entries[0].mode, "100755");
}

}  // namespace
}  // namespace berth::spaces
