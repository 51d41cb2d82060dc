#pragma once
// What a request may name in a Space's repository: revisions (branches, tags, commit ids) and
// paths inside a commit's tree. Both come from visitors and owners alike, so they are checked
// before git sees them: a revision never reads as an option (`--upload-pack=…`) or as git's
// revision syntax (`main~1`, `@{-1}`, `:/text`), a path never leaves the tree (`..`, `/etc`).
#include <optional>
#include <string>
#include <string_view>

namespace berth::spaces {

// Longest revision or branch/tag name accepted (git itself allows more; the Hub does not).
inline constexpr size_t kMaxRevisionLength = 255;
// Longest path inside a repository accepted (PATH_MAX).
inline constexpr size_t kMaxRepoPathLength = 4096;

// A commit id as git prints it: 40 lowercase hex digits (sha1 repositories).
bool is_full_commit_id(std::string_view text);

// A short branch or tag name git's check-ref-format accepts ("v1", "feature/x"), stricter
// where git is loose: no leading '-', no "refs/" prefix, no "HEAD", and never 40 hex digits
// (it would shadow a commit id).
bool is_valid_ref_name(std::string_view name);

// A revision a request may name: "HEAD", a short branch or tag name, "refs/heads/<name>",
// "refs/tags/<name>", or a commit id (4 to 40 hex digits). Nothing else reaches git.
bool is_valid_revision(std::string_view revision);

// A path inside a commit's tree, as a request names it, in canonical form: "" for the root,
// "a/b" for "a/b/" or "/a/b". nullopt when it is hostile or malformed: "..", "." or empty
// components in the middle ("a//b"), NUL or other control characters, longer than
// kMaxRepoPathLength.
std::optional<std::string> canonical_repo_path(std::string_view path);

}  // namespace berth::spaces
