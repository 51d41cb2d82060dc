// COPY/ADD flags: --chown lookups in the rootfs, --chmod parsing, ADD URL/git sources,
// --checksum rules.
#include <gtest/gtest.h>

#include "base/digest.hpp"
#include "base/error.hpp"
#include "build/context/add_source.hpp"
#include "build/context/copy_into_rootfs.hpp"
#include "build/context/ownership.hpp"
#include "build/dockerfile/octal_mode.hpp"
#include "context_test_util.hpp"

namespace berth::build {
namespace copy_flags_test {

using namespace testing;

const std::string kPasswd =
    "root:x:0:0:root:/root:/bin/sh\n"
    "# comment\n"
    "app:x:1000:1001::/home/app:/bin/sh\n"
    "app:x:2000:2000::/dup:/bin/sh\n";
const std::string kGroup = "root:x:0:\nstaff:x:50:app\napp:x:1001:\n";

struct ChownCase {
  const char* spec;
  Ownership expected;
};

TEST(CopyOwnership, ResolvesLikeBuildKit) {
  for (const auto& c : std::vector<ChownCase>{{"app", {1000, 1001}},  // primary group
                                              {"app:staff", {1000, 50}},
                                              {"app:50", {1000, 50}},
                                              {"1000", {1000, 1000}},  // numeric: gid = uid
                                              {"1000:50", {1000, 50}},
                                              {"5:root", {5, 0}},
                                              {"root", {0, 0}},
                                              {"0", {0, 0}}}) {
    EXPECT_EQ(resolve_chown(c.spec, kPasswd, kGroup), c.expected) << c.spec;
  }
}

TEST(CopyOwnership, UnknownNamesUseDockerWording) {
  try {
    resolve_chown("nobody", kPasswd, kGroup);
    FAIL();
  } catch (const InvalidArgumentError& e) {
    EXPECT_STREQ(e.what(), "unable to find user nobody: no matching entries in passwd file");
  }
  try {
    resolve_chown("app:nogroup", kPasswd, kGroup);
    FAIL();
  } catch (const InvalidArgumentError& e) {
    EXPECT_STREQ(e.what(), "unable to find group nogroup: no matching entries in group file");
  }
  EXPECT_THROW(resolve_chown("app", std::nullopt, std::nullopt), InvalidArgumentError);
  EXPECT_EQ(resolve_chown("42:43", std::nullopt, std::nullopt), (Ownership{42, 43}));
}

TEST(CopyOwnership, ReadsTheRootfsFilesConfined) {
  TempDir tmp;
  fs::path rootfs = tmp.path() / "rootfs";
  write(rootfs / "etc/passwd", kPasswd);
  write(rootfs / "etc/group", kGroup);
  EXPECT_EQ(resolve_chown_in_rootfs("app:staff", rootfs), (Ownership{1000, 50}));
  // A hostile image pointing /etc/passwd at a host file: it is resolved inside the rootfs.
  fs::path evil = tmp.path() / "evil";
  write(tmp.path() / "hostpasswd", "hostonly:x:7:7::/:/bin/sh\n");
  fs::create_directories(evil / "etc");
  fs::create_symlink(tmp.path() / "hostpasswd", evil / "etc/passwd");
  EXPECT_THROW(resolve_chown_in_rootfs("hostonly", evil), InvalidArgumentError);
}

TEST(CopyOwnership, ChmodParsing) {
  EXPECT_EQ(parse_chmod("755"), 0755u);
  EXPECT_EQ(parse_chmod("0644"), 0644u);
  EXPECT_EQ(parse_chmod("7777"), 07777u);
  for (const char* bad : {"10000", "9", "", "0o755", "1.5"}) {
    try {
      parse_chmod(bad);
      FAIL() << bad;
    } catch (const InvalidArgumentError& e) {
      EXPECT_EQ(std::string(e.what()), std::string("invalid chmod parameter: '") + bad +
                                           "'. it should be octal string and between 0 and 07777")
          << bad;
    }
  }
  try {
    parse_chmod("u+x");
    FAIL();
  } catch (const InvalidArgumentError& e) {
    EXPECT_NE(std::string(e.what()).find("not supported yet"), std::string::npos);
  }
}

TEST(CopyAddUrl, ClassifiesSources) {
  EXPECT_EQ(classify_source("src/app"), SourceKind::kLocal);
  EXPECT_EQ(classify_source("http://example.com/a.tar.gz"), SourceKind::kUrl);
  EXPECT_EQ(classify_source("https://example.com/dl?x=1"), SourceKind::kUrl);
  EXPECT_EQ(classify_source("https://github.com/moby/buildkit.git"), SourceKind::kGit);
  EXPECT_EQ(classify_source("https://github.com/moby/buildkit.git#v0.10.1"), SourceKind::kGit);
  EXPECT_EQ(classify_source("git@github.com:moby/buildkit.git"), SourceKind::kGit);
  EXPECT_EQ(classify_source("git://host/repo"), SourceKind::kGit);
}

TEST(CopyAddUrl, ChecksumFlagRules) {
  const std::string sum = "sha256:" + std::string(64, 'a');
  EXPECT_NO_THROW(validate_checksum_flag(true, {"https://x/y"}, sum));
  EXPECT_NO_THROW(validate_checksum_flag(false, {"a"}, ""));
  auto message = [&](bool add, std::vector<std::string> sources, std::string checksum) {
    try {
      validate_checksum_flag(add, sources, checksum);
    } catch (const InvalidArgumentError& e) {
      return std::string(e.what());
    }
    return std::string();
  };
  EXPECT_EQ(message(false, {"https://x/y"}, sum), "checksum can't be specified for COPY");
  EXPECT_EQ(message(true, {"https://x/y", "https://x/z"}, sum),
            "checksum can't be specified for multiple sources");
  EXPECT_EQ(message(true, {"local.tar"}, sum), "checksum requires HTTP(S) or Git sources");
  EXPECT_NE(message(true, {"https://x/y"}, "sha256:short"), "");
}

TEST(CopyAddUrl, FileNameFromUrlPath) {
  EXPECT_EQ(url_file_name("https://example.com/dl/tool-1.2.tar.gz"), "tool-1.2.tar.gz");
  EXPECT_EQ(url_file_name("https://example.com/dl/file?token=abc#frag"), "file");
  EXPECT_EQ(url_file_name("https://example.com"), "__unnamed__");
  EXPECT_EQ(url_file_name("https://example.com/"), "__unnamed__");
}

TEST(CopyAddUrl, NoHttpClientYet) {
  TempDir tmp;
  UnsupportedFetcher fetcher;
  try {
    resolve_url_source(fetcher, "https://example.com/a", std::nullopt, tmp.path());
    FAIL();
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(), "ADD from URL: not supported yet");
  }
  try {
    resolve_url_source(fetcher, "https://github.com/a/b.git", std::nullopt, tmp.path());
    FAIL();
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(), "ADD from git: not supported yet");
  }
}

