#include "cli/format/format_string.hpp"

#include <gtest/gtest.h>

namespace berth::cli {
namespace {

TEST(FormatString, ExpandsOnlyTabAndNewlineEscapes) {
  EXPECT_EQ(expand_format_escapes(R"({{.ID}}\t{{.Name}}\n)"), "{{.ID}}\t{{.Name}}\n");
  EXPECT_EQ(expand_format_escapes(R"(a\\b\rc\)"), R"(a\\b\rc\)");
  EXPECT_EQ(expand_format_escapes(R"(\\t)"), "\\\t");
}

TEST(FormatString, DetectsTablePrefix) {
  EXPECT_TRUE(is_table_format("table {{.ID}}"));
  EXPECT_TRUE(is_table_format("table"));
  EXPECT_TRUE(is_table_format("tablefoo"));  // Docker only checks the prefix
  EXPECT_FALSE(is_table_format(" table {{.ID}}"));
  EXPECT_FALSE(is_table_format("{{.ID}}"));
}

TEST(FormatString, PrepareStripsPrefixAndSpaces) {
  auto p = prepare_format(R"(table {{.Repository}}\t{{.Tag}}  )");
  EXPECT_TRUE(p.table);
  EXPECT_EQ(p.body, "{{.Repository}}\t{{.Tag}}");
  auto q = prepare_format("  {{.ID}}  ");
  EXPECT_FALSE(q.table);
  EXPECT_EQ(q.body, "{{.ID}}");
}

TEST(FormatString, RenderRowsPlain) {
  std::vector<Json> rows{{{"ID", "abc"}, {"Name", "one"}}, {{"ID", "def"}, {"Name", "two"}}};
  EXPECT_EQ(render_rows(R"({{.ID}}:{{.Name}})", Json::object(), rows), "abc:one\ndef:two\n");
}

TEST(FormatString, RenderRowsTableLikeDockerImages) {
  Json headers = {{"Repository", "REPOSITORY"},
                  {"Tag", "TAG"},
                  {"ID", "IMAGE ID"},
                  {"CreatedSince", "CREATED"},
                  {"Size", "SIZE"}};
  std::vector<Json> rows{{{"Repository", "busybox"},
                          {"Tag", "latest"},
                          {"ID", "beae173ccac6"},
                          {"CreatedSince", "2 years ago"},
                          {"Size", "1.24MB"}},
                         {{"Repository", "python"},
                          {"Tag", "3.11-slim"},
                          {"ID", "0123456789ab"},
                          {"CreatedSince", "3 weeks ago"},
                          {"Size", "131MB"}}};
  auto out = render_rows(
      R"(table {{.Repository}}\t{{.Tag}}\t{{.ID}}\t{{.CreatedSince}}\t{{.Size}})", headers, rows);
  EXPECT_EQ(out,
            "REPOSITORY   TAG         IMAGE ID       CREATED       SIZE\n"
            "busybox      latest      beae173ccac6   2 years ago   1.24MB\n"
            "python       3.11-slim   0123456789ab   3 weeks ago   131MB\n");
}

TEST(FormatString, TableHeaderPassesFunctionsThrough) {
  Json headers = {{"ID", "CONTAINER ID"}, {"Labels", "LABELS"}};
  std::vector<Json> rows{{{"ID", "abcdef123456789"}, {"Labels", {{"a", "b"}}}}};
  auto out = render_rows(R"(table {{truncate .ID 5}}\t{{json .Labels}})", headers, rows);
  EXPECT_EQ(out, "CONTAINER ID   \nabcde          {\"a\":\"b\"}\n");
}

TEST(FormatString, TableWithNoRowsPrintsHeaderOnly) {
  Json headers = {{"Name", "NAME"}};
  EXPECT_EQ(render_rows("table {{.Name}}", headers, {}), "NAME\n");
}

}  // namespace
}  // namespace berth::cli
