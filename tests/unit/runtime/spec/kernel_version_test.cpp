#include "runtime/spec/kernel_version.hpp"

#include <gtest/gtest.h>

namespace berth::runtime {
namespace {

TEST(KernelVersion, Parses) {
  EXPECT_EQ(parse_kernel_version("6.1.0-13-amd64"), (KernelVersion{6, 1}));
  EXPECT_EQ(parse_kernel_version("4.8"), (KernelVersion{4, 8}));
  EXPECT_EQ(parse_kernel_version("5.15.0+"), (KernelVersion{5, 15}));
  EXPECT_EQ(parse_kernel_version("5"), std::nullopt);
  EXPECT_EQ(parse_kernel_version("x.1"), std::nullopt);
  EXPECT_LT((KernelVersion{4, 19}), (KernelVersion{5, 3}));
  EXPECT_LT((KernelVersion{5, 3}), (KernelVersion{5, 10}));
}

}  // namespace
}  // namespace berth::runtime
