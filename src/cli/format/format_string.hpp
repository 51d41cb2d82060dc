#pragma once
// Docker's handling of a --format value before it becomes a template: a "table" prefix asks
// for aligned columns with a header row, surrounding spaces are dropped, and "\t" and "\n"
// typed literally on a shell command line become a tab and a newline.
#include <string>
#include <string_view>
#include <vector>

#include "base/json.hpp"

namespace berth::cli {

// True when the format starts with "table" (Docker checks the prefix only).
bool is_table_format(std::string_view format);

// Replaces the two-character sequences `\t` and `\n` with a tab and a newline, and nothing
// else, as Docker does.
std::string expand_format_escapes(std::string_view format);

struct PreparedFormat {
  bool table = false;
  std::string body;  // the template text: prefix removed, spaces trimmed, escapes expanded
};
PreparedFormat prepare_format(std::string_view format);

// Renders rows the way Docker's formatter does: each row is the template's output plus a
// newline; for a table format, a header row (the template over `headers`, a map from field
// name to column title) comes first and everything is aligned by TableWriter.
std::string render_rows(std::string_view format, const Json& headers,
                        const std::vector<Json>& rows);

}  // namespace berth::cli
