#include "image/layer/entry_path.hpp"

#include <fmt/format.h>

#include <vector>

#include "base/error.hpp"

namespace berth::image {

std::string entry_message(std::string_view entry, std::string_view message) {
  return fmt::format("layer entry \"{}\": {}", entry, message);
}

std::string clean_entry_path(std::string_view name, std::string_view entry_for_errors) {
  std::vector<std::string_view> parts;
  size_t i = 0;
  while (i <= name.size()) {
    size_t slash = name.find('/', i);
    if (slash == std::string_view::npos) slash = name.size();
    std::string_view part = name.substr(i, slash - i);
    i = slash + 1;
    if (part.empty() || part == ".") continue;
    if (part == "..") {
      if (parts.empty()) {
        throw Error(entry_message(entry_for_errors, "path escapes the layer root"));
      }
      parts.pop_back();
      continue;
    }
    parts.push_back(part);
  }
  std::string out;
  out.reserve(name.size());
  for (auto part : parts) {
    if (!out.empty()) out += '/';
    out += part;
  }
  return out;
}

std::pair<std::string_view, std::string_view> split_parent(std::string_view clean) {
  size_t slash = clean.rfind('/');
  if (slash == std::string_view::npos) return {std::string_view{}, clean};
  return {clean.substr(0, slash), clean.substr(slash + 1)};
}

}  // namespace berth::image
