#include "cli/output.hpp"

#include "cli/format/format_string.hpp"
#include "cli/format/go_template.hpp"

namespace berth::cli {
std::string format_rows(const std::string& requested, const TableSpec& spec,
                        const std::vector<Json>& rows) {
  std::string format = requested.empty() ? spec.default_format : requested;
  if (format == "json") {
    std::string out;
    for (const auto& row : rows) out += row.dump() + "\n";
    return out;
  }
  return render_rows(format, spec.headers, rows);
}

std::string render_inspect(const std::string& format, const std::vector<OrderedJson>& objects) {
  if (format.empty() || format == "json") {
    OrderedJson array = OrderedJson::array();
    for (const auto& o : objects) array.push_back(o);
    return array.dump(4) + "\n";
  }
  auto tmpl = GoTemplate::parse(expand_format_escapes(format));
  std::string out;
  for (const auto& o : objects) out += tmpl.render(Json::parse(o.dump())) + "\n";
  return out;
}

std::string short_id(const std::string& id, bool no_trunc) {
  if (no_trunc) return id;
  std::string hex = id.rfind("sha256:", 0) == 0 ? id.substr(7) : id;
  return hex.substr(0, 12);
}

std::string ellipsis(const std::string& s, size_t width) {
  if (s.size() <= width) return s;
  return s.substr(0, width - 1) + "…";
}

}  // namespace berth::cli
