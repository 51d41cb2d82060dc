#include "spaces/front_matter.hpp"

#include <gtest/gtest.h>

namespace berth::spaces {
namespace {

using Status = FrontMatter::Status;

TEST(FrontMatter, FindsTheLinesBetweenTheMarkers) {
  auto fm = find_front_matter("---\ntitle: x\nsdk: docker\n---\n# Hello\n---\nmore\n");
  ASSERT_EQ(fm.status, Status::kFound);
  EXPECT_EQ(fm.yaml, "title: x\nsdk: docker\n");
  EXPECT_EQ(fm.yaml_line, 2);
  EXPECT_EQ(fm.closing_line, 4);
}

TEST(FrontMatter, EmptyHeaderAndHeaderAtEndOfFile) {
  auto empty = find_front_matter("---\n---\n");
  ASSERT_EQ(empty.status, Status::kFound);
  EXPECT_EQ(empty.yaml, "");
  EXPECT_EQ(empty.closing_line, 2);
  auto no_newline = find_front_matter("---\nsdk: docker\n---");
  ASSERT_EQ(no_newline.status, Status::kFound);
  EXPECT_EQ(no_newline.yaml, "sdk: docker\n");
}

TEST(FrontMatter, AllowsBomTrailingBlanksAndCrlf) {
  auto fm = find_front_matter("\xEF\xBB\xBF---  \r\nsdk: docker\r\n--- \t\r\nbody\r\n");
  ASSERT_EQ(fm.status, Status::kFound);
  EXPECT_EQ(fm.yaml, "sdk: docker\r\n");
  EXPECT_EQ(fm.closing_line, 3);
}

TEST(FrontMatter, MissingUnlessTheFirstLineIsTheMarker) {
  for (const char* readme :
       {"", "# Title\n---\nsdk: docker\n---\n", "\n---\nsdk: docker\n---\n",
        " ---\nsdk: docker\n---\n", "----\nsdk: docker\n----\n", "--- yaml\nsdk: docker\n---\n"}) {
    EXPECT_EQ(find_front_matter(readme).status, Status::kMissing) << readme;
  }
}

TEST(FrontMatter, UnclosedWithoutASecondMarker) {
  for (const char* readme : {"---", "---\n", "---\nsdk: docker\n", "---\nsdk: docker\n----\n",
                             "---\nsdk: docker\n ---\n"}) {
    EXPECT_EQ(find_front_matter(readme).status, Status::kUnclosed) << readme;
  }
}

}  // namespace
}  // namespace berth::spaces
