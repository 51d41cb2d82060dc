#include "spaces/commit/repo_path.hpp"

#include <algorithm>

namespace berth::spaces {

namespace {

bool iequals_ascii(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return (x | 0x20) == (y | 0x20);
         });
}

bool has_control(std::string_view text) {
  return std::any_of(text.begin(), text.end(), [](char c) {
    auto u = static_cast<unsigned char>(c);
    return u < 0x20 || u == 0x7f;
  });
}

}  // namespace

std::optional<std::string> repo_path_problem(std::string_view path) {
  if (path.empty()) return "the path is empty";
  if (path.size() > kMaxRepoPathBytes) {
    return "the path is longer than " + std::to_string(kMaxRepoPathBytes) + " bytes";
  }
  if (path.find('\0') != std::string_view::npos) return "the path contains a NUL byte";
  if (has_control(path)) return "the path contains a control character";
  if (path.find('\\') != std::string_view::npos) return "the path contains a backslash";
  if (path.front() == '/') return "the path is absolute";
  if (path.back() == '/') return "the path ends with '/'";
  std::size_t start = 0;
  while (start <= path.size()) {
    std::size_t end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    std::string_view part = path.substr(start, end - start);
    if (part.empty()) return "the path has an empty component ('//')";
    if (part == "." || part == "..") return "the path has a '" + std::string(part) + "' component";
    if (iequals_ascii(part, ".git")) return "the path names a .git directory";
    start = end + 1;
  }
  return std::nullopt;
}

std::optional<std::string> normalized_folder(std::string_view path) {
  while (!path.empty() && path.back() == '/') path.remove_suffix(1);
  if (path.empty() || repo_path_problem(path)) return std::nullopt;
  return std::string(path);
}

bool is_valid_branch_name(std::string_view name) {
  if (name.empty() || name.size() > 255 || name.front() == '-' || name.front() == '/' ||
      name.back() == '/' || name.back() == '.' || name == "HEAD" || name.starts_with("refs/")) {
    return false;
  }
  if (has_control(name) || name.find("..") != std::string_view::npos ||
      name.find("//") != std::string_view::npos || name.find("@{") != std::string_view::npos ||
      name.ends_with(".lock") || name == "@") {
    return false;
  }
  for (char c : name) {
    if (c == ' ' || c == '~' || c == '^' || c == ':' || c == '?' || c == '*' || c == '[' ||
        c == '\\') {
      return false;
    }
  }
  // No component may start with '.' or end with ".lock".
  std::size_t start = 0;
  while (start < name.size()) {
    std::size_t end = std::min(name.find('/', start), name.size());
    std::string_view part = name.substr(start, end - start);
    if (part.starts_with('.') || part.ends_with(".lock")) return false;
    start = end + 1;
  }
  return true;
}

}  // namespace berth::spaces
