#include "cli/layer_progress_view.hpp"

#include <gtest/gtest.h>

#include <sstream>

namespace berth::cli {
namespace {

TEST(ProgressBar, DockersFiftyCellsAndSizes) {
  EXPECT_EQ(format_progress_bar(0, 2000000), "[>" + std::string(50, ' ') + "]       0B/2MB");
  EXPECT_EQ(format_progress_bar(1000000, 2000000),
            "[" + std::string(25, '=') + ">" + std::string(25, ' ') + "]      1MB/2MB");
  EXPECT_EQ(format_progress_bar(2000000, 2000000), "[" + std::string(50, '=') + ">]      2MB/2MB");
  EXPECT_EQ(format_progress_bar(10, 0).substr(0, 2), "[>") << "an unknown total";
}

TEST(LayerProgressView, RowsAreRedrawnInPlaceAndOtherLinesPrinted) {
  std::ostringstream out;
  LayerProgressView view(out);
  view.line("v1: Pulling from test/bb");
  view.line("aaaaaaaaaaaa: Pulling fs layer");
  view.line("bbbbbbbbbbbb: Pulling fs layer");
  view.bytes("aaaaaaaaaaaa", 5, 10);
  view.line("aaaaaaaaaaaa: Pull complete");
  view.line("Digest: sha256:x");
  std::string text = out.str();
  EXPECT_EQ(text.find("v1: Pulling from test/bb\naaaaaaaaaaaa: Pulling fs layer\n"
                      "bbbbbbbbbbbb: Pulling fs layer\n"),
            0u);
  // The first of two rows: two lines up, cleared, rewritten, two lines down.
  EXPECT_NE(text.find("\x1b[2A\r\x1b[2Kaaaaaaaaaaaa: Downloading [" + std::string(25, '=') + ">"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("\x1b[2A\r\x1b[2Kaaaaaaaaaaaa: Pull complete\x1b[2B\r"), std::string::npos);
  EXPECT_EQ(text.substr(text.size() - 17), "Digest: sha256:x\n");
}

}  // namespace
}  // namespace berth::cli
