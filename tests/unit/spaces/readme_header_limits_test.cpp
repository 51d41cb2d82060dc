// The README header parser's bounds: what an unauthenticated pusher can make one parse cost.
#include <gtest/gtest.h>

#include <string>

#include "spaces/readme_header.hpp"

namespace berth::spaces {
namespace readme_header_limits_test {

std::string error_of(const std::string& text) {
  auto result = parse_readme_header(text);
  if (auto* error = std::get_if<HeaderError>(&result)) return error->message;
  return "no error";
}

// Each unknown key aliases a 9,000-node list: alone each fits the budget, together they made
// a 99 KB header take 17 s and 100 MB to re-emit.
TEST(ReadmeHeaderLimits, AliasedUnknownKeysShareOneBudget) {
  std::string text = "---\nsdk: docker\nx-a: &a [";
  for (int i = 0; i < 8999; ++i) text += i ? ",x" : "x";
  text += "]\n";
  for (int k = 0; k < 200; ++k) text += "x-k" + std::to_string(k) + ": *a\n";
  text += "---\n";
  EXPECT_EQ(error_of(text),
            "README.md:4: x-k0: the values of unknown keys are too large to keep (over 10000 "
            "YAML nodes in all)");
}

TEST(ReadmeHeaderLimits, ReadmeAndHeaderSizesAreCapped) {
  std::string big_readme = "---\nsdk: docker\n---\n" + std::string(kMaxReadmeBytes, 'x');
  EXPECT_EQ(error_of(big_readme), "README.md is larger than 1024 KiB");
  std::string big_header =
      "---\nsdk: docker\ntitle: " + std::string(kMaxHeaderBytes, 'x') + "\n---\n";
  EXPECT_EQ(error_of(big_header), "README.md:1: the YAML header is larger than 64 KiB");
}

TEST(ReadmeHeaderLimits, DeepNestingIsAnErrorNotACrash) {
  std::string text = "---\nsdk: docker\nx: " + std::string(20000, '[') + "\n---\n";
  EXPECT_NE(error_of(text), "no error");
}

}  // namespace readme_header_limits_test
}  // namespace berth::spaces
