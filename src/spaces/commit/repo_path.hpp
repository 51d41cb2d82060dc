#pragma once
// Paths inside a Space's repository as clients name them in the commit API, the preupload
// request and the LFS batch API. They become git index entries, so anything git or a checkout
// could read as leaving the tree is refused: absolute paths, "..", ".", empty components,
// ".git" in any case, backslashes, NUL and other control characters.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace berth::spaces {

// Git's own limit on a path is PATH_MAX-ish; the Hub's paths are far shorter.
inline constexpr std::size_t kMaxRepoPathBytes = 4096;

// Why `path` cannot name a file of a repository; nullopt when it can.
std::optional<std::string> repo_path_problem(std::string_view path);

// A folder path as deletedFolder sends it ("dir/" or "dir"): without its trailing slashes, or
// nullopt when it is not a valid path. "" (the whole repository) is refused too.
std::optional<std::string> normalized_folder(std::string_view path);

// A branch name a client may commit to: what `git check-ref-format --branch` accepts, minus
// anything starting with '-' (an option to git) or naming a pull request ref.
bool is_valid_branch_name(std::string_view name);

}  // namespace berth::spaces
