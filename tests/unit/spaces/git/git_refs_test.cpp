// Resolving revisions and changing branches and tags in a real bare repository.
#include "spaces/git/git_refs.hpp"

#include <gtest/gtest.h>

#include "base/error.hpp"
#include "support/git_test_repo.hpp"

namespace berth::spaces {
namespace {

using berth::testing::GitTestRepo;

TEST(GitRefs, ResolvesBranchesTagsAndCommitIds) {
  GitTestRepo repo;
  EXPECT_EQ(resolve_revision(repo.path(), "main"), std::nullopt);  // empty repository
  EXPECT_EQ(default_branch_head(repo.path()), std::nullopt);
  std::string first = repo.commit({{"a.txt", "a"}}, "first");
  std::string second = repo.commit({{"a.txt", "b"}}, "second");
  EXPECT_EQ(resolve_revision(repo.path(), "main"), second);
  EXPECT_EQ(resolve_revision(repo.path(), "HEAD"), second);
  EXPECT_EQ(resolve_revision(repo.path(), "refs/heads/main"), second);
  EXPECT_EQ(resolve_revision(repo.path(), first), first);
  EXPECT_EQ(resolve_revision(repo.path(), first.substr(0, 12)), first);
  EXPECT_EQ(resolve_revision(repo.path(), "nope"), std::nullopt);
  EXPECT_EQ(resolve_revision(repo.path(), std::string(40, 'e')), std::nullopt);
  // A tree's id is no commit.
  std::string tree = repo.git({"rev-parse", "main^{tree}"});
  EXPECT_EQ(resolve_revision(repo.path(), tree.substr(0, 40)), std::nullopt);
  EXPECT_EQ(default_branch_head(repo.path()), second);
  EXPECT_EQ(branch_head(repo.path(), "main"), second);
}

TEST(GitRefs, HostileRevisionsResolveToNothing) {
  GitTestRepo repo;
  repo.commit({{"a.txt", "a"}}, "first");
  for (std::string_view revision : {"--upload-pack=touch /tmp/berth-pwned", "--all", "-h", "main~0",
                                    "main^{tree}", "HEAD:a.txt", "@{0}", ":/first"}) {
    EXPECT_EQ(resolve_revision(repo.path(), revision), std::nullopt) << revision;
  }
  EXPECT_EQ(branch_head(repo.path(), "../../config"), std::nullopt);
}

TEST(GitRefs, BranchHeadReadsPackedRefs) {
  GitTestRepo repo;
  std::string id = repo.commit({{"a.txt", "a"}}, "first");
  repo.git({"pack-refs", "--all"});
  ASSERT_FALSE(std::filesystem::exists(repo.path() / "refs/heads/main"));
  EXPECT_EQ(branch_head(repo.path(), "main"), id);
  EXPECT_EQ(branch_head(repo.path(), "mai"), std::nullopt);
}

TEST(GitRefs, BranchesPreferredOverTagsOfTheSameName) {
  GitTestRepo repo;
  std::string first = repo.commit({{"a.txt", "a"}}, "first");
  std::string second = repo.commit({{"a.txt", "b"}}, "second");
  create_tag(repo.path(), "same", first, std::nullopt, {"t", "t@example.com"});
  create_branch(repo.path(), "same", second);
  EXPECT_EQ(resolve_revision(repo.path(), "same"), second);
  EXPECT_EQ(resolve_revision(repo.path(), "refs/tags/same"), first);
}

TEST(GitRefs, CreateListAndDeleteBranches) {
  GitTestRepo repo;
  std::string id = repo.commit({{"a.txt", "a"}}, "first");
  create_branch(repo.path(), "dev", id);
  create_branch(repo.path(), "feature/x", id);
  EXPECT_THROW(create_branch(repo.path(), "dev", id), ConflictError);
  // "feature" would be a directory and a file at once.
  EXPECT_THROW(create_branch(repo.path(), "feature", id), ConflictError);
  EXPECT_THROW(create_branch(repo.path(), "--force", id), InvalidArgumentError);
  EXPECT_THROW(create_branch(repo.path(), "ok", "main"), InvalidArgumentError);
  auto refs = list_refs(repo.path());
  ASSERT_EQ(refs.branches.size(), 3u);
  EXPECT_EQ(refs.branches[0].name, "dev");
  EXPECT_EQ(refs.branches[0].ref, "refs/heads/dev");
  EXPECT_EQ(refs.branches[0].target_commit, id);
  EXPECT_EQ(refs.branches[1].name, "feature/x");
  EXPECT_EQ(refs.branches[2].name, "main");
  EXPECT_TRUE(refs.tags.empty());
  delete_branch(repo.path(), "dev");
  EXPECT_THROW(delete_branch(repo.path(), "dev"), NotFoundError);
  EXPECT_THROW(delete_branch(repo.path(), "../HEAD"), NotFoundError);
  EXPECT_EQ(list_refs(repo.path()).branches.size(), 2u);
}

TEST(GitRefs, LightweightAndAnnotatedTags) {
  GitTestRepo repo;
  std::string id = repo.commit({{"a.txt", "a"}}, "first");
  create_tag(repo.path(), "v1", id, std::nullopt, {"carol", "carol@example.com"});
  create_tag(repo.path(), "v2", id, "# release notes\nline two", {"carol", "carol@example.com"});
  EXPECT_THROW(create_tag(repo.path(), "v1", id, std::nullopt, {"c", "c@e"}), ConflictError);
  EXPECT_THROW(create_tag(repo.path(), "v2", id, "again", {"c", "c@e"}), ConflictError);
  EXPECT_THROW(create_tag(repo.path(), "-d", id, "x", {"c", "c@e"}), InvalidArgumentError);
  EXPECT_THROW(create_tag(repo.path(), "v3", id, std::string("a\0b", 3), {"c", "c@e"}),
               InvalidArgumentError);
  auto refs = list_refs(repo.path());
  ASSERT_EQ(refs.tags.size(), 2u);
  EXPECT_EQ(refs.tags[0].target_commit, id);
  EXPECT_EQ(refs.tags[1].name, "v2");
  EXPECT_EQ(refs.tags[1].target_commit, id);  // the annotated tag, peeled
  EXPECT_EQ(repo.git({"cat-file", "-t", "refs/tags/v2"}), "tag\n");
  std::string tag = repo.git({"cat-file", "tag", "refs/tags/v2"});
  EXPECT_NE(tag.find("tagger carol <carol@example.com>"), std::string::npos) << tag;
  EXPECT_NE(tag.find("# release notes\nline two"), std::string::npos) << tag;  // verbatim
  EXPECT_EQ(resolve_revision(repo.path(), "v2"), id);
  delete_tag(repo.path(), "v2");
  EXPECT_THROW(delete_tag(repo.path(), "v2"), NotFoundError);
}

}  // namespace
}  // namespace berth::spaces
