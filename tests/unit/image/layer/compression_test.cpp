#include "image/layer/compression.hpp"

#include <gtest/gtest.h>

#include "layer_test_util.hpp"

namespace berth::image {
namespace {

TEST(Compression, DetectsByMagicBytes) {
  std::string tar = testing::make_tar({testing::file("a", "hello")});
  EXPECT_EQ(detect_compression(tar.data(), tar.size()), Compression::kNone);
  std::string gz = testing::gzip(tar);
  EXPECT_EQ(detect_compression(gz.data(), gz.size()), Compression::kGzip);
  std::string zs = testing::zstd(tar);
  EXPECT_EQ(detect_compression(zs.data(), zs.size()), Compression::kZstd);
}

TEST(Compression, ShortInputIsPlain) {
  const unsigned char zstd_prefix[] = {0x28, 0xb5, 0x2f};
  EXPECT_EQ(detect_compression(zstd_prefix, 3), Compression::kNone);
  EXPECT_EQ(detect_compression(nullptr, 0), Compression::kNone);
}

TEST(Compression, Names) {
  EXPECT_EQ(compression_name(Compression::kNone), "none");
  EXPECT_EQ(compression_name(Compression::kGzip), "gzip");
  EXPECT_EQ(compression_name(Compression::kZstd), "zstd");
}

}  // namespace
}  // namespace berth::image
