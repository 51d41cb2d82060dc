#include "spaces/git/git_lfs_pointer.hpp"

#include <gtest/gtest.h>

namespace berth::spaces {
namespace {

constexpr std::string_view kOid =
    "4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393";

std::string pointer(std::string_view oid, std::string_view size) {
  return "version https://git-lfs.github.com/spec/v1\noid sha256:" + std::string(oid) + "\nsize " +
         std::string(size) + "\n";
}

TEST(LfsPointer, ParsesTheSpecsExample) {
  auto parsed = parse_lfs_pointer(pointer(kOid, "12345"));
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->oid, kOid);
  EXPECT_EQ(parsed->size, 12345u);
  // Extension lines are allowed.
  std::string with_ext =
      "version https://git-lfs.github.com/spec/v1\next-0-foo sha256:" + std::string(kOid) +
      "\noid sha256:" + std::string(kOid) + "\nsize 1\n";
  EXPECT_TRUE(parse_lfs_pointer(with_ext));
}

TEST(LfsPointer, OrdinaryAndMalformedFilesAreNoPointers) {
  EXPECT_FALSE(parse_lfs_pointer("hello\n"));
  EXPECT_FALSE(parse_lfs_pointer(""));
  EXPECT_FALSE(parse_lfs_pointer(pointer(kOid, "12345").substr(0, 60)));  // cut short
  EXPECT_FALSE(parse_lfs_pointer(pointer("../../etc/passwd", "1")));      // not an oid
  EXPECT_FALSE(parse_lfs_pointer(pointer(std::string(64, 'A'), "1")));    // upper case
  EXPECT_FALSE(parse_lfs_pointer(pointer(kOid, "-1")));
  EXPECT_FALSE(parse_lfs_pointer(pointer(kOid, "99999999999999999999999")));  // overflows
  EXPECT_FALSE(parse_lfs_pointer(pointer(kOid, "12 ")));
  std::string twice = pointer(kOid, "1") + "size 2\n";
  EXPECT_FALSE(parse_lfs_pointer(twice));
  // Pointers are small: a large file that starts like one is still a file.
  std::string large = pointer(kOid, "1") + "x " + std::string(kMaxLfsPointerSize, 'x') + "\n";
  EXPECT_FALSE(parse_lfs_pointer(large));
}

}  // namespace
}  // namespace berth::spaces
