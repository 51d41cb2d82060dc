#include "build/executor/git_checkout.hpp"

#include <gtest/gtest.h>

#include "base/error.hpp"

namespace berth::build {
namespace {

TEST(GitSource, SplitsUrlRefAndSubdir) {
  auto s = parse_git_source("https://example.com/r.git#v1.2:sub/dir");
  EXPECT_EQ(s.url, "https://example.com/r.git");
  EXPECT_EQ(s.ref, "v1.2");
  EXPECT_EQ(s.subdir, "sub/dir");
  auto plain = parse_git_source("git://example.com/r.git");
  EXPECT_EQ(plain.ref, "");
  EXPECT_EQ(plain.subdir, ".");
  EXPECT_EQ(parse_git_source("https://h/r.git#main:").subdir, ".");
  EXPECT_EQ(parse_git_source("https://h/r.git#feature/x").ref, "feature/x");
  EXPECT_EQ(parse_git_source("https://h/r.git#0123456789abcdef0123456789abcdef01234567").ref,
            "0123456789abcdef0123456789abcdef01234567");
}

TEST(GitSource, RefsThatGitWouldTakeAsOptionsAreRefused) {
  // The attack: `ADD repo#--pathspec-from-file=/etc/shadow` printed a root-only file.
  EXPECT_THROW(parse_git_source("https://h/r.git#--pathspec-from-file=/etc/shadow"),
               InvalidArgumentError);
  EXPECT_THROW(parse_git_source("https://h/r.git#-b"), InvalidArgumentError);
  EXPECT_THROW(parse_git_source("https://h/r.git#--upload-pack=touch /tmp/x"),
               InvalidArgumentError);
}

TEST(GitSource, InvalidRefNamesAreRefused) {
  for (const char* ref : {"a..b", "a b", "a~1", "a^", "a?", "a*", "a[", "a\\b", "a@{1}", "@", "/a",
                          "a/", "a.", "a.lock", "a//b", ".hidden", "x/.y", "a\tb"}) {
    EXPECT_FALSE(is_valid_git_ref_name(ref)) << ref;
  }
  for (const char* ref : {"main", "v1.2.3", "feature/x-y_z", "refs/heads/main", "release-1"}) {
    EXPECT_TRUE(is_valid_git_ref_name(ref)) << ref;
  }
}

TEST(GitSource, HexCommits) {
  EXPECT_TRUE(is_hex_commit("abc1234"));
  EXPECT_TRUE(is_hex_commit(std::string(40, 'f')));
  EXPECT_FALSE(is_hex_commit("abc123"));  // too short to name a commit
  EXPECT_FALSE(is_hex_commit("ABC1234"));
  EXPECT_FALSE(is_hex_commit(std::string(65, 'a')));
}

TEST(GitSource, OnlyHttpHttpsAndGitProtocols) {
  EXPECT_NO_THROW(parse_git_source("http://h/r.git"));
  EXPECT_NO_THROW(parse_git_source("https://h/r.git"));
  EXPECT_NO_THROW(parse_git_source("git://h/r.git"));
  // ssh would use root's keys; ext:: runs a command; file:: reads the host.
  EXPECT_THROW(parse_git_source("ssh://git@h/r.git"), InvalidArgumentError);
  EXPECT_THROW(parse_git_source("git@github.com:o/r.git"), InvalidArgumentError);
  EXPECT_THROW(parse_git_source("ext::sh -c touch% /tmp/pwned"), InvalidArgumentError);
  EXPECT_THROW(parse_git_source("file:///root/.ssh"), InvalidArgumentError);
  EXPECT_THROW(parse_git_source("--upload-pack=x"), InvalidArgumentError);
}

}  // namespace
}  // namespace berth::build
