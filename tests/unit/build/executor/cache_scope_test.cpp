#include "build/executor/cache_scope.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include "base/fs.hpp"

namespace berth::build {
namespace {

TEST(CacheScope, KeysOfDifferentScopesNeverMeet) {
  Digest step = Digest::sha256_of("RUN make");
  EXPECT_NE(scoped_cache_key("cli", step), scoped_cache_key("space:alice/x", step));
  EXPECT_NE(scoped_cache_key("space:alice/x", step), scoped_cache_key("space:bob/y", step));
  EXPECT_EQ(scoped_cache_key("space:alice/x", step), scoped_cache_key("space:alice/x", step));
}

TEST(CacheScope, CacheMountsLiveInADirectoryPerScope) {
  std::filesystem::path root = "/var/lib/berth";
  auto cli = cache_mounts_of_scope(root, "cli");
  auto alice = cache_mounts_of_scope(root, "space:alice/x");
  auto bob = cache_mounts_of_scope(root, "space:bob/y");
  EXPECT_EQ(cli, root / "build" / "cache-mounts" / "cli");
  EXPECT_NE(alice, bob);
  EXPECT_EQ(alice.parent_path(), root / "build" / "cache-mounts");
  EXPECT_EQ(alice.filename().string().find('/'), std::string::npos);
  EXPECT_EQ(cache_mounts_of_scope(root, "space:../../etc").parent_path(),
            root / "build" / "cache-mounts");
}

TEST(CacheScope, SecretFingerprintsAreKeyedPerRootAndChangeWithTheValue) {
  TempDir a, b;
  auto one = secret_fingerprint(a.path(), "token", "hf_one");
  EXPECT_EQ(one, secret_fingerprint(a.path(), "token", "hf_one"));
  EXPECT_NE(one, secret_fingerprint(a.path(), "token", "hf_two"));
  EXPECT_NE(one, secret_fingerprint(a.path(), "other", "hf_one"));
  // Another root has another key: the same secret gives another hash, and no plain hash.
  EXPECT_NE(one, secret_fingerprint(b.path(), "token", "hf_one"));
  EXPECT_NE(one, Digest::sha256_of(std::string("token") + '\0' + "hf_one").hex());
  EXPECT_EQ(one.find("hf_one"), std::string::npos);
  struct stat st {};
  ASSERT_EQ(::stat((a.path() / "build" / "secret-key").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
}

}  // namespace
}  // namespace berth::build
