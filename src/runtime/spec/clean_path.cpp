#include "runtime/spec/clean_path.hpp"

#include <algorithm>
#include <vector>

namespace berth::runtime {

std::string clean_absolute_path(std::string_view path) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  while (start <= path.size()) {
    size_t end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    auto part = path.substr(start, end - start);
    if (part == "..") {
      if (!parts.empty()) parts.pop_back();
    } else if (!part.empty() && part != ".") {
      parts.push_back(part);
    }
    start = end + 1;
  }
  std::string out;
  for (auto p : parts) {
    out += '/';
    out += p;
  }
  return out.empty() ? "/" : out;
}

size_t path_depth(std::string_view clean_path) {
  if (clean_path == "/") return 0;
  return static_cast<size_t>(std::count(clean_path.begin(), clean_path.end(), '/'));
}

}  // namespace berth::runtime
