// COPY/ADD: source resolution in the context, copying into a rootfs, ADD archive extraction,
// and the content digest for the cache.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <map>

#include "base/error.hpp"
#include "build/context/copy_into_rootfs.hpp"
#include "build/context/resolve_sources.hpp"
#include "build/context/source_digest.hpp"
#include "context_test_util.hpp"

namespace berth::build {
namespace {

using namespace testing;

constexpr time_t kMtime = 1600000000;

class CopyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    fs::create_directories(ctx_dir());
    fs::create_directories(rootfs());
    fs::create_directories(outside());
  }
  fs::path ctx_dir() const { return tmp_.path() / "ctx"; }
  fs::path rootfs() const { return tmp_.path() / "rootfs"; }
  fs::path outside() const { return tmp_.path() / "outside"; }

  void file(const std::string& rel, const std::string& content, mode_t mode = 0644) {
    write(ctx_dir() / rel, content, mode);
    timespec times[2] = {{kMtime, 0}, {kMtime, 0}};
    ::utimensat(AT_FDCWD, (ctx_dir() / rel).c_str(), times, 0);
  }
  BuildContext context() { return BuildContext::from_directory(ctx_dir(), std::nullopt); }

  std::vector<CopySource> resolve(const std::vector<std::string>& sources,
                                  const ResolveOptions& options = {}) {
    auto ctx = context();
    return resolve_sources(ctx, sources, options);
  }

  // Runs a whole COPY and records the ownership it applied.
  CopyStats copy(const std::vector<std::string>& sources, const std::string& dest,
                 CopyOptions options = {}, const ResolveOptions& resolve_options = {},
                 const std::string& workdir = "/") {
    auto ctx = context();
    auto resolved = resolve_sources(ctx, sources, resolve_options);
    options.set_owner = [this](int dir_fd, const char* name, Ownership o) {
      owners_[fd_path(dir_fd) + "/" + name] = o;
    };
    return copy_into_rootfs(ctx, resolved, {rootfs(), workdir, dest}, options);
  }
  std::string fd_path(int fd) {
    std::string p = fs::read_symlink("/proc/self/fd/" + std::to_string(fd)).string();
    std::string root = fs::canonical(rootfs()).string();
    return p.substr(std::min(p.size(), root.size()));
  }
  std::vector<std::string> dest_names(const std::vector<CopySource>& sources) {
    std::vector<std::string> out;
    for (const auto& s : sources) out.push_back(s.dest_name);
    return out;
  }
  std::vector<std::string> relatives(const CopySource& s) {
    std::vector<std::string> out;
    for (const auto& e : s.entries) out.push_back(e.relative);
    return out;
  }

  TempDir tmp_;
  std::map<std::string, Ownership> owners_;
};

// --- resolution -------------------------------------------------------------------------

TEST_F(CopyTest, ContextResolvesPlainFile) {
  file("a.txt", "A");
  auto s = resolve({"a.txt"});
  ASSERT_EQ(s.size(), 1u);
  EXPECT_EQ(s[0].path, "a.txt");
  EXPECT_EQ(s[0].dest_name, "a.txt");
  EXPECT_EQ(s[0].entries.size(), 1u);
  EXPECT_EQ(s[0].entries[0].size, 1u);
}

TEST_F(CopyTest, ContextSourcesAreClampedToTheRoot) {
  file("a.txt", "A");
  for (const char* src : {"/a.txt", "../../a.txt", "./x/../a.txt", "/../a.txt"}) {
    auto s = resolve({src});
    ASSERT_EQ(s.size(), 1u) << src;
    EXPECT_EQ(s[0].path, "a.txt") << src;
  }
}

TEST_F(CopyTest, ContextMissingSourceUsesBuildKitWording) {
  try {
    resolve({"missing.txt"});
    FAIL();
  } catch (const NotFoundError& e) {
    EXPECT_NE(std::string(e.what()).find("failed to compute cache key: "), std::string::npos);
    EXPECT_NE(std::string(e.what()).find("\"/missing.txt\": not found"), std::string::npos);
  }
  EXPECT_THROW(resolve({}), InvalidArgumentError);
  try {
    resolve({});
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(), "no source files were specified");
  }
}

