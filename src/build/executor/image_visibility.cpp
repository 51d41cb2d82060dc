#include "build/executor/image_visibility.hpp"

#include <algorithm>
#include <cctype>

namespace berth::build {

namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

constexpr std::string_view kSpaceTagPrefix = "localhost/spaces/";

}  // namespace

bool image_visible_to_tenant(std::string_view tenant, const std::optional<std::string>& space_label,
                             const std::vector<std::string>& tags) {
  std::string own = lower(tenant);
  if (space_label) return lower(*space_label) == own;
  for (const auto& tag : tags) {
    if (!tag.starts_with(kSpaceTagPrefix)) continue;
    // localhost/spaces/<owner>/<name>:<commit>
    std::string_view rest = std::string_view(tag).substr(kSpaceTagPrefix.size());
    rest = rest.substr(0, rest.find_first_of(":@"));
    if (lower(rest) != own) return false;
  }
  return true;
}

std::string image_not_visible_message(std::string_view reference) {
  return "failed to resolve source metadata for " + std::string(reference) +
         ": pull access denied, repository does not exist or may require authorization";
}

}  // namespace berth::build
