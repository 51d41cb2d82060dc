#include "base/safe_fs/path_clean.hpp"

#include <algorithm>
#include <vector>

namespace berth {

std::string clean_path(std::string_view path) {
  if (path.empty()) return ".";
  bool rooted = path[0] == '/';
  std::vector<std::string_view> parts;
  size_t climbs = 0;  // leading ".." kept in a relative path
  size_t i = 0;
  while (i <= path.size()) {
    size_t slash = path.find('/', i);
    if (slash == std::string_view::npos) slash = path.size();
    std::string_view part = path.substr(i, slash - i);
    i = slash + 1;
    if (part.empty() || part == ".") continue;
    if (part == "..") {
      if (!parts.empty()) {
        parts.pop_back();
      } else if (!rooted) {
        ++climbs;
      }
      continue;
    }
    parts.push_back(part);
  }
  std::string out = rooted ? "/" : "";
  for (size_t k = 0; k < climbs; ++k) out += k == 0 ? ".." : "/..";
  for (auto part : parts) {
    if (!out.empty() && out.back() != '/') out += '/';
    out += part;
  }
  return out.empty() ? "." : out;
}

std::string clean_absolute_path(std::string_view path) {
  return clean_path("/" + std::string(path));
}

std::string clamp_to_root(std::string_view path) {
  return clean_absolute_path(path).substr(1);
}

std::optional<std::string> clean_beneath(std::string_view path) {
  size_t first = path.find_first_not_of('/');
  std::string clean = clean_path(first == std::string_view::npos ? "" : path.substr(first));
  if (clean == ".." || clean.starts_with("../")) return std::nullopt;
  if (clean == ".") clean.clear();
  return clean;
}

std::string join_relative(std::string_view a, std::string_view b) {
  if (a.empty()) return std::string(b);
  if (b.empty()) return std::string(a);
  return std::string(a) + "/" + std::string(b);
}

std::pair<std::string_view, std::string_view> split_last(std::string_view clean) {
  size_t slash = clean.rfind('/');
  if (slash == std::string_view::npos) return {std::string_view{}, clean};
  return {clean.substr(0, slash), clean.substr(slash + 1)};
}

size_t path_depth(std::string_view clean_absolute) {
  if (clean_absolute == "/") return 0;
  return static_cast<size_t>(std::count(clean_absolute.begin(), clean_absolute.end(), '/'));
}

}  // namespace berth