TEST_F(CopyTest, ContextIgnoredFilesAreInvisible) {
  file("keep.txt", "k");
  file("secret.env", "s");
  file("dir/a.txt", "a");
  file("dir/b.env", "b");
  file(".dockerignore", "*.env\n**/*.env\n");
  EXPECT_THROW(resolve({"secret.env"}), NotFoundError);
  auto all = resolve({"."});
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(relatives(all[0]),
            (std::vector<std::string>{"", ".dockerignore", "dir", "dir/a.txt", "keep.txt"}));
  EXPECT_EQ(dest_names(resolve({"*"})),
            (std::vector<std::string>{".dockerignore", "", "keep.txt"}));
}

TEST_F(CopyTest, ContextIgnoredDirWithException) {
  file("docs/keep.txt", "k");
  file("docs/drop.txt", "d");
  file("other.txt", "o");
  file(".dockerignore", "docs\n!docs/keep.txt\n");
  auto docs = resolve({"docs"});
  ASSERT_EQ(docs.size(), 1u);
  EXPECT_EQ(relatives(docs[0]), (std::vector<std::string>{"", "keep.txt"}));
  EXPECT_THROW(resolve({"docs/drop.txt"}), NotFoundError);
}

TEST_F(CopyTest, ContextWildcardsPerSegment) {
  file("a.txt", "");
  file("b.txt", "");
  file("c.md", "");
  file("sub/x/file", "");
  file("sub/y/file", "");
  file("sub/y/other", "");
  EXPECT_EQ(dest_names(resolve({"*.txt"})), (std::vector<std::string>{"a.txt", "b.txt"}));
  EXPECT_EQ(dest_names(resolve({"?.md"})), (std::vector<std::string>{"c.md"}));
  EXPECT_EQ(dest_names(resolve({"[ab].txt"})), (std::vector<std::string>{"a.txt", "b.txt"}));
  auto nested = resolve({"sub/*/file"});
  ASSERT_EQ(nested.size(), 2u);
  EXPECT_EQ(nested[0].path, "sub/x/file");
  EXPECT_EQ(nested[1].path, "sub/y/file");
  // "*" never crosses '/'.
  EXPECT_TRUE(resolve({"*/file"}).empty());
  // BuildKit allows an empty wildcard: nothing is copied, no error.
  EXPECT_TRUE(resolve({"*.none"}).empty());
  EXPECT_THROW(resolve({"[bad"}), InvalidArgumentError);
}

TEST_F(CopyTest, ContextExcludeFlag) {
  file("dir/a.txt", "");
  file("dir/b.md", "");
  file("dir/sub/c.md", "");
  file("home.txt", "");
  file("home.md", "");
  ResolveOptions options;
  options.excludes = {"*.md"};
  auto dir = resolve({"dir"}, options);
  EXPECT_EQ(relatives(dir[0]), (std::vector<std::string>{"", "a.txt", "sub", "sub/c.md"}));
  options.excludes = {"**/*.md"};
  dir = resolve({"dir"}, options);
  EXPECT_EQ(relatives(dir[0]), (std::vector<std::string>{"", "a.txt", "sub"}));
  options.excludes = {"*.md"};
  EXPECT_EQ(dest_names(resolve({"hom*"}, options)), (std::vector<std::string>{"home.txt"}));
}

TEST_F(CopyTest, ContextParentsKeepsPaths) {
  file("a/b/c.txt", "c");
  ::chmod((ctx_dir() / "a").c_str(), 0711);
  ResolveOptions options;
  options.parents = true;
  auto s = resolve({"a/b/c.txt"}, options);
  ASSERT_EQ(s.size(), 1u);
  EXPECT_EQ(s[0].dest_name, "a/b/c.txt");
  ASSERT_EQ(s[0].parent_dirs.size(), 2u);
  EXPECT_EQ(s[0].parent_dirs[0].relative, "a");
  EXPECT_EQ(s[0].parent_dirs[0].mode, 0711u);
  EXPECT_EQ(s[0].parent_dirs[1].relative, "a/b");
  auto pivot = resolve({"a/./b/c.txt"}, options);
  EXPECT_EQ(pivot[0].dest_name, "b/c.txt");
  EXPECT_EQ(dest_names(resolve({"a/*/c.txt"}, options)), (std::vector<std::string>{"a/b/c.txt"}));
}

