#include "cli/format/format_string.hpp"

#include "cli/format/go_template.hpp"
#include "cli/format/table_writer.hpp"

namespace berth::cli {

namespace {
constexpr std::string_view kTablePrefix = "table";
}

bool is_table_format(std::string_view format) {
  return format.starts_with(kTablePrefix);
}

std::string expand_format_escapes(std::string_view format) {
  std::string out;
  out.reserve(format.size());
  for (size_t i = 0; i < format.size(); ++i) {
    if (format[i] == '\\' && i + 1 < format.size() &&
        (format[i + 1] == 't' || format[i + 1] == 'n')) {
      out.push_back(format[i + 1] == 't' ? '\t' : '\n');
      ++i;
    } else {
      out.push_back(format[i]);
    }
  }
  return out;
}

PreparedFormat prepare_format(std::string_view format) {
  PreparedFormat prepared;
  prepared.table = is_table_format(format);
  if (prepared.table) format.remove_prefix(kTablePrefix.size());
  // Docker trims spaces only (not tabs or newlines) before expanding escapes.
  while (!format.empty() && format.front() == ' ') format.remove_prefix(1);
  while (!format.empty() && format.back() == ' ') format.remove_suffix(1);
  prepared.body = expand_format_escapes(format);
  return prepared;
}

std::string render_rows(std::string_view format, const Json& headers,
                        const std::vector<Json>& rows) {
  auto prepared = prepare_format(format);
  auto tmpl = GoTemplate::parse(prepared.body);
  std::string body;
  for (const Json& row : rows) body += tmpl.render(row) + "\n";
  if (!prepared.table) return body;
  TableWriter writer;
  writer.write(tmpl.render_header(headers) + "\n");
  writer.write(body);
  return writer.render();
}

}  // namespace berth::cli
