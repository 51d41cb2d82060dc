#pragma once
// Docker's json-file log format, shared by the shim (which writes it) and `berth logs`
// (which reads it): one object per line, {"log":"…","stream":"stdout","time":"…"}.
// Plain C++ with no exceptions and no allocation-heavy libraries, so the shim stays small.
#include <cstddef>
#include <string>
#include <string_view>

namespace berth::runtime {

// Appends `text` JSON-escaped the way Docker's json-file logger does (Go's encoding/json:
// control characters as \u00XX except \n \r \t, '<' '>' '&' U+2028 U+2029 escaped, invalid
// UTF-8 replaced by \ufffd).
void append_json_escaped(std::string& out, std::string_view text);
// One complete log record including the trailing newline.
std::string json_log_line(std::string_view log, std::string_view stream, std::string_view time);
// "2024-01-01T00:00:00.123456789Z" for the current time (always 9 fraction digits: Docker
// writes RFC3339Nano, which trims zeros; readers accept both).
std::string json_log_now();

struct LogRecord {
  std::string log;
  std::string stream;
  std::string time;
};
// Parses one record; false if the line is not one.
bool parse_json_log_line(std::string_view line, LogRecord& out);

}  // namespace berth::runtime