TEST_F(CopyTest, ContextSymlinkSourceFollowedInsideContext) {
  file("real/x.txt", "x");
  file("target.txt", "t");
  write(outside() / "secret", "host");
  fs::create_symlink("real", ctx_dir() / "dirlink");
  fs::create_symlink("/target.txt", ctx_dir() / "abslink");
  fs::create_symlink("../outside/secret", ctx_dir() / "escape");
  fs::create_symlink("real/x.txt", ctx_dir() / "real/self");
  auto dir = resolve({"dirlink"});
  EXPECT_EQ(dir[0].path, "real");
  EXPECT_EQ(relatives(dir[0]), (std::vector<std::string>{"", "self", "x.txt"}));
  EXPECT_EQ(dir[0].entries[1].type, EntryType::kSymlink);  // inside a tree: kept as a link
  EXPECT_EQ(dir[0].entries[1].link_target, "real/x.txt");
  auto abs = resolve({"abslink"});
  EXPECT_EQ(abs[0].path, "target.txt");  // "/" is the context root
  EXPECT_EQ(abs[0].dest_name, "abslink");
  // "../outside/secret" clamps to "outside/secret" in the context, which does not exist.
  EXPECT_THROW(resolve({"escape"}), NotFoundError);
}

TEST_F(CopyTest, ContextSpecialFilesNotSupportedYet) {
  fs::create_directories(ctx_dir() / "d");
  ASSERT_EQ(::mkfifo((ctx_dir() / "d/fifo").c_str(), 0644), 0);
  try {
    resolve({"d"});
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("not supported yet"), std::string::npos);
  }
}

// --- copying ------------------------------------------------------------------------------

TEST_F(CopyTest, CopyFileToFile) {
  file("a.txt", "hello", 0751);
  auto stats = copy({"a.txt"}, "/dst.txt");
  EXPECT_EQ(stats.files, 1u);
  EXPECT_EQ(slurp(rootfs() / "dst.txt"), "hello");
  EXPECT_EQ(perm_of(rootfs() / "dst.txt"), 0751u);
  EXPECT_EQ(lstat_of(rootfs() / "dst.txt").st_mtime, kMtime);
  EXPECT_EQ(owners_["/dst.txt"], (Ownership{0, 0}));
}

TEST_F(CopyTest, CopyFileIntoDirSlashCreatesParents) {
  file("a.txt", "A");
  CopyOptions options;
  options.chown = Ownership{1000, 1001};
  copy({"a.txt"}, "/x/y/", options);
  EXPECT_EQ(slurp(rootfs() / "x/y/a.txt"), "A");
  EXPECT_EQ(perm_of(rootfs() / "x"), 0755u);
  EXPECT_EQ(perm_of(rootfs() / "x/y"), 0755u);
  EXPECT_EQ(owners_["/x"], (Ownership{1000, 1001}));
  EXPECT_EQ(owners_["/x/y"], (Ownership{1000, 1001}));
  EXPECT_EQ(owners_["/x/y/a.txt"], (Ownership{1000, 1001}));
}

TEST_F(CopyTest, CopyRelativeToWorkdir) {
  file("a.txt", "A");
  copy({"a.txt"}, "sub/", {}, {}, "/app");
  EXPECT_EQ(slurp(rootfs() / "app/sub/a.txt"), "A");
  copy({"a.txt"}, ".", {}, {}, "/w");
  EXPECT_EQ(slurp(rootfs() / "w/a.txt"), "A");
  copy({"a.txt"}, "../../../b.txt", {}, {}, "/app");  // ".." stops at the rootfs root
  EXPECT_EQ(slurp(rootfs() / "b.txt"), "A");
}

