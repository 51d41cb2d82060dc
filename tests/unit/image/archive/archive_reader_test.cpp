#include "image/archive/archive_reader.hpp"

#include <gtest/gtest.h>

#include "base/error.hpp"

namespace berth::image {
namespace {

TEST(CleanArchivePath, NormalizesAndRefusesEscapes) {
  EXPECT_EQ(clean_archive_path("./a/b.json", "x"), "a/b.json");
  EXPECT_EQ(clean_archive_path("a/../b", "x"), "b");
  EXPECT_EQ(clean_archive_path("/blobs//sha256/ab", "x"), "blobs/sha256/ab");
  EXPECT_THROW(clean_archive_path("../etc/passwd", "x"), Error);
  EXPECT_THROW(clean_archive_path("a/../../b", "x"), Error);
}

}  // namespace
}  // namespace berth::image
