#include "spaces/space_duplicate.hpp"

#include <gtest/gtest.h>

#include "base/error.hpp"
#include "base/fs.hpp"
#include "spaces/git/git_command.hpp"
#include "spaces/git/git_repository.hpp"
#include "spaces/lfs_object_store.hpp"
#include "spaces/space_settings.hpp"

// A namespace of its own: the unity build joins this directory's tests into one file.
namespace berth::spaces::space_duplicate_test {
namespace {

namespace fs = std::filesystem;

// A file with its directories made.
void put(const fs::path& path, std::string_view content) {
  fs::create_directories(path.parent_path());
  write_file_atomic(path, content, 0644);
}

const std::string kOid(64, 'a');

// A commit of `files` pushed to the bare repository's `branch`, as a client's push leaves it.
std::string push_commit(const fs::path& bare, const fs::path& work,
                        const std::map<std::string, std::string>& files,
                        const std::string& branch = "main") {
  const std::vector<std::string> identity = {"GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@example.test",
                                             "GIT_COMMITTER_NAME=t",
                                             "GIT_COMMITTER_EMAIL=t@example.test"};
  run_git_checked({.args = {"init", "--quiet", work.string()}}, "init");
  for (const auto& [name, content] : files) put(work / name, content);
  run_git_checked({.args = {"-C", work.string(), "add", "-A"}}, "add");
  run_git_checked(
      {.args = {"-C", work.string(), "commit", "--quiet", "-m", "files"}, .environment = identity},
      "commit");
  run_git_checked({.args = {"-C", work.string(), "push", "--quiet", bare.string(),
                            "HEAD:refs/heads/" + branch}},
                  "push");
  return *resolve_ref(bare, "refs/heads/" + branch);
}

class SpaceDuplicateTest : public ::testing::Test {
 protected:
  SpaceDuplicateTest() : db(root.path()) {
    db.with([](SpaceStore&, UserStore& u) {
      u.create_user("alice");
      u.create_user("bob");
      return 0;
    });
    source = create_space(db, spaces_dir(), {.owner = "alice", .name = "demo"});
    db.with([&](SpaceStore& s, UserStore&) {
      s.set_variable(source.id, "GREETING", "hi", "how it says hello");
      s.set_variable(source.id, "MODEL", "small");
      s.set_secret(source.id, "API_KEY", "alice-only");
      return 0;
    });
    commit = push_commit(repository_of(spaces_dir(), source), root.path() / "work",
                         {{"Dockerfile", "FROM scratch\n"}, {"README.md", "# demo\n"}});
  }

  fs::path spaces_dir() const { return root.path() / "spaces"; }
  SpaceDuplicateRequest request_for_bob(std::string name = "copy") {
    SpaceDuplicateRequest request;
    request.source_id = "alice/demo";
    request.target.owner = "bob";
    request.target.name = std::move(name);
    return request;
  }
  size_t space_count() {
    return db.with([](SpaceStore& s, UserStore&) { return s.list().size(); });
  }