TEST_F(CopyTest, CopyDirectoryCopiesContents) {
  file("src/main.c", "m");
  file("src/lib/util.c", "u", 0600);
  ::chmod((ctx_dir() / "src/lib").c_str(), 0700);
  copy({"src"}, "/app");
  EXPECT_EQ(slurp(rootfs() / "app/main.c"), "m");
  EXPECT_EQ(slurp(rootfs() / "app/lib/util.c"), "u");
  EXPECT_FALSE(fs::exists(rootfs() / "app/src"));
  EXPECT_EQ(perm_of(rootfs() / "app/lib"), 0700u);
  EXPECT_EQ(perm_of(rootfs() / "app/lib/util.c"), 0600u);
}

TEST_F(CopyTest, CopySeveralSourcesMeansDirectory) {
  file("a", "1");
  file("b", "2");
  copy({"a", "b"}, "/multi");
  EXPECT_EQ(slurp(rootfs() / "multi/a"), "1");
  EXPECT_EQ(slurp(rootfs() / "multi/b"), "2");
}

TEST_F(CopyTest, CopyIntoExistingDirWithoutSlash) {
  file("a", "1");
  fs::create_directories(rootfs() / "existing");
  copy({"a"}, "/existing");
  EXPECT_EQ(slurp(rootfs() / "existing/a"), "1");
}

TEST_F(CopyTest, CopyReplacesFileRefusesDirectory) {
  file("a", "new");
  write(rootfs() / "f", "old");
  copy({"a"}, "/f");
  EXPECT_EQ(slurp(rootfs() / "f"), "new");
  file("d/x", "x");
  fs::create_directories(rootfs() / "t/x");
  try {
    copy({"d"}, "/t");
    FAIL();
  } catch (const InvalidArgumentError& e) {
    EXPECT_NE(std::string(e.what()).find("cannot overwrite directory \"/t/x\""), std::string::npos)
        << e.what();
  }
}

TEST_F(CopyTest, CopyChmodAppliesToCopiedFilesAndDirs) {
  file("d/f", "f", 0600);
  file("d/sub/g", "g", 0755);
  CopyOptions options;
  options.chmod = 0750;  // with x for the owner: the tests may run unprivileged
  copy({"d"}, "/p/out/", options);
  EXPECT_EQ(perm_of(rootfs() / "p/out/f"), 0750u);
  EXPECT_EQ(perm_of(rootfs() / "p/out/sub/g"), 0750u);
  EXPECT_EQ(perm_of(rootfs() / "p/out/sub"), 0750u);
  EXPECT_EQ(perm_of(rootfs() / "p"), 0755u) << "created parents are 0755";
}

TEST_F(CopyTest, CopyChownPlannedForEverything) {
  file("d/f", "f");
  file("d/sub/g", "g");
  fs::create_symlink("f", ctx_dir() / "d/link");
  CopyOptions options;
  options.chown = Ownership{33, 44};
  copy({"d"}, "/out", options);
  for (const char* p : {"/out", "/out/f", "/out/sub", "/out/sub/g", "/out/link"}) {
    ASSERT_TRUE(owners_.count(p)) << p;
    EXPECT_EQ(owners_[p], (Ownership{33, 44})) << p;
  }
  owners_.clear();
  copy({"d"}, "/out2");
  EXPECT_EQ(owners_["/out2/sub/g"], (Ownership{0, 0})) << "COPY resets ownership to 0:0";
}

TEST_F(CopyTest, CopyParentsFlag) {
  file("a/b/c.txt", "c");
  file("a/x/c.txt", "x");
  ::chmod((ctx_dir() / "a").c_str(), 0711);
  ResolveOptions parents;
  parents.parents = true;
  copy({"a/*/c.txt"}, "/d", {}, parents);
  EXPECT_EQ(slurp(rootfs() / "d/a/b/c.txt"), "c");
  EXPECT_EQ(slurp(rootfs() / "d/a/x/c.txt"), "x");
  EXPECT_EQ(perm_of(rootfs() / "d/a"), 0711u) << "--parents copies the directories too";
  copy({"a/./b/c.txt"}, "/p/", {}, parents);
  EXPECT_EQ(slurp(rootfs() / "p/b/c.txt"), "c");
}

