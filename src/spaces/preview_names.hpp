#pragma once
// A preview deploy's names. A push to a branch other than the Space's main branch deploys a
// preview: a Space of its own in berth.db (`preview_of` names its Space) with the id
// "{owner}/{name}--{branch label}" and the host "{space's host label}--{branch label}". The
// Hub forbids "--" in repository names, so no Space can take a preview's id; the host label,
// unique like any Space's, gets a random suffix in the rare case another holds it.
#include <string>
#include <string_view>

namespace berth::spaces {

// The longest branch label: a preview's host stays readable and within a DNS label.
inline constexpr size_t kMaxBranchLabel = 40;

// A branch name as a DNS label's piece: lowercase, every run of characters other than a-z
// and 0-9 one '-', none at either end, at most kMaxBranchLabel characters ("feature/Login_v2"
// → "feature-login-v2"); "branch" when nothing is left.
std::string preview_branch_label(std::string_view branch);

// "{space_id}--{branch label}".
std::string preview_id(std::string_view space_id, std::string_view branch);

}  // namespace berth::spaces
