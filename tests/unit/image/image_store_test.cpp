#include "image/image_store.hpp"

#include <archive.h>
#include <archive_entry.h>
#include <fmt/format.h>
#include <gtest/gtest.h>

#include "base/error.hpp"
#include "image/archive/image_loader.hpp"
#include "image/oci/media_types.hpp"
#include "support/test_images.hpp"

namespace berth::image {
namespace {

using test_support::make_layer;

class ImageStoreTest : public ::testing::Test {
 protected:
  Digest add_image(const std::vector<std::string>& layer_tars, const std::vector<std::string>& tags,
                   const std::string& created = "2024-01-01T00:00:00Z") {
    return test_support::add_image(store, {layer_tars, tags, created});
  }

  TempDir root;
  ImageStore store{root.path()};
  std::string base = make_layer({{"etc/os-release", "base"}});
};

TEST_F(ImageStoreTest, ResolvesByTagIdAndPrefix) {
  Digest id = add_image({base}, {"busybox:1"});
  EXPECT_EQ(store.resolve("busybox:1").id, id);
  EXPECT_EQ(store.resolve("docker.io/library/busybox:1").id, id);
  EXPECT_EQ(store.resolve(id.str()).id, id);
  EXPECT_EQ(store.resolve(id.hex()).id, id);
  EXPECT_EQ(store.resolve(id.hex().substr(0, 5)).id, id);
  EXPECT_THROW(store.resolve("busybox:2"), NotFoundError);
  try {
    store.resolve("nosuch");
    FAIL();
  } catch (const NotFoundError& e) {
    EXPECT_STREQ(e.what(), "No such image: nosuch:latest");
  }
}

TEST_F(ImageStoreTest, RecordsLayersSizesAndSnapshots) {
  Digest id = add_image({base, make_layer({{"app", "12345"}})}, {"app:v1"});
  auto image = store.resolve("app:v1");
  ASSERT_EQ(image.layers.size(), 2u);
  EXPECT_EQ(image.size, 4 + 5);
  for (const auto& l : image.layers) EXPECT_TRUE(store.snapshots().exists(l.layer.chain_id));
  EXPECT_EQ(image.layers[1].layer.chain_id,
            chain_ids({image.layers[0].layer.diff_id, image.layers[1].layer.diff_id})[1]);
  EXPECT_EQ(store.config(image).id(), id);
}

TEST_F(ImageStoreTest, TagsMoveBetweenImages) {
  Digest a = add_image({base}, {"x:latest"}, "2024-01-01T00:00:00Z");
  Digest b = add_image({base}, {"x:latest"}, "2024-01-02T00:00:00Z");
  EXPECT_EQ(store.resolve("x").id, b);
  EXPECT_TRUE(store.find(a)->tags.empty());
}

TEST_F(ImageStoreTest, GarbageCollectionKeepsSharedContent) {
  std::string top_a = make_layer({{"a", "a"}});
  std::string top_b = make_layer({{"b", "b"}});
  Digest a = add_image({base, top_a}, {"a:1"});
  Digest b = add_image({base, top_b}, {"b:1"});
  auto image_b = *store.find(b);
  store.untag(Reference::parse("a:1"));
  store.delete_image(a);
  auto gc = store.collect_garbage();
  EXPECT_EQ(gc.removed_layers.size(), 1u);
  // Everything b needs is still there.
  for (const auto& l : image_b.layers) {
    EXPECT_TRUE(store.snapshots().exists(l.layer.chain_id));
    EXPECT_TRUE(store.blobs().has(l.blob.digest));
  }
  EXPECT_TRUE(store.blobs().has(b));
  EXPECT_FALSE(store.blobs().has(a));
  EXPECT_FALSE(store.blobs().has(Digest::sha256_of(top_a)));
  store.untag(Reference::parse("b:1"));
  store.delete_image(b);
  store.collect_garbage();
  EXPECT_TRUE(store.blobs().list().empty());
}

TEST_F(ImageStoreTest, AmbiguousPrefixIsAnError) {
  // Make images until two IDs share a first hex digit.
  std::map<char, int> seen;
  for (int i = 0; i < 20; ++i) {
    Digest id = add_image({base}, {}, "2024-01-01T00:00:" + fmt::format("{:02}", i) + "Z");
    if (++seen[id.hex()[0]] == 2) {
      EXPECT_THROW(store.resolve(std::string(1, id.hex()[0])), InvalidArgumentError);
      return;
    }
  }
  FAIL() << "no shared first digit in 20 images";
}

TEST_F(ImageStoreTest, WrongDiffIdIsRejectedAndNothingRecorded) {
  Digest d = store.blobs().put(base);
  Descriptor blob{std::string(media_type::kOciLayer), d, static_cast<int64_t>(base.size()), {}, {}};
  EXPECT_THROW(store.ensure_layer(std::nullopt, blob, Digest::sha256_of("other")), Error);
  EXPECT_TRUE(store.list().empty());
  EXPECT_FALSE(store.snapshots().exists(Digest::sha256_of("other")));
}

}  // namespace
}  // namespace berth::image