TEST_F(CopyTest, CopyKeepsSymlinksAndHardlinks) {
  file("d/f", "content");
  fs::create_symlink("/etc/shadow", ctx_dir() / "d/abs");
  fs::create_hard_link(ctx_dir() / "d/f", ctx_dir() / "d/hard");
  auto stats = copy({"d"}, "/o");
  EXPECT_EQ(fs::read_symlink(rootfs() / "o/abs"), "/etc/shadow");
  EXPECT_EQ(lstat_of(rootfs() / "o/hard").st_ino, lstat_of(rootfs() / "o/f").st_ino);
  EXPECT_EQ(stats.hardlinks, 1u);
  EXPECT_EQ(stats.symlinks, 1u);
}

TEST_F(CopyTest, CopyThroughHostileSymlinksStaysInRootfs) {
  // The image planted links aiming out of the rootfs (CVE-2018-15664 class).
  file("a.txt", "payload");
  write(outside() / "victim", "untouched");
  fs::create_symlink(outside(), rootfs() / "abs_out");        // absolute host path
  fs::create_symlink("../../outside", rootfs() / "rel_out");  // climbs with ".."
  fs::create_symlink(outside() / "victim", rootfs() / "filelink");
  copy({"a.txt"}, "/abs_out/");
  copy({"a.txt"}, "/rel_out/deeper/");
  copy({"a.txt"}, "/filelink");
  EXPECT_EQ(slurp(outside() / "victim"), "untouched");
  EXPECT_EQ(std::distance(fs::directory_iterator(outside()), fs::directory_iterator()), 1);
  // Resolved as if the rootfs were "/": the writes landed inside it.
  EXPECT_EQ(slurp(rootfs() / outside().relative_path() / "a.txt"), "payload");
  EXPECT_EQ(slurp(rootfs() / "outside/deeper/a.txt"), "payload");
  EXPECT_EQ(slurp(rootfs() / "filelink"), "payload");
}

TEST_F(CopyTest, CopyInlineSource) {
  auto ctx = context();
  std::vector<CopySource> sources{inline_source("script.sh", "echo hi\n")};
  copy_into_rootfs(ctx, sources, {rootfs(), "/", "/bin/"}, {});
  EXPECT_EQ(slurp(rootfs() / "bin/script.sh"), "echo hi\n");
  EXPECT_EQ(perm_of(rootfs() / "bin/script.sh"), 0644u);
}

// --- ADD archives -------------------------------------------------------------------------

class CopyAddArchive : public CopyTest, public ::testing::WithParamInterface<Filter> {};

TEST_P(CopyAddArchive, ExtractsByContent) {
  TarEntry owned = tar_file("app/run.sh", "#!/bin/sh\n", 0755);
  owned.uid = 123;
  owned.gid = 456;
  file("archive.bin",
       make_tar({tar_dir("app"), owned, tar_symlink("app/link", "run.sh")}, GetParam()));
  CopyOptions add;
  add.unpack_archives = true;
  auto stats = copy({"archive.bin"}, "/opt", add);
  EXPECT_EQ(stats.archives, 1u);
  EXPECT_EQ(slurp(rootfs() / "opt/app/run.sh"), "#!/bin/sh\n");
  EXPECT_EQ(perm_of(rootfs() / "opt/app/run.sh"), 0755u);
  EXPECT_EQ(fs::read_symlink(rootfs() / "opt/app/link"), "run.sh");
  EXPECT_EQ(owners_["/opt/app/run.sh"], (Ownership{123, 456})) << "archive owners are kept";
  add.chown = Ownership{7, 8};
  copy({"archive.bin"}, "/opt2/", add);
  EXPECT_EQ(owners_["/opt2/app/run.sh"], (Ownership{7, 8}));
}

INSTANTIATE_TEST_SUITE_P(Compressions, CopyAddArchive,
                         ::testing::Values(Filter::kNone, Filter::kGzip, Filter::kBzip2,
                                           Filter::kXz, Filter::kZstd));

