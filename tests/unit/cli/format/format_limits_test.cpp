// Bounds in the --format machinery that fuzzing found missing: printf widths, pad counts,
// template nesting and table columns.
#include <gtest/gtest.h>

#include <string>

#include "base/error.hpp"
#include "cli/format/go_print.hpp"
#include "cli/format/go_template.hpp"
#include "cli/format/table_writer.hpp"

namespace berth::cli {
namespace format_limits_test {

TEST(FormatLimits, PrintfWidthAndPrecisionStopAtGosMillion) {
  // Go's fmt: a literal number over 1e6 swallows the rest of the format.
  EXPECT_EQ(go_sprintf("%99999999999999999999d", {Json(1)}), "%!(NOVERB)%!(EXTRA int=1)");
  EXPECT_EQ(go_sprintf("%*d", {Json(2000000000), Json(1)}), "%!(BADWIDTH)1");
  EXPECT_EQ(go_sprintf("%*d", {Json(-2000000000), Json(1)}), "%!(BADWIDTH)1");
  EXPECT_EQ(go_sprintf("%.*d", {Json(-1), Json(1)}), "%!(BADPREC)1");
  EXPECT_EQ(go_sprintf("%*d", {Json(-3), Json(1)}), "1  ");
  EXPECT_EQ(go_sprintf("%*d", {Json(3), Json(1)}), "  1");
  EXPECT_EQ(go_sprintf("%*d", {}), "%!(BADWIDTH)%!d(MISSING)");
  EXPECT_EQ(go_sprintf("%1000000d", {Json(1)}).size(), 1000000u);
}

TEST(FormatLimits, FloatPrecisionIsNotCutAt512Bytes) {
  EXPECT_EQ(go_sprintf("%.600f", {Json(1.5)}).size(), 602u);
}

std::string render(const std::string& text, const Json& dot = Json::object()) {
  return GoTemplate::parse(text).render(dot);
}

TEST(FormatLimits, PadRefusesHugeAndNonIntegralCounts) {
  EXPECT_THROW(render("{{pad \"a\" 99999999999 0}}"), InvalidArgumentError);
  EXPECT_THROW(render("{{pad \"a\" 1e300 0}}"), InvalidArgumentError);
  EXPECT_THROW(render("{{truncate \"abc\" 1e300}}"), InvalidArgumentError);
  EXPECT_EQ(render("{{pad \"a\" 1 2}}"), " a  ");
}

TEST(FormatLimits, DeepNestingIsAParseError) {
  std::string ifs;
  for (int i = 0; i < 10000; ++i) ifs += "{{if 1}}";
  for (int i = 0; i < 10000; ++i) ifs += "{{end}}";
  try {
    GoTemplate::parse(ifs);
    FAIL() << "parsed";
  } catch (const InvalidArgumentError& e) {
    EXPECT_NE(std::string(e.what()).find("max nesting depth exceeded"), std::string::npos);
  }
  std::string parens = "{{" + std::string(10000, '(') + "1" + std::string(10000, ')') + "}}";
  try {
    GoTemplate::parse(parens);
    FAIL() << "parsed";
  } catch (const InvalidArgumentError& e) {
    EXPECT_NE(std::string(e.what()).find("max expression depth exceeded"), std::string::npos);
  }
  std::string fine;
  for (int i = 0; i < 100; ++i) fine += "{{if 1}}";
  fine += "x";
  for (int i = 0; i < 100; ++i) fine += "{{end}}";
  EXPECT_EQ(render(fine), "x");
}

TEST(FormatLimits, ATableRowOfManyTabsDoesNotOverflowTheStack) {
  TableWriter writer;
  std::string row(300000, '\t');  // appended to, not concatenated: GCC 12 warns falsely on that
  row += "x\n";
  writer.write(row);
  EXPECT_EQ(writer.render().size(), 300000u * 10 + 2);
}

}  // namespace format_limits_test
}  // namespace berth::cli
