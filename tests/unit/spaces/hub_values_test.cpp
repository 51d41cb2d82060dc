#include "spaces/hub_values.hpp"

#include <gtest/gtest.h>

#include "base/error.hpp"

namespace berth::spaces {
namespace {

TEST(HubValues, StorageTierSizes) {
  constexpr int64_t kGiB = int64_t{1} << 30;
  EXPECT_EQ(storage_tier_bytes("small"), 20 * kGiB);
  EXPECT_EQ(storage_tier_bytes("medium"), 150 * kGiB);
  EXPECT_EQ(storage_tier_bytes("large"), 1024 * kGiB);
  EXPECT_THROW(storage_tier_bytes("huge"), InvalidArgumentError);
}

TEST(HubValues, ListsTheReferencesSets) {
  EXPECT_EQ(join(thumbnail_colors()), "red, yellow, green, blue, indigo, purple, pink, gray");
  EXPECT_EQ(join(storage_tiers()), "small, medium, large");
  EXPECT_EQ(join(header_styles()), "mini, default");
  EXPECT_EQ(
      join(custom_header_names()),
      "cross-origin-embedder-policy, cross-origin-opener-policy, cross-origin-resource-policy");
  for (const char* flavor : {"cpu-basic", "cpu-upgrade", "t4-small", "t4-medium", "l4x1", "l4x4",
                             "a10g-small", "a10g-large", "a10g-largex2", "a10g-largex4",
                             "a100-large", "zero-a10g", "l40sx1", "h100", "v5e-2x4"}) {
    EXPECT_TRUE(contains(hardware_flavors(), flavor)) << flavor;
  }
  EXPECT_FALSE(contains(hardware_flavors(), "gpu"));
  EXPECT_FALSE(contains(hardware_flavors(), "CPU-BASIC"));
}

TEST(HubValues, CustomHeaderValuesAreTheSpecsTokens) {
  EXPECT_EQ(join(custom_header_values("cross-origin-embedder-policy")),
            "unsafe-none, require-corp, credentialless");
  EXPECT_EQ(join(custom_header_values("cross-origin-opener-policy")),
            "unsafe-none, same-origin-allow-popups, same-origin, noopener-allow-popups");
  EXPECT_EQ(join(custom_header_values("cross-origin-resource-policy")),
            "same-site, same-origin, cross-origin");
  EXPECT_TRUE(custom_header_values("x-frame-options").empty());
  EXPECT_TRUE(custom_header_values("Cross-Origin-Opener-Policy").empty());
}

}  // namespace
}  // namespace berth::spaces
