#include "spaces/preview_names.hpp"

#include <gtest/gtest.h>

namespace berth::spaces {
namespace {

TEST(PreviewNamesTest, BranchesBecomeDnsLabelPieces) {
  EXPECT_EQ(preview_branch_label("feature/Login_v2"), "feature-login-v2");
  EXPECT_EQ(preview_branch_label("dev"), "dev");
  EXPECT_EQ(preview_branch_label("--weird..name--"), "weird-name");
  EXPECT_EQ(preview_branch_label("ünïcode"), "n-code");
  EXPECT_EQ(preview_branch_label("///"), "branch");
  EXPECT_EQ(preview_branch_label(std::string(100, 'a')), std::string(kMaxBranchLabel, 'a'));
  // Cut at the limit, no '-' left at the end.
  EXPECT_EQ(preview_branch_label(std::string(kMaxBranchLabel - 1, 'a') + "/b"),
            std::string(kMaxBranchLabel - 1, 'a'));
}

TEST(PreviewNamesTest, APreviewsIdIsItsSpacesWithTheBranchLabel) {
  EXPECT_EQ(preview_id("alice/app", "feature/x"), "alice/app--feature-x");
}

}  // namespace
}  // namespace berth::spaces
