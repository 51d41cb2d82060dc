#include "spaces/git/git_names.hpp"

#include <algorithm>

namespace berth::spaces {
namespace {

bool is_lower_hex(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
}

bool all_lower_hex(std::string_view text) {
  return std::all_of(text.begin(), text.end(), is_lower_hex);
}

// One '/'-separated component of a ref name, by git's check-ref-format rules: not empty, not
// starting with '.', not ending with ".lock", no "..", no "@{", none of the characters git
// gives a meaning in revisions (space ~ ^ : ? * [ \) and no control characters.
bool is_valid_ref_component(std::string_view part) {
  if (part.empty() || part.front() == '.' || part.ends_with(".lock")) return false;
  if (part.find("..") != std::string_view::npos) return false;
  if (part.find("@{") != std::string_view::npos) return false;
  return std::none_of(part.begin(), part.end(), [](char c) {
    auto u = static_cast<unsigned char>(c);
    return u < 0x20 || u == 0x7f || c == ' ' || c == '~' || c == '^' || c == ':' || c == '?' ||
           c == '*' || c == '[' || c == '\\';
  });
}

}  // namespace

bool is_full_commit_id(std::string_view text) {
  return text.size() == 40 && all_lower_hex(text);
}

bool is_valid_ref_name(std::string_view name) {
  if (name.empty() || name.size() > kMaxRevisionLength) return false;
  if (name.front() == '-' || name.back() == '.' || name == "@" || name == "HEAD") return false;
  if (name.starts_with("refs/")) return false;
  if (is_full_commit_id(name)) return false;
  size_t start = 0;
  while (true) {
    size_t slash = name.find('/', start);
    if (!is_valid_ref_component(name.substr(start, slash - start))) return false;
    if (slash == std::string_view::npos) return true;
    start = slash + 1;
  }
}

bool is_valid_revision(std::string_view revision) {
  if (revision == "HEAD") return true;
  if (revision.size() >= 4 && revision.size() <= 40 && all_lower_hex(revision)) return true;
  for (std::string_view prefix : {"refs/heads/", "refs/tags/"}) {
    if (revision.starts_with(prefix)) {
      std::string_view rest = revision.substr(prefix.size());
      return !rest.starts_with("refs/") && is_valid_ref_name(rest);
    }
  }
  return is_valid_ref_name(revision);
}

std::optional<std::string> canonical_repo_path(std::string_view path) {
  if (path.size() > kMaxRepoPathLength) return std::nullopt;
  // A leading or trailing slash is how URLs and folder names come; inside, every component
  // must be a real name.
  while (path.starts_with('/')) path.remove_prefix(1);
  while (path.ends_with('/')) path.remove_suffix(1);
  if (path.empty()) return std::string();
  if (std::any_of(path.begin(), path.end(), [](char c) {
        auto u = static_cast<unsigned char>(c);
        return u < 0x20 || u == 0x7f;
      })) {
    return std::nullopt;
  }
  size_t start = 0;
  while (true) {
    size_t slash = path.find('/', start);
    std::string_view part = path.substr(start, slash - start);
    if (part.empty() || part == "." || part == "..") return std::nullopt;
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  return std::string(path);
}

}  // namespace berth::spaces