  TempDir root;
  SpacesDatabase db;
  SpaceRecord source;
  std::string commit;
};

TEST_F(SpaceDuplicateTest, CopiesHistoryFilesAndVariablesButOnlyTheGivenSecrets) {
  auto request = request_for_bob();
  request.target.is_private = true;
  request.target.hardware = "cpu-upgrade";
  request.target.variables = {{"MODEL", "large"}};
  request.target.secrets = {{"TOKEN", "bob-s"}};
  auto copy = duplicate_space(db, spaces_dir(), request);

  EXPECT_EQ(copy.id, "bob/copy");
  EXPECT_EQ(copy.subdomain, "bob-copy");
  EXPECT_TRUE(copy.is_private);
  EXPECT_EQ(copy.hardware, "cpu-upgrade");
  auto repo = repository_of(spaces_dir(), copy);
  EXPECT_EQ(resolve_ref(repo, "refs/heads/main"), commit);
  EXPECT_EQ(read_file(repo / "HEAD"), "ref: refs/heads/main\n");
  TempDir files;
  export_tree(repo, commit, files.path() / "out");
  EXPECT_EQ(read_file(files.path() / "out" / "Dockerfile"), "FROM scratch\n");

  auto variables = db.with([&](SpaceStore& s, UserStore&) { return s.variables(copy.id); });
  ASSERT_EQ(variables.size(), 2u);
  EXPECT_EQ(variables[0].key, "GREETING");
  EXPECT_EQ(variables[0].value, "hi");
  EXPECT_EQ(variables[0].description, "how it says hello");
  EXPECT_EQ(variables[1].key, "MODEL");
  EXPECT_EQ(variables[1].value, "large");  // the request's wins
  auto secrets = db.with([&](SpaceStore& s, UserStore&) { return s.secret_values(copy.id); });
  EXPECT_EQ(secrets, (std::map<std::string, std::string>{{"TOKEN", "bob-s"}}));
  // The source is as it was.
  auto source_secrets =
      db.with([&](SpaceStore& s, UserStore&) { return s.secret_values("alice/demo"); });
  EXPECT_EQ(source_secrets.size(), 1u);
}

TEST_F(SpaceDuplicateTest, KeepsTheDefaultBranchAndTagsOfTheSource) {
  auto other = create_space(db, spaces_dir(), {.owner = "alice", .name = "old"});
  auto old_repo = repository_of(spaces_dir(), other);
  std::string master = push_commit(old_repo, root.path() / "work-old", {{"a.txt", "a"}}, "master");
  run_git_checked(
      {.args = {"--git-dir=" + old_repo.string(), "symbolic-ref", "HEAD", "refs/heads/master"}},
      "HEAD");
  run_git_checked({.args = {"--git-dir=" + old_repo.string(), "tag", "v1", master}}, "tag");
  auto request = request_for_bob("old");
  request.source_id = "alice/old";
  auto copy = duplicate_space(db, spaces_dir(), request);
  auto repo = repository_of(spaces_dir(), copy);
  EXPECT_EQ(resolve_ref(repo, "refs/heads/master"), master);
  EXPECT_EQ(resolve_ref(repo, "refs/tags/v1"), master);
  EXPECT_EQ(read_file(repo / "HEAD"), "ref: refs/heads/master\n");
}

TEST_F(SpaceDuplicateTest, AnEmptySourceGivesAnEmptySpace) {
  create_space(db, spaces_dir(), {.owner = "alice", .name = "empty"});
  auto request = request_for_bob("empty");
  request.source_id = "alice/empty";
  auto copy = duplicate_space(db, spaces_dir(), request);
  EXPECT_EQ(resolve_ref(repository_of(spaces_dir(), copy), "main"), std::nullopt);
}

TEST_F(SpaceDuplicateTest, LfsObjectsComeAlongAndNothingElseOfTheSpaceDirectory) {
  auto source_dir = spaces_dir() / "alice" / "demo";
  put(lfs_object_path(source_dir, kOid), "big");
  put(source_dir / "lfs" / "objects" / "aa" / "aa" / "not-an-oid", "x");
  put(source_dir / "data" / "private.txt", "alice's data");
  auto link = lfs_object_path(source_dir, std::string(64, 'b'));
  fs::create_directories(link.parent_path());
  fs::create_symlink("/etc/passwd", link);
  auto copy = duplicate_space(db, spaces_dir(), request_for_bob());
  auto copy_dir = spaces_dir() / "bob" / "copy";
  EXPECT_EQ(read_file(lfs_object_path(copy_dir, kOid)), "big");
  EXPECT_FALSE(fs::exists(copy_dir / "lfs" / "objects" / "aa" / "aa" / "not-an-oid"));
  EXPECT_FALSE(fs::exists(fs::symlink_status(lfs_object_path(copy_dir, std::string(64, 'b')))));
  EXPECT_FALSE(fs::exists(copy_dir / "data"));
}

TEST_F(SpaceDuplicateTest, RefusalsLeaveNoSpaceBehind) {
  size_t before = space_count();
  auto bad_key = request_for_bob();
  bad_key.target.variables = {{"1BAD", "v"}};
  EXPECT_THROW(duplicate_space(db, spaces_dir(), bad_key), InvalidArgumentError);
  auto big = request_for_bob();
  big.target.secrets = {{"BIG", std::string(kMaxEntryValueBytes + 1, 'x')}};
  EXPECT_THROW(duplicate_space(db, spaces_dir(), big), InvalidArgumentError);
  auto many = request_for_bob();
  for (size_t i = 0; i < kMaxEntriesPerSpace; ++i) {
    many.target.secrets.emplace_back("S" + std::to_string(i), "v");
  }
  EXPECT_THROW(duplicate_space(db, spaces_dir(), many), InvalidArgumentError);
  auto gpu = request_for_bob();
  gpu.target.hardware = "no-such-flavor";
  EXPECT_THROW(duplicate_space(db, spaces_dir(), gpu), InvalidArgumentError);
  auto both = request_for_bob();
  both.target.variables = {{"K", "v"}};
  both.target.secrets = {{"K", "s"}};
  EXPECT_THROW(duplicate_space(db, spaces_dir(), both), ConflictError);
  auto exists = request_for_bob();
  exists.target.owner = "alice";
  exists.target.name = "DEMO";
  EXPECT_THROW(duplicate_space(db, spaces_dir(), exists), SpaceExistsError);
  auto missing = request_for_bob();
  missing.source_id = "alice/none";
  EXPECT_THROW(duplicate_space(db, spaces_dir(), missing), NotFoundError);
  EXPECT_EQ(space_count(), before);
  EXPECT_FALSE(fs::exists(spaces_dir() / "bob" / "copy"));
}

TEST_F(SpaceDuplicateTest, AFailedCopyRemovesTheNewSpace) {
  // The source's repository is not one any more: git fails, and the new Space goes again.
  fs::remove_all(repository_of(spaces_dir(), source));
  fs::create_directories(repository_of(spaces_dir(), source));
  EXPECT_THROW(duplicate_space(db, spaces_dir(), request_for_bob()), Error);
  EXPECT_EQ(db.with([](SpaceStore& s, UserStore&) { return s.find("bob/copy"); }), std::nullopt);
  EXPECT_FALSE(fs::exists(spaces_dir() / "bob" / "copy"));
}

}  // namespace
}  // namespace berth::spaces::space_duplicate_test