// Stands in for an HTTP client: "downloads" fixed bytes.
class FakeFetcher : public Fetcher {
 public:
  explicit FakeFetcher(std::string body) : body_(std::move(body)) {}
  FetchedFile fetch(const std::string&, const fs::path& into) override {
    write(into / "download", body_);
    return {into / "download", {1234, 0}};
  }

 private:
  std::string body_;
};

TEST(CopyAddUrl, DownloadedFilesAreCheckedNotExtractedAndPrivate) {
  TempDir tmp;
  fs::path rootfs = tmp.path() / "rootfs";
  fs::create_directories(rootfs);
  std::string tar = make_tar({tar_file("inner", "x")}, Filter::kGzip);
  FakeFetcher fetcher(tar);
  std::string good = Digest::sha256_of(tar).str();
  auto source = resolve_url_source(fetcher, "https://example.com/pkg.tar.gz", good, tmp.path());
  auto ctx = BuildContext::none(tmp.path());
  CopyOptions add;
  add.unpack_archives = true;
  add.set_owner = [](int, const char*, Ownership) {};
  copy_into_rootfs(ctx, {source}, {rootfs, "/", "/dl/"}, add);
  EXPECT_EQ(slurp(rootfs / "dl/pkg.tar.gz"), tar) << "URL downloads are never extracted";
  EXPECT_EQ(perm_of(rootfs / "dl/pkg.tar.gz"), 0600u);
  EXPECT_EQ(lstat_of(rootfs / "dl/pkg.tar.gz").st_mtime, 1234);

  std::string bad = "sha256:" + std::string(64, '0');
  try {
    resolve_url_source(fetcher, "https://example.com/pkg.tar.gz", bad, tmp.path());
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("digest mismatch"), std::string::npos);
  }
}

}  // namespace copy_flags_test
}  // namespace berth::build
