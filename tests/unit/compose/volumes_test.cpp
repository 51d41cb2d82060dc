// Service volumes: short and long forms (named, anonymous, bind, tmpfs, read_only) and
// top-level volumes.
#include <gtest/gtest.h>

#include "compose/volume_mount.hpp"
#include "compose_test_project.hpp"

namespace berth::compose {
namespace {

TEST(ComposeVolumes, ShortForms) {
  auto named = parse_volume_spec("data:/data:ro").mount;
  ASSERT_TRUE(named);
  EXPECT_EQ(named->type, "volume");
  EXPECT_EQ(named->source, "data");
  EXPECT_TRUE(named->read_only);
  auto anonymous = parse_volume_spec("/cache").mount;
  EXPECT_EQ(anonymous->type, "volume");
  EXPECT_EQ(anonymous->source, "");
  auto bind = parse_volume_spec("./src:/app:rw,z").mount;
  EXPECT_EQ(bind->type, "bind");
  EXPECT_FALSE(bind->read_only);
  EXPECT_EQ(bind->bind_selinux, "z");
  EXPECT_EQ(parse_volume_spec("data:relative").error,
            "invalid volume spec \"data:relative\": the target must be an absolute path");
  EXPECT_EQ(parse_volume_spec("a:/b:ro:x").error,
            "invalid volume spec \"a:/b:ro:x\": too many colons");
  EXPECT_EQ(parse_volume_spec("a:/b:bogus").error,
            "invalid volume spec \"a:/b:bogus\": unknown option \"bogus\"");
}

TEST(ComposeVolumes, LoadedWithPathsResolvedAndNamesPrefixed) {
  testing::ComposeTestProject p;
  p.write("compose.yaml", R"(services:
  web:
    image: nginx
    volumes:
      - data:/data
      - ./site:/usr/share/nginx/html:ro
      - ~/.cache:/cache
      - type: tmpfs
        target: /tmp/
        tmpfs: {size: 64m}
      - type: volume
        source: ext
        target: /ext
        read_only: true
volumes:
  data:
    labels: [tier=db]
  ext:
    external: true
)");
  auto project = p.load();
  const auto& v = project.services.at("web").volumes;
  ASSERT_EQ(v.size(), 5u);
  EXPECT_EQ(v[1].source, (p.dir() / "site").string());
  EXPECT_TRUE(v[1].read_only);
  EXPECT_EQ(v[2].source, "/home/someone/.cache");
  EXPECT_EQ(v[3].type, "tmpfs");
  EXPECT_EQ(v[3].target, "/tmp");
  EXPECT_EQ(*v[3].tmpfs_size, 64 << 20);
  EXPECT_TRUE(v[4].read_only);
  EXPECT_EQ(project.volumes.at("data").name, "proj_data");
  EXPECT_EQ(project.volumes.at("data").labels.at("tier"), "db");
  EXPECT_EQ(project.volumes.at("ext").name, "ext");
  EXPECT_TRUE(project.volumes.at("ext").external);
}

TEST(ComposeVolumes, UndefinedNamedVolumeIsAnError) {
  testing::ComposeTestProject p;
  p.write("compose.yaml",
          "services:\n  web:\n    image: nginx\n    volumes:\n      - /ok\n      - data:/data\n");
  EXPECT_EQ(p.error(),
            "compose.yaml:6: services.web.volumes[1]: service \"web\" refers to undefined volume "
            "\"data\"");
}

}  // namespace
}  // namespace berth::compose
