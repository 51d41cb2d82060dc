#include "spaces/local/log_line_stream.hpp"

#include <gtest/gtest.h>

#include <thread>
#include <vector>

namespace berth::spaces {
namespace {

TEST(LogLineStream, HandsOverWholeLinesAndTheUnfinishedLastOne) {
  std::vector<std::string> lines;
  {
    LogLineStream out([&](std::string_view line) { lines.emplace_back(line); });
    out << "#1 [internal] load build definition\n#2 RUN echo " << 42 << "\n\n";
    out << "Error: no newline";
    EXPECT_EQ(lines.size(), 3u);
  }
  EXPECT_EQ(lines, (std::vector<std::string>{"#1 [internal] load build definition",
                                             "#2 RUN echo 42", "", "Error: no newline"}));
}

TEST(LogLineStream, LinesFromSeveralThreadsNeverMix) {
  std::vector<std::string> lines;
  {
    LogLineStream out([&](std::string_view line) { lines.emplace_back(line); });
    auto writer = [&](char c) {
      std::string line(100, c);
      line.push_back('\n');
      for (int i = 0; i < 200; ++i)
        out.write(line.data(), static_cast<std::streamsize>(line.size()));
    };
    std::thread a(writer, 'a'), b(writer, 'b');
    a.join();
    b.join();
  }
  ASSERT_EQ(lines.size(), 400u);
  for (const auto& l : lines) {
    EXPECT_TRUE(l == std::string(100, 'a') || l == std::string(100, 'b')) << l;
  }
}

}  // namespace
}  // namespace berth::spaces
