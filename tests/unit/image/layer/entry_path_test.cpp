#include "image/layer/entry_path.hpp"

#include <gtest/gtest.h>

#include "base/error.hpp"

namespace berth::image {
namespace {

TEST(EntryPath, CleansNames) {
  EXPECT_EQ(clean_entry_path("./usr/bin/", "x"), "usr/bin");
  EXPECT_EQ(clean_entry_path("/etc/passwd", "x"), "etc/passwd");
  EXPECT_EQ(clean_entry_path("a//b/./c", "x"), "a/b/c");
  EXPECT_EQ(clean_entry_path("a/b/../c", "x"), "a/c");
  EXPECT_EQ(clean_entry_path("./", "x"), "");
  EXPECT_EQ(clean_entry_path("/", "x"), "");
}

TEST(EntryPath, RejectsEscapes) {
  try {
    clean_entry_path("../etc/passwd", "../etc/passwd");
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(), "layer entry \"../etc/passwd\": path escapes the layer root");
  }
  EXPECT_THROW(clean_entry_path("a/../../b", "x"), Error);
  EXPECT_THROW(clean_entry_path("/..", "x"), Error);
}

}  // namespace
}  // namespace berth::image
