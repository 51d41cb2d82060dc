#include "image/oci/descriptor.hpp"

#include <gtest/gtest.h>

#include "base/error.hpp"
#include "image/oci/image_config.hpp"
#include "image/oci/media_types.hpp"

namespace berth::image {
namespace descriptor_test {

const std::string kHex(64, 'a');

TEST(Manifest, ParsesAndSerializesOci) {
  std::string text = R"({"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json",
    "config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"sha256:)" +
                     kHex +
                     R"(","size":10},
    "layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar+gzip","digest":"sha256:)" +
                     kHex + R"(","size":20}]})";
  Manifest m = parse_manifest(text);
  EXPECT_EQ(m.media_type, media_type::kOciManifest);
  ASSERT_EQ(m.layers.size(), 1u);
  EXPECT_EQ(m.layers[0].size, 20);
  Manifest again = parse_manifest(serialize(m));
  EXPECT_EQ(again.config.digest, m.config.digest);
  EXPECT_EQ(again.layers[0].media_type, media_type::kOciLayerGzip);
}

TEST(Manifest, ErrorsNameTheField) {
  try {
    parse_manifest(R"({"schemaVersion":2,"config":{"digest":"sha256:x","size":1},"layers":[]})");
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("manifest config"), std::string::npos) << e.what();
  }
  EXPECT_THROW(parse_manifest("{"), Error);
  EXPECT_THROW(parse_manifest(R"({"schemaVersion":1})"), Error);
}

TEST(Index, ReadsPlatforms) {
  std::string text =
      R"({"schemaVersion":2,"manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json",
    "digest":"sha256:)" +
      kHex + R"(","size":5,"platform":{"architecture":"arm64","os":"linux","variant":"v8"}}]})";
  Index i = parse_index(text);
  ASSERT_EQ(i.manifests.size(), 1u);
  ASSERT_TRUE(i.manifests[0].platform);
  EXPECT_EQ(i.manifests[0].platform->variant, "v8");
}

TEST(ImageConfig, ReadsDiffIdsAndCreated) {
  auto c =
      ImageConfig::parse(R"({"created":"2024-01-01T00:00:00Z","architecture":"amd64","os":"linux",
    "rootfs":{"type":"layers","diff_ids":["sha256:)" +
                         kHex + R"("]}})");
  ASSERT_EQ(c.diff_ids().size(), 1u);
  EXPECT_TRUE(c.created());
  EXPECT_EQ(c.id(), Digest::sha256_of(c.raw()));
}

TEST(ImageConfig, RejectsBadRootfs) {
  EXPECT_THROW(ImageConfig::parse(R"({"rootfs":{"type":"nope"}})"), Error);
  EXPECT_THROW(ImageConfig::parse(R"({"rootfs":{"type":"layers","diff_ids":["x"]}})"), Error);
  EXPECT_THROW(ImageConfig::parse(R"([])"), Error);
}

TEST(ChainIds, FollowTheOciDefinition) {
  auto a = Digest::sha256_of("a"), b = Digest::sha256_of("b");
  auto chains = chain_ids({a, b});
  ASSERT_EQ(chains.size(), 2u);
  EXPECT_EQ(chains[0], a);
  EXPECT_EQ(chains[1], Digest::sha256_of(a.str() + " " + b.str()));
}

}  // namespace descriptor_test
}  // namespace berth::image
