#include "spaces/lfs_garbage.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>

#include "base/digest.hpp"
#include "base/fs.hpp"
#include "fakes/spaces/fake_image_builder.hpp"
#include "fakes/spaces/fake_space_runner.hpp"
#include "spaces/commit/lfs_pointer.hpp"
#include "spaces/space_admin.hpp"
#include "spaces/space_deployer.hpp"
#include "spaces/space_duplicate.hpp"
#include "support/git_test_repo.hpp"

// A namespace of its own: the unity build joins this directory's tests into one file.
namespace berth::spaces::lfs_garbage_test {
namespace {

namespace fs = std::filesystem;
using Clock = fs::file_time_type::clock;

// An object's content and the pointer a commit keeps for it.
struct Object {
  explicit Object(std::string text)
      : content(std::move(text)), oid(Digest::sha256_of(content).hex()) {}
  std::string pointer() const { return format_lfs_pointer({oid, content.size()}); }
  std::string content;
  std::string oid;
};

void age(const LfsObjectStore& store, const Object& object, std::chrono::hours by) {
  fs::last_write_time(store.path_of(object.oid), Clock::now() - by);
}

TEST(LfsGarbage, EveryRefsHistoryCountsAndOnlyPointersAreRead) {
  berth::testing::GitTestRepo repo;
  Object on_main("main"), removed_later("removed later"), on_dev("dev"), tagged("tagged");
  repo.commit({{"w.bin", on_main.pointer()}, {"old.bin", removed_later.pointer()}}, "one");
  repo.commit({{"w.bin", on_main.pointer()},
               // Not pointers: a large file, and one that only looks like one.
               {"big.txt", std::string(4096, 'x') + on_dev.pointer()},
               {"fake.txt", "version https://git-lfs.github.com/spec/v1\noid sha256:" +
                                std::string(64, 'z') + "\nsize 3\n"}},
              "two");
  repo.commit({{"d.bin", on_dev.pointer()}}, "dev", "dev");
  std::string tagged_commit = repo.commit({{"t.bin", tagged.pointer()}}, "to tag", "release");
  repo.git({"tag", "v1", tagged_commit});
  repo.git({"branch", "-D", "release"});  // reachable from the tag only

  EXPECT_EQ(referenced_lfs_oids(repo.path()),
            (std::set<std::string>{on_main.oid, removed_later.oid, on_dev.oid, tagged.oid}));
}

TEST(LfsGarbage, UnreferencedObjectsGoOnlyAfterTheirGrace) {
  TempDir dir;
  LfsObjectStore store(dir.path());
  Object referenced("in a commit"), stale("never committed"), fresh("just uploaded");
  for (const auto* o : {&referenced, &stale, &fresh}) store.put(o->oid, o->content);
  age(store, referenced, std::chrono::hours(100));
  age(store, stale, std::chrono::hours(2));

  auto report = remove_unreferenced_lfs_objects(store, {referenced.oid});
  EXPECT_EQ(report.removed, 1u);
  EXPECT_EQ(report.freed_bytes, stale.content.size());
  EXPECT_EQ(report.kept, 2u);
  EXPECT_TRUE(store.contains(referenced.oid, referenced.content.size()));
  EXPECT_FALSE(store.size_of(stale.oid));
  EXPECT_TRUE(store.contains(fresh.oid, fresh.content.size())) << "its commit may still come";
  EXPECT_EQ(store.used_bytes(), referenced.content.size() + fresh.content.size());
}

TEST(LfsGarbage, AbandonedWritesGoAndStrangersStay) {
  TempDir dir;
  LfsObjectStore store(dir.path());
  auto shard = store.objects_dir() / "ab" / "cd";
  fs::create_directories(shard);
  write_file_atomic(shard / ".tmp-abandoned", "half", 0644);
  write_file_atomic(shard / ".tmp-in-flight", "half", 0644);
  write_file_atomic(shard / "notes.txt", "not an object", 0644);
  // A file under an oid's name in the wrong place is no object either.
  write_file_atomic(shard / std::string(64, 'e'), "misplaced", 0644);
  for (const auto* name : {".tmp-abandoned", "notes.txt"}) {
    fs::last_write_time(shard / name, Clock::now() - std::chrono::hours(3));
  }
  fs::last_write_time(shard / std::string(64, 'e'), Clock::now() - std::chrono::hours(3));

  auto report = remove_unreferenced_lfs_objects(store, {});
  EXPECT_EQ(report.removed, 1u);
  EXPECT_FALSE(fs::exists(shard / ".tmp-abandoned"));
  EXPECT_TRUE(fs::exists(shard / ".tmp-in-flight")) << "a write still going on";
  EXPECT_TRUE(fs::exists(shard / "notes.txt"));
  EXPECT_TRUE(fs::exists(shard / std::string(64, 'e')));
  EXPECT_EQ(store.used_bytes(), 0u);
}

TEST(LfsGarbage, ASpaceWithoutObjectsIsLeftAlone) {
  berth::testing::GitTestRepo repo;
  repo.commit({{"a.txt", "a"}}, "one");
  auto report = collect_lfs_garbage(repo.path(), Clock::now() + std::chrono::hours(10));
  EXPECT_EQ(report.removed + report.kept, 0u);
}

class LfsGarbageSpacesTest : public ::testing::Test {
 protected:
  LfsGarbageSpacesTest() : db(root.path()) {
    db.with([](SpaceStore&, UserStore& u) {
      u.create_user("alice");
      u.create_user("bob");
      return 0;
    });
    DeployerOptions options;
    options.spaces_dir = spaces_dir();
    options.domain = "example.test";
    options.machine = MachineFacts{4, int64_t{8} << 30, false};
    deployer = std::make_unique<SpaceDeployer>(db, builder, runner, routes, options);
  }
  fs::path spaces_dir() const { return root.path() / "spaces"; }
  // Pushes a commit of `files` to the Space's repository.
  void push(const SpaceRecord& space, const std::map<std::string, std::string>& files) {
    work.commit(files, "files");
    work.git(
        {"push", "--quiet", "--force", repository_of(spaces_dir(), space).string(), "main:main"});
  }
  LfsObjectStore store_of(const SpaceRecord& space) {
    return lfs_store_of_repository(repository_of(spaces_dir(), space));
  }

