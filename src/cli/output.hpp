#pragma once
// Prints rows the way Docker's --format does: a default table, "table TEMPLATE" (with a header
// row and aligned columns), "json" (one JSON object per line), or a bare Go template per row.
#include <string>
#include <vector>

#include "base/json.hpp"

namespace berth::cli {

struct TableSpec {
  std::string default_format;  // e.g. "table {{.Repository}}\t{{.Tag}}"
  Json headers;                // field name -> column header, e.g. {"ID": "IMAGE ID"}
};

std::string format_rows(const std::string& format, const TableSpec& spec,
                        const std::vector<Json>& rows);

// `inspect`-style output: the JSON array indented by 4, or the template applied to each.
std::string render_inspect(const std::string& format, const std::vector<OrderedJson>& objects);

// "docker.io/library/busybox" -> "busybox"; sha256 IDs shortened unless no_trunc.
std::string short_id(const std::string& id, bool no_trunc);

// `s` cut to `width` bytes with "…" in its last column, as Docker truncates table cells.
std::string ellipsis(const std::string& s, size_t width);

}  // namespace berth::cli
