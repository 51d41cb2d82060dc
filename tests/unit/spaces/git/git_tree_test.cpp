// Reading trees of a real bare repository: entries, pages, LFS pointers, hostile paths.
#include "spaces/git/git_tree.hpp"

#include <gtest/gtest.h>

#include "base/error.hpp"
#include "support/git_test_repo.hpp"

namespace berth::spaces {
namespace {

using berth::testing::GitTestRepo;

constexpr std::string_view kLfsOid =
    "4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393";

std::string lfs_pointer() {
  return "version https://git-lfs.github.com/spec/v1\noid sha256:" + std::string(kLfsOid) +
         "\nsize 5000000\n";
}

std::vector<std::string> paths_of(const std::vector<TreeEntry>& entries) {
  std::vector<std::string> out;
  for (const auto& e : entries) out.push_back((e.is_directory() ? "d:" : "f:") + e.path);
  return out;
}

class GitTreeTest : public ::testing::Test {
 protected:
  GitTestRepo repo;
  std::string commit = repo.commit({{"README.md", "# hi\n"},
                                    {"app.py", "print(1)\n"},
                                    {"sub/dir/deep.txt", "deep"},
                                    {"sub/file.txt", "file"},
                                    {"model.bin", lfs_pointer()},
                                    {"-rf", "dash"},
                                    {":(glob)*", "magic"}},
                                   "files");
};

TEST_F(GitTreeTest, FindsEntriesByExactPath) {
  auto readme = find_tree_entry(repo.path(), commit, "README.md");
  ASSERT_TRUE(readme);
  EXPECT_EQ(readme->type, TreeEntry::Type::kFile);
  EXPECT_EQ(readme->size, 5u);
  EXPECT_EQ(readme->oid, repo.git({"rev-parse", commit + ":README.md"}).substr(0, 40));
  auto sub = find_tree_entry(repo.path(), commit, "sub/dir");
  ASSERT_TRUE(sub);
  EXPECT_TRUE(sub->is_directory());
  EXPECT_EQ(sub->path, "sub/dir");
  auto root = find_tree_entry(repo.path(), commit, "");
  ASSERT_TRUE(root);
  EXPECT_TRUE(root->is_directory());
  // Names that look like options or pathspec magic are names.
  EXPECT_TRUE(find_tree_entry(repo.path(), commit, "-rf"));
  auto magic = find_tree_entry(repo.path(), commit, ":(glob)*");
  ASSERT_TRUE(magic);
  EXPECT_EQ(magic->size, 5u);
  EXPECT_FALSE(find_tree_entry(repo.path(), commit, "*"));
  EXPECT_FALSE(find_tree_entry(repo.path(), commit, "sub/*"));
  EXPECT_FALSE(find_tree_entry(repo.path(), commit, "missing"));
  EXPECT_FALSE(find_tree_entry(repo.path(), commit, "README.md/x"));
}

TEST_F(GitTreeTest, ReadsAFileAndItsEntryWithOneGit) {
  auto readme = read_tree_file(repo.path(), commit, "README.md", 1024);
  ASSERT_TRUE(readme);
  EXPECT_EQ(readme->entry.type, TreeEntry::Type::kFile);
  EXPECT_EQ(readme->entry.size, 5u);
  EXPECT_FALSE(readme->entry.is_symlink);
  EXPECT_EQ(readme->entry.oid, repo.git({"rev-parse", commit + ":README.md"}).substr(0, 40));
  EXPECT_EQ(readme->content, "# hi\n");
  auto deep = read_tree_file(repo.path(), commit, "sub/dir/deep.txt", 1024);
  ASSERT_TRUE(deep);
  EXPECT_EQ(deep->content, "deep");
  EXPECT_EQ(deep->entry.path, "sub/dir/deep.txt");
  // Over the limit: the entry, without the content.
  auto big = read_tree_file(repo.path(), commit, "app.py", 3);
  ASSERT_TRUE(big);
  EXPECT_EQ(big->entry.size, 9u);
  EXPECT_FALSE(big->content);
  auto dir = read_tree_file(repo.path(), commit, "sub/dir", 1024);
  ASSERT_TRUE(dir);
  EXPECT_TRUE(dir->entry.is_directory());
  EXPECT_FALSE(dir->content);
  // Names that look like options or pathspec magic are names.
  auto dash = read_tree_file(repo.path(), commit, "-rf", 1024);
  ASSERT_TRUE(dash);
  EXPECT_EQ(dash->content, "dash");
  auto magic = read_tree_file(repo.path(), commit, ":(glob)*", 1024);
  ASSERT_TRUE(magic);
  EXPECT_EQ(magic->content, "magic");
  EXPECT_FALSE(read_tree_file(repo.path(), commit, "missing", 1024));
  EXPECT_FALSE(read_tree_file(repo.path(), commit, "sub/missing", 1024));
  EXPECT_FALSE(read_tree_file(repo.path(), commit, "nodir/file", 1024));
  EXPECT_FALSE(read_tree_file(repo.path(), commit, "README.md/x", 1024));
}

TEST_F(GitTreeTest, ListsDirectoriesFlatAndRecursive) {
  auto root = list_tree(repo.path(), commit, {.directory = ""});
  EXPECT_EQ(paths_of(root.entries), (std::vector<std::string>{"f:-rf", "f::(glob)*", "f:README.md",
                                                              "f:app.py", "f:model.bin", "d:sub"}));
  EXPECT_FALSE(root.more);
  auto sub = list_tree(repo.path(), commit, {.directory = "sub", .recursive = true});
  EXPECT_EQ(paths_of(sub.entries),
            (std::vector<std::string>{"d:sub/dir", "f:sub/dir/deep.txt", "f:sub/file.txt"}));
  auto files =
      list_tree(repo.path(), commit, {.directory = "", .recursive = true, .files_only = true});
  EXPECT_EQ(files.entries.size(), 7u);
  EXPECT_THROW(list_tree(repo.path(), commit, {.directory = "README.md"}), NotFoundError);
  EXPECT_THROW(list_tree(repo.path(), commit, {.directory = "nope"}), NotFoundError);
}

TEST_F(GitTreeTest, PagesThroughALargeListing) {
  std::map<std::string, std::string> files;
  for (int i = 0; i < 250; ++i) files["many/f" + std::to_string(1000 + i)] = std::to_string(i);
  std::string big = repo.commit(files, "many");
  std::vector<std::string> seen;
  uint64_t offset = 0;
  int pages = 0;
  while (true) {
    auto page = list_tree(repo.path(), big, {.directory = "many", .offset = offset, .limit = 100});
    for (const auto& e : page.entries) seen.push_back(e.path);
    offset += page.entries.size();
    ++pages;
    if (!page.more) break;
  }
  EXPECT_EQ(pages, 3);
  ASSERT_EQ(seen.size(), 250u);
  EXPECT_EQ(seen.front(), "many/f1000");
  EXPECT_EQ(seen.back(), "many/f1249");
  // Exactly a page's worth: no further page announced.
  auto exact = list_tree(repo.path(), big, {.directory = "many", .offset = 150, .limit = 100});
  EXPECT_EQ(exact.entries.size(), 100u);
  EXPECT_FALSE(exact.more);
}

TEST_F(GitTreeTest, ReadsLfsPointers) {
  auto page = list_tree(repo.path(), commit, {.directory = "", .recursive = true});
  read_lfs_pointers(repo.path(), page.entries);
  int pointers = 0;
  for (const auto& e : page.entries) {
    if (!e.lfs) continue;
    ++pointers;
    EXPECT_EQ(e.path, "model.bin");
    EXPECT_EQ(e.lfs->oid, kLfsOid);
    EXPECT_EQ(e.lfs->size, 5000000u);
    EXPECT_EQ(e.size, lfs_pointer().size());
  }
  EXPECT_EQ(pointers, 1);
}

TEST_F(GitTreeTest, FindsSeveralEntriesAtOnce) {
  auto entries =
      find_tree_entries(repo.path(), commit, {"README.md", "sub/dir", "missing", "-rf", "*"});
  EXPECT_EQ(paths_of(entries), (std::vector<std::string>{"f:-rf", "f:README.md", "d:sub/dir"}));
}

}  // namespace
}  // namespace berth::spaces