  TempDir root;
  SpacesDatabase db;
  FakeImageBuilder builder;
  FakeSpaceRunner runner;
  RouteTable routes;
  std::unique_ptr<SpaceDeployer> deployer;
  berth::testing::GitTestRepo work;
};

TEST_F(LfsGarbageSpacesTest, AnObjectSharedByTwoSpacesSurvivesTheDeletionOfOne) {
  auto source = create_space(db, spaces_dir(), {.owner = "alice", .name = "demo"});
  Object shared("weights shared by both"), own("alice's alone");
  push(source, {{"w.bin", shared.pointer()}, {"own.bin", own.pointer()}});
  store_of(source).put(shared.oid, shared.content);
  store_of(source).put(own.oid, own.content);
  SpaceDuplicateRequest request;
  request.source_id = source.id;
  request.target.owner = "bob";
  request.target.name = "copy";
  auto copy = duplicate_space(db, spaces_dir(), request);
  // Bob's Space moves on without `own`: only `shared` is still his.
  push(copy, {{"w.bin", shared.pointer()}});

  delete_space(db, *deployer, source.id);
  EXPECT_FALSE(fs::exists(repository_of(spaces_dir(), source).parent_path()))
      << "a deleted Space's objects go with it";
  auto bob = store_of(copy);
  ASSERT_TRUE(bob.contains(shared.oid, shared.content.size()));
  EXPECT_EQ(read_file(bob.path_of(shared.oid)), shared.content);

  // Long after: the object his commits name stays; alice's, which his history also names (the
  // duplicate kept it), stays too, until nothing reachable names it.
  auto later = Clock::now() + std::chrono::hours(24);
  auto report = collect_lfs_garbage(repository_of(spaces_dir(), copy), later);
  EXPECT_EQ(report.removed, 0u);
  EXPECT_TRUE(bob.contains(shared.oid, shared.content.size()));
  EXPECT_TRUE(bob.contains(own.oid, own.content.size())) << "still in bob's history";
}

TEST_F(LfsGarbageSpacesTest, ObjectsOnlyAnOverwrittenHistoryNamedGo) {
  auto space = create_space(db, spaces_dir(), {.owner = "alice", .name = "demo"});
  Object kept("kept"), dropped("dropped by a force push");
  push(space, {{"a.bin", dropped.pointer()}});
  auto store = store_of(space);
  store.put(kept.oid, kept.content);
  store.put(dropped.oid, dropped.content);
  // A history without `dropped`: a fresh branch pushed over main.
  berth::testing::GitTestRepo other;
  other.commit({{"k.bin", kept.pointer()}}, "rewritten");
  other.git(
      {"push", "--quiet", "--force", repository_of(spaces_dir(), space).string(), "main:main"});

  auto report =
      collect_lfs_garbage(repository_of(spaces_dir(), space), Clock::now() + std::chrono::hours(2));
  EXPECT_EQ(report.removed, 1u);
  EXPECT_EQ(report.kept, 1u);
  EXPECT_FALSE(store.size_of(dropped.oid));
  EXPECT_TRUE(store.contains(kept.oid, kept.content.size()));
}

}  // namespace
}  // namespace berth::spaces::lfs_garbage_test
