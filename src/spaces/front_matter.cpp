#include "spaces/front_matter.hpp"

namespace berth::spaces {

namespace {

bool is_marker(std::string_view line) {
  if (!line.starts_with("---")) return false;
  return line.find_first_not_of(" \t\r", 3) == std::string_view::npos;
}

}  // namespace

FrontMatter find_front_matter(std::string_view readme) {
  FrontMatter fm;
  if (readme.starts_with("\xEF\xBB\xBF")) readme.remove_prefix(3);
  size_t end = readme.find('\n');
  if (!is_marker(readme.substr(0, end))) return fm;
  fm.status = FrontMatter::Status::kUnclosed;
  if (end == std::string_view::npos) return fm;

  size_t yaml_start = end + 1;
  int line = 2;
  for (size_t pos = yaml_start; pos < readme.size(); ++line) {
    size_t eol = readme.find('\n', pos);
    std::string_view text = readme.substr(pos, eol == std::string_view::npos ? eol : eol - pos);
    if (is_marker(text)) {
      fm.status = FrontMatter::Status::kFound;
      fm.yaml = readme.substr(yaml_start, pos - yaml_start);
      fm.yaml_line = 2;
      fm.closing_line = line;
      return fm;
    }
    if (eol == std::string_view::npos) break;
    pos = eol + 1;
  }
  return fm;
}

}  // namespace berth::spaces
