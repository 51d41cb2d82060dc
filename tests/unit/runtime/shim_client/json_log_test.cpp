#include "runtime/shim_client/json_log.hpp"

#include <gtest/gtest.h>

#include "base/time_format.hpp"

namespace berth::runtime {
namespace {

TEST(JsonLog, EscapesLikeDockersJsonFileLogger) {
  EXPECT_EQ(json_log_line("a \"q\" \\ <b>&\n", "stdout", "T"),
            "{\"log\":\"a \\\"q\\\" \\\\ "
            "\\u003cb\\u003e\\u0026\\n\",\"stream\":\"stdout\",\"time\":\"T\"}\n");
  std::string out;
  append_json_escaped(out, std::string("\x01\t\xff", 3));
  EXPECT_EQ(out, "\\u0001\\t\\ufffd");
  out.clear();
  append_json_escaped(out, "é\u2028");
  EXPECT_EQ(out, "é\\u2028");
}

TEST(JsonLog, ParsesWhatItWrites) {
  std::string text = "line with \"quotes\", <tags>, tabs\t and é\n";
  LogRecord r;
  ASSERT_TRUE(parse_json_log_line(json_log_line(text, "stderr", "2024-01-01T00:00:00Z"), r));
  EXPECT_EQ(r.log, text);
  EXPECT_EQ(r.stream, "stderr");
  EXPECT_EQ(r.time, "2024-01-01T00:00:00Z");
  EXPECT_FALSE(parse_json_log_line("not json", r));
  EXPECT_FALSE(parse_json_log_line("{\"log\":\"unterminated", r));
}

TEST(JsonLog, TimestampsAreRfc3339) {
  EXPECT_TRUE(parse_rfc3339(json_log_now()));
}

}  // namespace
}  // namespace berth::runtime
