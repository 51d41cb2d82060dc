#include "build/dockerfile/run_mount.hpp"

#include <gtest/gtest.h>

#include "base/error.hpp"

namespace berth::build {
namespace run_mount_test {

std::string error_of(std::string_view spec) {
  try {
    std::function<std::string(const std::string&)> identity = [](const std::string& s) {
      return s;
    };
    parse_run_mount(spec, &identity);
  } catch (const InvalidArgumentError& e) {
    return e.what();
  }
  return "no error";
}

TEST(DockerfileRunMount, BindDefaultsAndAliases) {
  RunMount m = parse_run_mount("target=/src,from=build,source=/out");
  EXPECT_EQ(m.type, MountType::kBind);
  EXPECT_EQ(m.target, "/src");
  EXPECT_EQ(m.from, "build");
  EXPECT_EQ(m.source, "/out");
  EXPECT_TRUE(m.readonly);
  RunMount rw = parse_run_mount("type=bind,dst=/a,src=b,rw");
  EXPECT_EQ(rw.target, "/a");
  EXPECT_EQ(rw.source, "b");
  EXPECT_FALSE(rw.readonly);
  EXPECT_FALSE(parse_run_mount("type=bind,destination=/a,readwrite=true").readonly);
  EXPECT_TRUE(parse_run_mount("type=cache,target=/a,ro").readonly);
  EXPECT_TRUE(parse_run_mount("type=cache,target=/a,readonly=1").readonly);
}

TEST(DockerfileRunMount, CacheWithEverything) {
  RunMount m = parse_run_mount(
      "type=cache,id=pip,target=/root/.cache,sharing=locked,mode=0700,uid=1000,gid=100,from=base");
  EXPECT_EQ(m.type, MountType::kCache);
  EXPECT_EQ(m.id, "pip");
  EXPECT_EQ(m.sharing, CacheSharing::kLocked);
  EXPECT_EQ(m.mode, 0700u);
  EXPECT_EQ(m.uid, 1000u);
  EXPECT_EQ(m.gid, 100u);
  EXPECT_FALSE(m.readonly);
  EXPECT_EQ(parse_run_mount("type=CACHE,target=/a").sharing, CacheSharing::kShared);
  EXPECT_EQ(parse_run_mount("type=cache,target=/a,sharing=private").sharing,
            CacheSharing::kPrivate);
}

TEST(DockerfileRunMount, TmpfsSize) {
  RunMount m = parse_run_mount("type=tmpfs,target=/tmp,size=64m");
  EXPECT_EQ(m.type, MountType::kTmpfs);
  EXPECT_EQ(m.size, 64u * 1024 * 1024);
  EXPECT_FALSE(m.readonly);
  EXPECT_EQ(parse_run_mount("type=tmpfs,target=/t,size=1024").size, 1024u);
  EXPECT_EQ(parse_run_mount("type=tmpfs,target=/t,size=1GiB").size, 1024u * 1024 * 1024);
}

TEST(DockerfileRunMount, SecretsGetAnIdAndATarget) {
  RunMount by_id = parse_run_mount("type=secret,id=hf_token");
  EXPECT_EQ(by_id.type, MountType::kSecret);
  EXPECT_EQ(by_id.id, "hf_token");
  EXPECT_EQ(by_id.target, "/run/secrets/hf_token");
  EXPECT_FALSE(by_id.required);
  RunMount by_target = parse_run_mount("type=secret,target=/etc/key.pem,required,mode=0400");
  EXPECT_EQ(by_target.id, "key.pem");
  EXPECT_TRUE(by_target.required);
  EXPECT_EQ(by_target.mode, 0400u);
  RunMount as_env = parse_run_mount("type=secret,id=tok,env=TOKEN,required=false");
  EXPECT_EQ(as_env.env, "TOKEN");
  EXPECT_EQ(as_env.target, "");
  EXPECT_EQ(parse_run_mount("type=secret,source=tok").id, "tok");
}

TEST(DockerfileRunMount, QuotedCsvFields) {
  RunMount m = parse_run_mount("type=bind,\"target=/a,b\",source=x");
  EXPECT_EQ(m.target, "/a,b");
}

TEST(DockerfileRunMount, VariablesWaitForExpansion) {
  // At parse time a value holding '$' is not checked yet...
  RunMount m = parse_run_mount("type=cache,target=$DIR,mode=$MODE");
  EXPECT_EQ(m.target, "");
  EXPECT_FALSE(m.mode.has_value());
  // ...except from=, which Docker never expands.
  try {
    parse_run_mount("type=bind,from=$STAGE,target=/x");
    FAIL();
  } catch (const InvalidArgumentError& e) {
    EXPECT_STREQ(e.what(), "'from' doesn't support variable expansion, define alias stage instead");
  }
  std::function<std::string(const std::string&)> expand = [](const std::string& s) {
    return s == "$DIR" ? std::string("/cache") : s == "$MODE" ? std::string("0755") : s;
  };
  RunMount expanded = parse_run_mount("type=cache,target=$DIR,mode=$MODE", &expand);
  EXPECT_EQ(expanded.target, "/cache");
  EXPECT_EQ(expanded.mode, 0755u);
}

struct MountError {
  std::string spec;
  std::string message;
};

class DockerfileRunMountErrors : public ::testing::TestWithParam<MountError> {};

TEST_P(DockerfileRunMountErrors, UseBuildKitsWording) {
  EXPECT_EQ(error_of(GetParam().spec), GetParam().message);
}

INSTANTIATE_TEST_SUITE_P(
    Messages, DockerfileRunMountErrors,
    ::testing::Values(
        MountError{"type=bind,bogus=1", "unexpected key 'bogus' in 'bogus=1'"},
        MountError{"type=bind,target", "invalid field 'target' must be a key=value pair"},
        MountError{"type=volume", "unsupported mount type \"volume\""},
        MountError{"type=cache,sharing=maybe", "unsupported sharing value \"maybe\""},
        MountError{"type=cache,mode=9", "invalid value 9 for mode"},
        MountError{"type=cache,uid=-1", "invalid value -1 for uid"},
        MountError{"type=cache,gid=x", "invalid value x for gid"},
        MountError{"type=bind,ro=perhaps", "invalid value for ro: perhaps"},
        MountError{"type=tmpfs,size=lots", "invalid value for size: lots"},
        MountError{"type=bind,size=1m", "unexpected key 'size' for mount type 'bind'"},
        MountError{"type=cache,env=X", "unexpected key 'env' for mount type 'cache'"},
        MountError{"type=bind,required", "unexpected key 'required' for mount type 'bind'"},
        MountError{"type=tmpfs,uid=1", "uid not allowed for \"tmpfs\" type mounts"},
        MountError{"type=bind,gid=1", "gid not allowed for \"bind\" type mounts"},
        MountError{"type=bind,sharing=shared", "invalid cache sharing set for bind mount"},
        MountError{"type=secret,id=a,from=b", "secret mount should not have a from"},
        MountError{"type=secret,id=a,source=b", "both source and id can't be set"},
        MountError{"type=secret", "invalid secret mount. one of source, target required"},
        MountError{"type=ssh", "RUN --mount=type=ssh is not supported yet"},
        MountError{"type=bind,target=a\"b",
                   "failed to parse csv mounts: bare \" in non-quoted-field"}));

}  // namespace run_mount_test
}  // namespace berth::build
