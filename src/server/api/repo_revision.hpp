#pragma once
// A Space's repository as the Hub's API names its contents: the revision a request names,
// resolved to a commit (404 RevisionNotFound otherwise), paths checked (400 for a hostile one,
// 404 EntryNotFound for a missing one), and what a Space's info shows of a revision: its
// commit (`sha`) and files (`siblings`).
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "server/api/api_support.hpp"

namespace berth::server {

ApiError revision_not_found(std::string_view revision);
ApiError entry_not_found(std::string_view path, std::string_view revision);

// <spaces dir>/<owner>/<name>/repo.git
std::filesystem::path space_repository(const ServerContext& ctx, const spaces::SpaceRecord& space);

// The commit `revision` (already URL-decoded) names in `repository`; RevisionNotFound for an
// unknown or malformed one ("--upload-pack=…" included: it never reaches git).
std::string resolve_request_revision(const std::filesystem::path& repository,
                                     std::string_view revision);

// `path` (URL-decoded) in canonical form ("" for the root); 400 for a path that could leave
// the tree or is malformed.
std::string request_repo_path(std::string_view path);

// Sets `sha` to `commit` (null when none: an empty repository) and `siblings` to the commit's
// files ([{rfilename}], with size, blobId and lfs when `with_blobs`), as the Hub's space info.
// A commit with more than 100000 files gets no siblings (list_repo_tree pages through them).
void add_revision_info(Json& info, const std::filesystem::path& repository,
                       const std::optional<std::string>& commit, bool with_blobs);

// Whether a query flag is on: "true", "True" or "1".
bool query_flag(const std::map<std::string, std::string>& params, const std::string& name);

}  // namespace berth::server
