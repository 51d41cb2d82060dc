#include "build/executor/image_visibility.hpp"

#include <gtest/gtest.h>

namespace berth::build {
namespace {

TEST(ImageVisibility, AdminImagesAreAllowedBaseImages) {
  EXPECT_TRUE(image_visible_to_tenant("bob/y", std::nullopt, {"docker.io/library/busybox:1"}));
  EXPECT_TRUE(image_visible_to_tenant("bob/y", std::nullopt, {}));  // untagged, by digest
}

TEST(ImageVisibility, AnotherSpacesImageIsHidden) {
  EXPECT_FALSE(image_visible_to_tenant("bob/y", std::string("alice/x"), {}));
  EXPECT_FALSE(
      image_visible_to_tenant("bob/y", std::string("alice/x"), {"docker.io/library/retagged:1"}));
  // A Space's tag marks it even without the label (built before the label existed).
  EXPECT_FALSE(
      image_visible_to_tenant("bob/y", std::nullopt, {"localhost/spaces/alice/x:0123456789ab"}));
  // Names that only look alike are different Spaces.
  EXPECT_FALSE(image_visible_to_tenant("alice/x", std::string("alice/x-2"), {}));
  EXPECT_FALSE(
      image_visible_to_tenant("alice-my/app", std::nullopt, {"localhost/spaces/alice/my-app:1"}));
}

TEST(ImageVisibility, TheSpacesOwnImagesAreVisible) {
  EXPECT_TRUE(image_visible_to_tenant("alice/x", std::string("alice/x"),
                                      {"localhost/spaces/alice/x:0123456789ab"}));
  EXPECT_TRUE(image_visible_to_tenant("Alice/X", std::nullopt, {"localhost/spaces/alice/x:1"}));
}

TEST(ImageVisibility, TheErrorNamesOnlyWhatWasAskedFor) {
  EXPECT_EQ(image_not_visible_message("localhost/spaces/alice/x:1"),
            "failed to resolve source metadata for localhost/spaces/alice/x:1: pull access "
            "denied, repository does not exist or may require authorization");
}

}  // namespace
}  // namespace berth::build