TEST_F(CopyTest, CopyAddNonArchivesAreCopied) {
  file("notes.tar.gz", "just text, named like an archive");
  file("real.tar", make_tar({tar_file("inner", "i")}));
  CopyOptions add;
  add.unpack_archives = true;
  copy({"notes.tar.gz"}, "/d/", add);
  EXPECT_EQ(slurp(rootfs() / "d/notes.tar.gz"), "just text, named like an archive");
  copy({"real.tar"}, "/c/");  // COPY never extracts
  EXPECT_TRUE(fs::is_regular_file(rootfs() / "c/real.tar"));
}

TEST_F(CopyTest, CopyAddHostileArchive) {
  write(outside() / "victim", "untouched");
  fs::create_symlink(outside(), rootfs() / "planted");
  file("evil.tar", make_tar({tar_file("../../escape", "x")}));
  file("redirect.tar", make_tar({tar_file("planted/victim", "owned")}));
  TarEntry dev{.path = "dev/null", .type = AE_IFCHR};
  file("dev.tar", make_tar({dev, tar_file("ok", "fine")}));
  CopyOptions add;
  add.unpack_archives = true;
  add.privileged = false;
  EXPECT_THROW(copy({"evil.tar"}, "/", add), Error);
  copy({"redirect.tar"}, "/", add);
  EXPECT_EQ(slurp(outside() / "victim"), "untouched");
  EXPECT_EQ(slurp(rootfs() / outside().relative_path() / "victim"), "owned");
  copy({"dev.tar"}, "/x", add);
  EXPECT_FALSE(fs::exists(rootfs() / "x/dev/null")) << "device nodes are skipped unprivileged";
  EXPECT_EQ(slurp(rootfs() / "x/ok"), "fine");
}

// --- digests ------------------------------------------------------------------------------

TEST_F(CopyTest, CopyDigestFollowsContentNotMtime) {
  file("app/a.txt", "one");
  file("app/b/c.txt", "two");
  file("app/skip.log", "noise");
  file(".dockerignore", "**/*.log\n");
  auto digest = [&] {
    auto ctx = context();
    return digest_sources(ctx, resolve_sources(ctx, {"app"}));
  };
  Digest base = digest();
  EXPECT_EQ(digest(), base) << "stable";
  timespec times[2] = {{kMtime + 99, 0}, {kMtime + 99, 0}};
  ::utimensat(AT_FDCWD, (ctx_dir() / "app/a.txt").c_str(), times, 0);
  EXPECT_EQ(digest(), base) << "mtimes are not part of it";
  file("app/skip.log", "more noise");
  EXPECT_EQ(digest(), base) << "ignored files are not part of it";
  file("app/b/c.txt", "twO");
  Digest changed = digest();
  EXPECT_NE(changed, base) << "one byte changed";
  ::chmod((ctx_dir() / "app/a.txt").c_str(), 0600);
  EXPECT_NE(digest(), changed) << "mode changed";
  changed = digest();
  fs::create_symlink("a.txt", ctx_dir() / "app/l");
  Digest with_link = digest();
  EXPECT_NE(with_link, changed);
  fs::remove(ctx_dir() / "app/l");
  fs::create_symlink("b", ctx_dir() / "app/l");
  EXPECT_NE(digest(), with_link) << "symlink target changed";
}

TEST_F(CopyTest, CopyDigestOfInlineSources) {
  EXPECT_EQ(digest_inline_source("a", "x"), digest_inline_source("a", "x"));
  EXPECT_NE(digest_inline_source("a", "x"), digest_inline_source("b", "x"));
  EXPECT_NE(digest_inline_source("a", "x"), digest_inline_source("a", "y"));
  auto ctx = context();
  EXPECT_EQ(digest_sources(ctx, {inline_source("f", "1")}),
            digest_sources(ctx, {inline_source("f", "1")}));
  EXPECT_NE(digest_sources(ctx, {inline_source("f", "1")}),
            digest_sources(ctx, {inline_source("f", "2")}));
}

}  // namespace
}  // namespace berth::build
