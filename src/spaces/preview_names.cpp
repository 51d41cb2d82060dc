#include "spaces/preview_names.hpp"

namespace berth::spaces {

std::string preview_branch_label(std::string_view branch) {
  std::string label;
  for (char c : branch) {
    char lower = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    bool keep = (lower >= 'a' && lower <= 'z') || (lower >= '0' && lower <= '9');
    if (keep) {
      label += lower;
    } else if (!label.empty() && label.back() != '-') {
      label += '-';
    }
    if (label.size() >= kMaxBranchLabel) break;
  }
  while (!label.empty() && label.back() == '-') label.pop_back();
  return label.empty() ? "branch" : label;
}

std::string preview_id(std::string_view space_id, std::string_view branch) {
  return std::string(space_id) + "--" + preview_branch_label(branch);
}

}  // namespace berth::spaces
