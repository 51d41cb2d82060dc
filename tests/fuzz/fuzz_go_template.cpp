// Docker's --format: Go templates, printf, and table alignment, over values that hold what
// a Space owner controls (names, labels).
#include "base/error.hpp"
#include "base/json.hpp"
#include "cli/format/format_string.hpp"
#include "fuzz_target.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  // The first line is the format, the rest a label value, so tabs and newlines in values
  // reach the table writer too.
  auto [format, value] = berth::fuzz::split_first_line(berth::fuzz::text_of(data, size));
  berth::Json row = {{"ID", "0123456789ab"},
                     {"Name", std::string(value)},
                     {"Size", 1234567},
                     {"Ratio", 0.25},
                     {"Labels", {{"a", "1"}, {"b", std::string(value)}}},
                     {"Ports", {80, 443}},
                     {"Nil", nullptr},
                     {"On", true}};
  berth::Json headers = {{"ID", "IMAGE ID"}, {"Name", "NAME"}, {"Size", "SIZE"}};
  try {
    (void)berth::cli::render_rows(format, headers, {row, row});
  } catch (const berth::InvalidArgumentError&) {
  }
  return 0;
}
