#include "cli/format/go_print.hpp"

#include <gtest/gtest.h>

#include "base/go_quote.hpp"

namespace berth::cli {
namespace {

TEST(GoPrint, Scalars) {
  EXPECT_EQ(go_print_value("text"), "text");
  EXPECT_EQ(go_print_value(42), "42");
  EXPECT_EQ(go_print_value(-7), "-7");
  EXPECT_EQ(go_print_value(18446744073709551615ull), "18446744073709551615");
  EXPECT_EQ(go_print_value(true), "true");
  EXPECT_EQ(go_print_value(false), "false");
  EXPECT_EQ(go_print_value(nullptr), "<nil>");
}

TEST(GoPrint, FloatsLikeGoPercentV) {
  EXPECT_EQ(go_format_float(3.0), "3");
  EXPECT_EQ(go_format_float(1.5), "1.5");
  EXPECT_EQ(go_format_float(0.1), "0.1");
  EXPECT_EQ(go_format_float(123456.0), "123456");
  EXPECT_EQ(go_format_float(1e6), "1e+06");
  EXPECT_EQ(go_format_float(1234567.0), "1.234567e+06");
  EXPECT_EQ(go_format_float(0.0001), "0.0001");
  EXPECT_EQ(go_format_float(0.00001), "1e-05");
  EXPECT_EQ(go_format_float(-2.5e-7), "-2.5e-07");
  EXPECT_EQ(go_format_float(1e100), "1e+100");
  EXPECT_EQ(go_format_float(0.0), "0");
  EXPECT_EQ(go_print_value(2.0), "2");
}

TEST(GoPrint, MapsAndSlices) {
  Json m = {{"b", 2}, {"a", "x"}, {"c", nullptr}, {"d", Json::array({1, "y"})}};
  EXPECT_EQ(go_print_value(m), "map[a:x b:2 c:<nil> d:[1 y]]");
  EXPECT_EQ(go_print_value(Json::array()), "[]");
  EXPECT_EQ(go_print_value(Json::object()), "map[]");
  EXPECT_EQ(go_print_value(Json::array({"a", "b"})), "[a b]");
  EXPECT_EQ(go_print_value(Json{{"k", {{"n", 1}}}}), "map[k:map[n:1]]");
}

TEST(GoPrint, SprintSpacesOnlyBetweenNonStrings) {
  EXPECT_EQ(go_sprint({"a", "b"}), "ab");
  EXPECT_EQ(go_sprint({1, 2}), "1 2");
  EXPECT_EQ(go_sprint({"a", 1, 2, "b"}), "a1 2b");
  EXPECT_EQ(go_sprintln({"a", "b", 1}), "a b 1\n");
  EXPECT_EQ(go_sprintln({}), "\n");
}

TEST(GoPrint, Sprintf) {
  EXPECT_EQ(go_sprintf("%s-%d-%v", {"a", 5, true}), "a-5-true");
  EXPECT_EQ(go_sprintf("%q", {"hi \"x\"\n"}), "\"hi \\\"x\\\"\\n\"");
  EXPECT_EQ(go_sprintf("%5d|%-5d|%05d", {42, 42, -42}), "   42|42   |-0042");
  EXPECT_EQ(go_sprintf("%-8s|%8s|", {"ab", "cd"}), "ab      |      cd|");
  EXPECT_EQ(go_sprintf("%.2f %e %g", {3.14159, 1234.5, 0.5}), "3.14 1.234500e+03 0.5");
  EXPECT_EQ(go_sprintf("%x %X %o %b", {255, 255, 8, 5}), "ff FF 10 101");
  EXPECT_EQ(go_sprintf("%x", {"hi"}), "6869");
  EXPECT_EQ(go_sprintf("%c%c", {72, 105}), "Hi");
  EXPECT_EQ(go_sprintf("%t", {false}), "false");
  EXPECT_EQ(go_sprintf("100%%", {}), "100%");
  EXPECT_EQ(go_sprintf("%.3s", {"abcdef"}), "abc");
  EXPECT_EQ(go_sprintf("%+d", {3}), "+3");
  EXPECT_EQ(go_sprintf("%v", {Json{{"a", 1}}}), "map[a:1]");
  EXPECT_EQ(go_sprintf("%s", {Json::array({"a", "b"})}), "[a b]");
  EXPECT_EQ(go_sprintf("%q", {65}), "'A'");
}

TEST(GoPrint, SprintfMismatchesUseGoMarkers) {
  EXPECT_EQ(go_sprintf("%d", {"x"}), "%!d(string=x)");
  EXPECT_EQ(go_sprintf("%s", {5}), "%!s(int=5)");
  EXPECT_EQ(go_sprintf("%f", {5}), "%!f(int=5)");
  EXPECT_EQ(go_sprintf("%s", {nullptr}), "%!s(<nil>)");
  EXPECT_EQ(go_sprintf("%d %d", {1}), "1 %!d(MISSING)");
  EXPECT_EQ(go_sprintf("%d", {1, "a", 2}), "1%!(EXTRA string=a, int=2)");
  EXPECT_EQ(go_sprintf("%z", {1}), "%!z(int=1)");
  EXPECT_EQ(go_sprintf("abc%", {}), "abc%!(NOVERB)");
}

TEST(GoPrint, Quote) {
  EXPECT_EQ(go_quote("plain"), "\"plain\"");
  EXPECT_EQ(go_quote("tab\there"), "\"tab\\there\"");
  EXPECT_EQ(go_quote(std::string("\x01", 1)), "\"\\x01\"");
  EXPECT_EQ(go_quote("back\\slash"), "\"back\\\\slash\"");
  EXPECT_EQ(go_quote("ünï"), "\"ünï\"");
}

TEST(GoPrint, Truth) {
  EXPECT_FALSE(go_truth(nullptr));
  EXPECT_FALSE(go_truth(false));
  EXPECT_FALSE(go_truth(0));
  EXPECT_FALSE(go_truth(0.0));
  EXPECT_FALSE(go_truth(""));
  EXPECT_FALSE(go_truth(Json::array()));
  EXPECT_FALSE(go_truth(Json::object()));
  EXPECT_TRUE(go_truth(true));
  EXPECT_TRUE(go_truth(-1));
  EXPECT_TRUE(go_truth("x"));
  EXPECT_TRUE(go_truth(Json::array({0})));
  EXPECT_TRUE(go_truth(Json{{"a", 0}}));
}

TEST(GoPrint, TypeNames) {
  EXPECT_EQ(go_type_name("x"), "string");
  EXPECT_EQ(go_type_name(1), "int");
  EXPECT_EQ(go_type_name(1.5), "float64");
  EXPECT_EQ(go_type_name(true), "bool");
  EXPECT_EQ(go_type_name(Json::object()), "map[string]interface {}");
  EXPECT_EQ(go_type_name(Json::array()), "[]interface {}");
}

}  // namespace
}  // namespace berth::cli
