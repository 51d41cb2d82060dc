#include "cli/format/table_writer.hpp"

#include <gtest/gtest.h>

namespace berth::cli {
namespace {

TEST(TableWriter, DockerImagesHeader) {
  TableWriter w;
  w.add_row({"REPOSITORY", "TAG", "IMAGE ID", "CREATED", "SIZE"});
  EXPECT_EQ(w.render(), "REPOSITORY   TAG       IMAGE ID   CREATED   SIZE\n");
}

TEST(TableWriter, DockerImagesWithRows) {
  // Real `docker images` output: every column is padded to its widest cell plus 3, and at
  // least 10; the last column is not padded.
  TableWriter w;
  w.write("REPOSITORY\tTAG\tIMAGE ID\tCREATED\tSIZE\n");
  w.write("busybox\tlatest\tbeae173ccac6\t2 years ago\t1.24MB\n");
  EXPECT_EQ(w.render(),
            "REPOSITORY   TAG       IMAGE ID       CREATED       SIZE\n"
            "busybox      latest    beae173ccac6   2 years ago   1.24MB\n");
}

TEST(TableWriter, DockerPsHeaderWithNoRows) {
  TableWriter w;
  w.write("CONTAINER ID\tIMAGE\tCOMMAND\tCREATED\tSTATUS\tPORTS\tNAMES\n");
  EXPECT_EQ(w.render(), "CONTAINER ID   IMAGE     COMMAND   CREATED   STATUS    PORTS     NAMES\n");
}

TEST(TableWriter, MinWidthAppliesEvenToEmptyColumns) {
  TableWriter w;
  w.add_row({"", "x"});
  EXPECT_EQ(w.render(), std::string(10, ' ') + "x\n");
}

TEST(TableWriter, WidthCountsRunesNotBytes) {
  TableWriter w;
  w.add_row({"héllo wörld!", "b"});
  w.add_row({"a", "b"});
  EXPECT_EQ(w.render(), "héllo wörld!   b\na              b\n");
}

TEST(TableWriter, BlocksEndAtLinesWithoutTheColumn) {
  // tabwriter aligns a column only across consecutive lines that have it.
  TableWriter w;
  w.write("aaaaaaaaaaaaaaa\tb\n");
  w.write("no tabs here\n");
  w.write("c\td\n");
  EXPECT_EQ(w.render(),
            "aaaaaaaaaaaaaaa   b\n"
            "no tabs here\n"
            "c         d\n");
}

TEST(TableWriter, NestedColumnBlocks) {
  TableWriter w;
  w.write("a\tb\tc\n");
  w.write("a\tbbbbbbbbbbbb\n");
  w.write("aaaaaaaaaaaaa\tb\tc\n");
  EXPECT_EQ(w.render(),
            "a               b         c\n"
            "a               bbbbbbbbbbbb\n"
            "aaaaaaaaaaaaa   b         c\n");
}

TEST(TableWriter, TrailingTabMakesLastCellAColumn) {
  TableWriter w;
  w.write("a\tb\t\n");
  EXPECT_EQ(w.render(), "a         b         \n");
}

TEST(TableWriter, UnterminatedLineIsFlushedWithoutNewline) {
  TableWriter w;
  w.write("a\tb\nc\td");
  EXPECT_EQ(w.render(), "a         b\nc         d");
}

TEST(TableWriter, CustomOptions) {
  TableWriter w(TableWriter::Options{0, 1, '.'});
  w.add_row({"ab", "c", "d"});
  w.add_row({"a", "cc", "d"});
  EXPECT_EQ(w.render(), "ab.c..d\na..cc.d\n");
}

TEST(TableWriter, EmptyWriterRendersNothing) {
  EXPECT_EQ(TableWriter().render(), "");
}

}  // namespace
}  // namespace berth::cli
