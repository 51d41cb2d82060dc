#include "spaces/commit/preupload_rules.hpp"

#include <gtest/gtest.h>

#include "base/error.hpp"
#include "spaces/commit/git_patterns.hpp"
#include "spaces/commit/repo_path.hpp"

namespace berth::spaces {
namespace {

UploadMode mode_of(const std::string& path, std::uint64_t size, const std::string& sample = "text",
                   const LfsAttributes& attributes = LfsAttributes()) {
  return upload_mode({path, sample, size}, attributes);
}

TEST(PreuploadRules, TheHubsSizeRule) {
  EXPECT_EQ(mode_of("app.py", 1000), UploadMode::kRegular);
  EXPECT_EQ(mode_of("data.txt", kLfsTextThreshold - 1), UploadMode::kRegular);
  EXPECT_EQ(mode_of("data.txt", kLfsTextThreshold), UploadMode::kLfs);
  std::string binary(
      "\x7f"
      "ELF\0\0\0",
      7);
  EXPECT_TRUE(looks_binary(binary));
  EXPECT_FALSE(looks_binary("plain text\n"));
  EXPECT_EQ(mode_of("small.bin", 4096, binary), UploadMode::kRegular);
  EXPECT_EQ(mode_of("weights.bin", kLfsBinaryThreshold, binary), UploadMode::kLfs);
  // A NUL past the 512-byte sample does not count.
  EXPECT_FALSE(looks_binary(std::string(600, 'a') + '\0'));
  // Empty files are never LFS (the client forces that too).
  LfsAttributes everything("* filter=lfs diff=lfs merge=lfs -text\n");
  EXPECT_EQ(mode_of("empty.bin", 0, "", everything), UploadMode::kRegular);
  EXPECT_EQ(mode_of("tiny.txt", 3, "abc", everything), UploadMode::kLfs);
  EXPECT_EQ(to_string(UploadMode::kLfs), "lfs");
  EXPECT_EQ(to_string(UploadMode::kRegular), "regular");
}

TEST(PreuploadRules, GitattributesPatterns) {
  LfsAttributes attributes(
      "# the Hub's defaults, shortened\n"
      "*.bin filter=lfs diff=lfs merge=lfs -text\n"
      "*.safetensors filter=lfs diff=lfs merge=lfs -text\n"
      "models/** filter=lfs\n"
      "/top.dat filter=lfs\n"
      "docs/*.png filter=lfs\n"
      "keep.bin -filter\n"
      "*.txt text\n"
      "dir/ filter=lfs\n");
  EXPECT_TRUE(attributes.is_lfs("model.bin"));
  EXPECT_TRUE(attributes.is_lfs("deep/in/tree/model.bin"));
  EXPECT_TRUE(attributes.is_lfs("m.safetensors"));
  EXPECT_TRUE(attributes.is_lfs("models/a/b/c.json"));
  EXPECT_TRUE(attributes.is_lfs("top.dat"));
  EXPECT_FALSE(attributes.is_lfs("sub/top.dat"));
  EXPECT_TRUE(attributes.is_lfs("docs/a.png"));
  EXPECT_FALSE(attributes.is_lfs("docs/sub/a.png"));
  EXPECT_FALSE(attributes.is_lfs("keep.bin"));
  EXPECT_FALSE(attributes.is_lfs("notes.txt"));
  EXPECT_FALSE(attributes.is_lfs("dir/file"));  // directory patterns match no file
  EXPECT_FALSE(attributes.is_lfs("model.bin.txt"));
  EXPECT_EQ(mode_of("small.bin", 10, "abc", attributes), UploadMode::kLfs);
}

TEST(PreuploadRules, GlobSyntax) {
  EXPECT_TRUE(glob_matches("*.py", "app.py"));
  EXPECT_FALSE(glob_matches("*.py", "src/app.py"));
  EXPECT_TRUE(glob_matches("src/*.py", "src/app.py"));
  EXPECT_TRUE(glob_matches("**/*.py", "app.py"));
  EXPECT_TRUE(glob_matches("**/*.py", "a/b/app.py"));
  EXPECT_TRUE(glob_matches("a/**/b", "a/b"));
  EXPECT_TRUE(glob_matches("a/**/b", "a/x/y/b"));
  EXPECT_FALSE(glob_matches("a/**/b", "a/x/y/c"));
  EXPECT_TRUE(glob_matches("file?.txt", "file1.txt"));
  EXPECT_FALSE(glob_matches("file?.txt", "file/.txt"));
  EXPECT_TRUE(glob_matches("[a-c]x", "bx"));
  EXPECT_FALSE(glob_matches("[!a-c]x", "bx"));
  EXPECT_TRUE(glob_matches("[!a-c]x", "dx"));
  EXPECT_TRUE(glob_matches("\\*", "*"));
  EXPECT_FALSE(glob_matches("\\*", "a"));
  EXPECT_TRUE(glob_matches("[", "["));  // an unclosed class is a literal
  EXPECT_TRUE(glob_matches("my[[:space:]]file.bin", "my file.bin"));
  EXPECT_FALSE(glob_matches("my[[:space:]]file.bin", "myxfile.bin"));
  EXPECT_TRUE(glob_matches("v[[:digit:]].txt", "v7.txt"));
}

TEST(PreuploadRules, BacktrackingIsBounded) {
  std::string pattern;
  for (int i = 0; i < 30; ++i) pattern += "*a";
  pattern += "b";
  EXPECT_THROW(glob_matches(pattern, std::string(200, 'a'), 100000), InvalidArgumentError);
  // Ordinary patterns stay far below the budget.
  std::string long_name(2000, 'a');
  long_name.append(".bin");
  EXPECT_TRUE(glob_matches("**/*.bin", long_name, 100000));
}

TEST(PreuploadRules, GitignoreRules) {
  IgnoreRules rules(
      "__pycache__/\n"
      "*.log\n"
      "!keep.log\n"
      "/build\n"
      "secret/\n"
      "!secret/ok.txt\n");
  EXPECT_TRUE(rules.is_ignored("__pycache__/x.pyc"));
  EXPECT_TRUE(rules.is_ignored("src/__pycache__/x.pyc"));
  EXPECT_FALSE(rules.is_ignored("__pycache__"));  // a file of that name is not a directory
  EXPECT_TRUE(rules.is_ignored("debug.log"));
  EXPECT_TRUE(rules.is_ignored("logs/debug.log"));
  EXPECT_FALSE(rules.is_ignored("keep.log"));
  EXPECT_TRUE(rules.is_ignored("build"));
  EXPECT_TRUE(rules.is_ignored("build/out.o"));
  EXPECT_FALSE(rules.is_ignored("src/build/out.o"));
  // A file below an ignored directory cannot be re-included.
  EXPECT_TRUE(rules.is_ignored("secret/ok.txt"));
  EXPECT_FALSE(rules.is_ignored("app.py"));
  EXPECT_FALSE(IgnoreRules("").is_ignored("anything"));
}

TEST(RepoPath, WhatARepositoryPathMayBe) {
  EXPECT_EQ(repo_path_problem("app/main.py"), std::nullopt);
  EXPECT_EQ(repo_path_problem(".gitattributes"), std::nullopt);
  EXPECT_EQ(repo_path_problem("a/.github/x"), std::nullopt);
  EXPECT_EQ(repo_path_problem("日本語/ファイル.txt"), std::nullopt);
  for (const std::string& bad :
       std::vector<std::string>{"", "/abs", "a/", "a//b", "./a", "a/./b", "..", "a/..", ".git",
                                ".Git/config", "x/.git/y", "a\\b", std::string("a\0", 2), "a\tb",
                                std::string(kMaxRepoPathBytes + 1, 'a')}) {
    EXPECT_NE(repo_path_problem(bad), std::nullopt) << bad;
  }
  EXPECT_EQ(normalized_folder("logs/"), "logs");
  EXPECT_EQ(normalized_folder("a/b//"), "a/b");
  EXPECT_EQ(normalized_folder("/"), std::nullopt);
  EXPECT_EQ(normalized_folder("../x/"), std::nullopt);
}

TEST(RepoPath, BranchNames) {
  for (const char* good : {"main", "dev", "feature/x", "v1.2", "user_branch-2"}) {
    EXPECT_TRUE(is_valid_branch_name(good)) << good;
  }
  for (const char* bad : {"",        "-x",   "--upload-pack=evil",
                          "a..b",    "a b",  "a~1",
                          "a^",      "a:b",  "a?",
                          "a*",      "a[",   "a\\b",
                          "/a",      "a/",   "a.",
                          "a.lock",  "a//b", "@",
                          "a@{1}",   "HEAD", "refs/heads/main",
                          ".hidden", "x/.y"}) {
    EXPECT_FALSE(is_valid_branch_name(bad)) << bad;
  }
}

}  // namespace
}  // namespace berth::spaces
