#include "image/reference/reference.hpp"

#include <gtest/gtest.h>

#include <vector>

#include "base/error.hpp"

namespace berth::image {
namespace reference_test {

const std::string kHex(64, 'a');
const std::string kDigest = "sha256:" + std::string(64, 'a');

struct ValidCase {
  std::string input;
  std::string domain;
  std::string path;
  std::optional<std::string> tag;
  std::optional<std::string> digest;
  std::string str;
  std::string familiar;
};

void PrintTo(const ValidCase& c, std::ostream* os) {
  *os << c.input;
}

class ValidReference : public ::testing::TestWithParam<ValidCase> {};

TEST_P(ValidReference, ParsesAndNormalizes) {
  const auto& c = GetParam();
  auto ref = Reference::parse(c.input);
  EXPECT_EQ(ref.domain(), c.domain);
  EXPECT_EQ(ref.path(), c.path);
  EXPECT_EQ(ref.tag(), c.tag);
  EXPECT_EQ(ref.digest() ? std::optional(ref.digest()->str()) : std::nullopt, c.digest);
  EXPECT_EQ(ref.str(), c.str);
  EXPECT_EQ(ref.familiar(), c.familiar);
  EXPECT_EQ(ref.name(), c.domain + "/" + c.path);
  // Both printed forms parse back to the same reference.
  EXPECT_EQ(Reference::parse(ref.str()), ref);
  EXPECT_EQ(Reference::parse(ref.familiar()), ref);
  EXPECT_EQ(Reference::try_parse(c.input), ref);
}

INSTANTIATE_TEST_SUITE_P(
    Table, ValidReference,
    ::testing::Values(
        ValidCase{"python",
                  "docker.io",
                  "library/python",
                  "latest",
                  {},
                  "docker.io/library/python:latest",
                  "python:latest"},
        ValidCase{"python:3.11-slim",
                  "docker.io",
                  "library/python",
                  "3.11-slim",
                  {},
                  "docker.io/library/python:3.11-slim",
                  "python:3.11-slim"},
        ValidCase{"user/app",
                  "docker.io",
                  "user/app",
                  "latest",
                  {},
                  "docker.io/user/app:latest",
                  "user/app:latest"},
        ValidCase{"library/python",
                  "docker.io",
                  "library/python",
                  "latest",
                  {},
                  "docker.io/library/python:latest",
                  "python:latest"},
        ValidCase{"docker.io/python",
                  "docker.io",
                  "library/python",
                  "latest",
                  {},
                  "docker.io/library/python:latest",
                  "python:latest"},
        ValidCase{"docker.io/library/python:3",
                  "docker.io",
                  "library/python",
                  "3",
                  {},
                  "docker.io/library/python:3",
                  "python:3"},
        ValidCase{"index.docker.io/user/app:v1",
                  "docker.io",
                  "user/app",
                  "v1",
                  {},
                  "docker.io/user/app:v1",
                  "user/app:v1"},
        ValidCase{"index.docker.io/busybox",
                  "docker.io",
                  "library/busybox",
                  "latest",
                  {},
                  "docker.io/library/busybox:latest",
                  "busybox:latest"},
        // Nested official paths keep "library/" so they can't collide with user repos.
        ValidCase{"library/a/b",
                  "docker.io",
                  "library/a/b",
                  "latest",
                  {},
                  "docker.io/library/a/b:latest",
                  "library/a/b:latest"},
        ValidCase{"localhost/x",
                  "localhost",
                  "x",
                  "latest",
                  {},
                  "localhost/x:latest",
                  "localhost/x:latest"},
        ValidCase{"localhost:5000/x",
                  "localhost:5000",
                  "x",
                  "latest",
                  {},
                  "localhost:5000/x:latest",
                  "localhost:5000/x:latest"},
        ValidCase{"host:5000/a/b:tag",
                  "host:5000",
                  "a/b",
                  "tag",
                  {},
                  "host:5000/a/b:tag",
                  "host:5000/a/b:tag"},
        ValidCase{"ghcr.io/owner/repo/sub:1.0",
                  "ghcr.io",
                  "owner/repo/sub",
                  "1.0",
                  {},
                  "ghcr.io/owner/repo/sub:1.0",
                  "ghcr.io/owner/repo/sub:1.0"},
        ValidCase{"127.0.0.1:5000/app",
                  "127.0.0.1:5000",
                  "app",
                  "latest",
                  {},
                  "127.0.0.1:5000/app:latest",
                  "127.0.0.1:5000/app:latest"},
        ValidCase{"[::1]:5000/app:v2",
                  "[::1]:5000",
                  "app",
                  "v2",
                  {},
                  "[::1]:5000/app:v2",
                  "[::1]:5000/app:v2"},
        ValidCase{"[fe80::1]/app",
                  "[fe80::1]",
                  "app",
                  "latest",
                  {},
                  "[fe80::1]/app:latest",
                  "[fe80::1]/app:latest"},
        // A capitalized first component can only be a host: paths are lowercase.
        ValidCase{"Registry.Example/app",
                  "Registry.Example",
                  "app",
                  "latest",
                  {},
                  "Registry.Example/app:latest",
                  "Registry.Example/app:latest"},
        ValidCase{"Foo/bar", "Foo", "bar", "latest", {}, "Foo/bar:latest", "Foo/bar:latest"},
        ValidCase{"my-host.example.com/a",
                  "my-host.example.com",
                  "a",
                  "latest",
                  {},
                  "my-host.example.com/a:latest",
                  "my-host.example.com/a:latest"},
        ValidCase{"busybox@" + kDigest,
                  "docker.io",
                  "library/busybox",
                  {},
                  kDigest,
                  "docker.io/library/busybox@" + kDigest,
                  "busybox@" + kDigest},
        ValidCase{"busybox:1.36@" + kDigest, "docker.io", "library/busybox", "1.36", kDigest,
                  "docker.io/library/busybox:1.36@" + kDigest, "busybox:1.36@" + kDigest},
        ValidCase{"localhost:5000/x@" + kDigest,
                  "localhost:5000",
                  "x",
                  {},
                  kDigest,
                  "localhost:5000/x@" + kDigest,
                  "localhost:5000/x@" + kDigest},
        ValidCase{"a/b@sha512:" + std::string(128, '0'),
                  "docker.io",
                  "a/b",
                  {},
                  "sha512:" + std::string(128, '0'),
                  "docker.io/a/b@sha512:" + std::string(128, '0'),
                  "a/b@sha512:" + std::string(128, '0')},
        // Separators: ".", "_", "__", any run of "-".
        ValidCase{"a/b.c_d__e---f/g-h",
                  "docker.io",
                  "a/b.c_d__e---f/g-h",
                  "latest",
                  {},
                  "docker.io/a/b.c_d__e---f/g-h:latest",
                  "a/b.c_d__e---f/g-h:latest"},
        // Tags: word characters first, then word characters, dots and dashes; any case.
        ValidCase{"app:_V1.0-rc.1",
                  "docker.io",
                  "library/app",
                  "_V1.0-rc.1",
                  {},
                  "docker.io/library/app:_V1.0-rc.1",
                  "app:_V1.0-rc.1"},
        ValidCase{"app:" + std::string(128, 't'),
                  "docker.io",
                  "library/app",
                  std::string(128, 't'),
                  {},
                  "docker.io/library/app:" + std::string(128, 't'),
                  "app:" + std::string(128, 't')},
        // "host:port" without a slash is a name and a tag.
        ValidCase{"foo:5000",
                  "docker.io",
                  "library/foo",
                  "5000",
                  {},
                  "docker.io/library/foo:5000",
                  "foo:5000"},
        // Single-character components and names.
        ValidCase{
            "a", "docker.io", "library/a", "latest", {}, "docker.io/library/a:latest", "a:latest"},
        ValidCase{"h/a", "docker.io", "h/a", "latest", {}, "docker.io/h/a:latest", "h/a:latest"},
        ValidCase{"localhost",
                  "docker.io",
                  "library/localhost",
                  "latest",
                  {},
                  "docker.io/library/localhost:latest",
                  "localhost:latest"}));

struct InvalidCase {
  std::string input;
  std::string message;
};

void PrintTo(const InvalidCase& c, std::ostream* os) {
  *os << c.input;
}

class InvalidReference : public ::testing::TestWithParam<InvalidCase> {};

TEST_P(InvalidReference, ThrowsDockerWording) {
  const auto& c = GetParam();
  try {
    Reference::parse(c.input);
    ADD_FAILURE() << "parsed: " << c.input;
  } catch (const InvalidArgumentError& e) {
    EXPECT_EQ(std::string(e.what()), c.message) << c.input;
  }
  EXPECT_EQ(Reference::try_parse(c.input), std::nullopt);
}

const std::string kInvalid = "invalid reference format";

INSTANTIATE_TEST_SUITE_P(
    Table, InvalidReference,
    ::testing::Values(
        InvalidCase{"", kInvalid}, InvalidCase{":", kInvalid}, InvalidCase{"/", kInvalid},
        InvalidCase{"@", kInvalid}, InvalidCase{" python", kInvalid},
        InvalidCase{"python ", kInvalid}, InvalidCase{"python:", kInvalid},
        InvalidCase{"python@", kInvalid}, InvalidCase{"python:tag:more", kInvalid},
        InvalidCase{"python:-tag", kInvalid}, InvalidCase{"python:.tag", kInvalid},
        InvalidCase{"python:ta/g", kInvalid}, InvalidCase{"python:t!g", kInvalid},
        InvalidCase{"app:" + std::string(129, 't'), kInvalid}, InvalidCase{"a//b", kInvalid},
        InvalidCase{"a/b/", kInvalid}, InvalidCase{"/a", kInvalid}, InvalidCase{"-a", kInvalid},
        InvalidCase{"a-", kInvalid}, InvalidCase{"a..b", kInvalid}, InvalidCase{"a___b", kInvalid},
        InvalidCase{"a._b", kInvalid}, InvalidCase{".a", kInvalid}, InvalidCase{"a$b", kInvalid},
        InvalidCase{"localhost:5000/", kInvalid}, InvalidCase{"localhost:/x", kInvalid},
        InvalidCase{"localhost:50a0/x", kInvalid}, InvalidCase{"-host.com/x", kInvalid},
        InvalidCase{"host-.com/x", kInvalid}, InvalidCase{"host..com/x", kInvalid},
        InvalidCase{"under_score.com/x", kInvalid}, InvalidCase{"[::1/x", kInvalid},
        InvalidCase{"[]/x", kInvalid}, InvalidCase{"[::g]/x", kInvalid},
        InvalidCase{"[::1]x/y", kInvalid}, InvalidCase{"python@sha256:abc", kInvalid},
        InvalidCase{"python@sha256:" + std::string(64, 'z'), kInvalid},
        InvalidCase{"python@256:" + std::string(64, 'a'), kInvalid},
        InvalidCase{"python@sha256" + std::string(64, 'a'), kInvalid},
        InvalidCase{"python@" + kDigest + "@" + kDigest, kInvalid},
        InvalidCase{"python@" + kDigest + ":tag", kInvalid},
        // Capitals in the repository path: Docker names the normalized path.
        InvalidCase{"Foo",
                    "invalid reference format: repository name (library/Foo) must be "
                    "lowercase"},
        InvalidCase{"PYTHON:3",
                    "invalid reference format: repository name (library/PYTHON) "
                    "must be lowercase"},
        InvalidCase{"user/App",
                    "invalid reference format: repository name (user/App) must be "
                    "lowercase"},
        InvalidCase{"localhost:5000/Foo/bar:tag",
                    "invalid reference format: repository name (Foo/bar) must be lowercase"},
        // Digests that pass the grammar but not go-digest's checks.
        InvalidCase{"python@md5:" + std::string(32, 'a'), "unsupported digest algorithm"},
        InvalidCase{"python@sha256:" + std::string(40, 'a'), "invalid checksum digest length"},
        InvalidCase{"python@sha256:" + std::string(64, 'A'), "invalid checksum digest format"},
        InvalidCase{"python@sha512:" + std::string(64, 'a'), "invalid checksum digest length"},
        // Image IDs are never names.
        InvalidCase{kHex, "invalid repository name (" + kHex +
                              "), cannot specify 64-byte hexadecimal strings"},
        InvalidCase{kDigest, "invalid repository name (" + kDigest +
                                 "), cannot specify 64-byte hexadecimal strings"},
        InvalidCase{"a/" + std::string(254, 'b'),
                    "repository name must not be more than 255 characters"}));

TEST(Reference, PathLengthLimitCountsThePathOnly) {
  auto ok = Reference::parse("a/" + std::string(253, 'b'));
  EXPECT_EQ(ok.path().size(), 255u);
  auto hosted = Reference::parse("registry.example.com:5000/a/" + std::string(253, 'b'));
  EXPECT_EQ(hosted.path().size(), 255u);
  // "library/" is part of the path, so a long official name counts it too.
  EXPECT_THROW(Reference::parse(std::string(250, 'p')), InvalidArgumentError);
}

TEST(Reference, LooksLikeFullId) {
  EXPECT_TRUE(Reference::looks_like_full_id(kHex));
  EXPECT_TRUE(Reference::looks_like_full_id(kDigest));
  EXPECT_FALSE(Reference::looks_like_full_id(std::string(63, 'a')));
  EXPECT_FALSE(Reference::looks_like_full_id(std::string(65, 'a')));
  EXPECT_FALSE(Reference::looks_like_full_id(std::string(64, 'A')));
  EXPECT_FALSE(Reference::looks_like_full_id(std::string(64, 'g')));
  EXPECT_FALSE(Reference::looks_like_full_id("sha512:" + kHex));
  EXPECT_FALSE(Reference::looks_like_full_id("abc123"));
  EXPECT_FALSE(Reference::looks_like_full_id(""));
  // A short ID prefix is still a valid name; callers resolve IDs before names.
  EXPECT_NO_THROW(Reference::parse("abc123def456"));
}

TEST(Reference, WithTagReplacesTagAndKeepsDigest) {
  auto ref = Reference::parse("python:3.11");
  auto retagged = ref.with_tag("3.12-slim");
  EXPECT_EQ(retagged.str(), "docker.io/library/python:3.12-slim");
  EXPECT_EQ(retagged.familiar(), "python:3.12-slim");
  EXPECT_EQ(ref.tag(), "3.11");  // the original is untouched

  auto pinned = Reference::parse("busybox@" + kDigest).with_tag("v1");
  EXPECT_EQ(pinned.str(), "docker.io/library/busybox:v1@" + kDigest);
  EXPECT_EQ(pinned, Reference::parse("busybox:v1@" + kDigest));
}

TEST(Reference, WithTagValidates) {
  auto ref = Reference::parse("python");
  for (const std::string& bad : std::vector<std::string>{"", "-x", ".x", "a/b", "a:b", "a@b",
                                                         "sp ace", std::string(129, 'x')}) {
    try {
      ref.with_tag(bad);
      ADD_FAILURE() << "accepted tag " << bad;
    } catch (const InvalidArgumentError& e) {
      EXPECT_STREQ(e.what(), "invalid tag format");
    }
  }
  EXPECT_NO_THROW(ref.with_tag(std::string(128, 'x')));
  EXPECT_NO_THROW(ref.with_tag("_"));
  EXPECT_NO_THROW(ref.with_tag("UPPER"));
}

TEST(Reference, IsValidTag) {
  EXPECT_TRUE(Reference::is_valid_tag("latest"));
  EXPECT_TRUE(Reference::is_valid_tag("1.0.0-rc_1"));
  EXPECT_FALSE(Reference::is_valid_tag(""));
  EXPECT_FALSE(Reference::is_valid_tag("-1"));
  EXPECT_FALSE(Reference::is_valid_tag("a+b"));
}

TEST(Reference, FamiliarNames) {
  EXPECT_EQ(Reference::parse("python").familiar_name(), "python");
  EXPECT_EQ(Reference::parse("user/app:1").familiar_name(), "user/app");
  EXPECT_EQ(Reference::parse("localhost/x").familiar_name(), "localhost/x");
  EXPECT_EQ(Reference::parse("host:5000/a/b:tag").familiar_name(), "host:5000/a/b");
  EXPECT_EQ(Reference::parse("docker.io/library/python").familiar_name(), "python");
  EXPECT_EQ(Reference::parse("docker.io/library/a/b").familiar_name(), "library/a/b");
}

TEST(Reference, EqualityIsOnNormalizedForm) {
  EXPECT_EQ(Reference::parse("python"), Reference::parse("docker.io/library/python:latest"));
  EXPECT_EQ(Reference::parse("index.docker.io/library/python"), Reference::parse("python"));
  EXPECT_NE(Reference::parse("python"), Reference::parse("python:3"));
  EXPECT_NE(Reference::parse("python:3"), Reference::parse("python:3@" + kDigest));
  EXPECT_NE(Reference::parse("localhost/python"), Reference::parse("python"));
}

TEST(Reference, WithoutTagOrDigest) {
  auto bare = Reference::parse("busybox:1@" + kDigest).without_tag_or_digest();
  EXPECT_EQ(bare.str(), "docker.io/library/busybox");
  EXPECT_EQ(bare.familiar(), "busybox");
  EXPECT_FALSE(bare.tag());
  EXPECT_FALSE(bare.digest());
}

}  // namespace reference_test
}  // namespace berth::image
