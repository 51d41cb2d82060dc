#include "cli/output.hpp"

#include "cli/format/go_template.hpp"
#include "cli/format/table_writer.hpp"

namespace berth::cli {
namespace {

bool starts_with(const std::string& s, const std::string& prefix) { return s.rfind(prefix, 0) == 0; }

}  // namespace

std::string render_rows(const std::string& requested, const TableSpec& spec,
                        const std::vector<Json>& rows) {
  std::string format = requested.empty() ? spec.default_format : requested;
  std::string out;
  if (format == "json") {
    for (const auto& row : rows) out += row.dump() + "\n";
    return out;
  }
  if (starts_with(format, "table")) {
    std::string body = expand_escapes(format.substr(5));
    while (!body.empty() && body.front() == ' ') body.erase(body.begin());
    auto tmpl = GoTemplate::parse(body);
    TableWriter table;
    table.add_line(tmpl.render(spec.headers));
    for (const auto& row : rows) table.add_line(tmpl.render(row));
    return table.render();
  }
  auto tmpl = GoTemplate::parse(expand_escapes(format));
  for (const auto& row : rows) out += tmpl.render(row) + "\n";
  return out;
}

std::string render_inspect(const std::string& format, const std::vector<OrderedJson>& objects) {
  if (format.empty() || format == "json") {
    OrderedJson array = OrderedJson::array();
    for (const auto& o : objects) array.push_back(o);
    return array.dump(4) + "\n";
  }
  auto tmpl = GoTemplate::parse(expand_escapes(format));
  std::string out;
  for (const auto& o : objects) out += tmpl.render(Json::parse(o.dump())) + "\n";
  return out;
}

std::string short_id(const std::string& id, bool no_trunc) {
  if (no_trunc) return id;
  std::string hex = starts_with(id, "sha256:") ? id.substr(7) : id;
  return hex.substr(0, 12);
}

}  // namespace berth::cli
