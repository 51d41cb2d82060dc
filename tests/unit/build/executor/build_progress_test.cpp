#include "build/executor/build_progress.hpp"

#include <gtest/gtest.h>

#include <regex>
#include <sstream>

namespace berth::build {
namespace {

TEST(BuildProgressTest, WritesBuildKitsPlainFormat) {
  std::ostringstream out;
  BuildProgress progress(out);
  auto first = progress.begin("[1/2] FROM base");
  progress.done(first);
  auto second = progress.begin("[2/2] RUN make");
  progress.output(second, "compiling");
  progress.line(second, "naming to out:1 done");
  progress.cached(second);
  EXPECT_TRUE(std::regex_match(out.str(), std::regex("#1 \\[1/2\\] FROM base\n"
                                                     "#1 DONE \\d+\\.\\ds\n"
                                                     "#2 \\[2/2\\] RUN make\n"
                                                     "#2 \\d+\\.\\d{3} compiling\n"
                                                     "#2 naming to out:1 done\n"
                                                     "#2 CACHED\n")))
      << out.str();
}

}  // namespace
}  // namespace berth::build
