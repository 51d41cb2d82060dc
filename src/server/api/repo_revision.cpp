#include "server/api/repo_revision.hpp"

#include "spaces/git/git_names.hpp"
#include "spaces/git/git_refs.hpp"
#include "spaces/git/git_tree.hpp"
#include "spaces/space_admin.hpp"

namespace berth::server {
namespace {

// Siblings of a Space's info: its files, all of them, as the Hub lists them; a revision with
// more has no siblings in its info.
constexpr size_t kMaxSiblings = 100000;

// A name from a request, shortened and made printable for an error message.
std::string shown(std::string_view text) {
  std::string out;
  for (char c : text.substr(0, 200)) {
    out += (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) ? '?' : c;
  }
  if (text.size() > 200) out += "…";
  return out;
}

}  // namespace

ApiError revision_not_found(std::string_view revision) {
  return ApiError{http::status::not_found, "Invalid rev id: " + shown(revision),
                  "RevisionNotFound"};
}

ApiError entry_not_found(std::string_view path, std::string_view revision) {
  return ApiError{http::status::not_found,
                  "Entry not found: " + shown(path) + " does not exist at " + shown(revision),
                  "EntryNotFound"};
}

std::filesystem::path space_repository(const ServerContext& ctx, const spaces::SpaceRecord& space) {
  return spaces::repository_of(ctx.spaces_dir, space);
}

std::string resolve_request_revision(const std::filesystem::path& repository,
                                     std::string_view revision) {
  auto commit = spaces::resolve_revision(repository, revision);
  if (!commit) throw revision_not_found(revision);
  return *commit;
}

std::string request_repo_path(std::string_view path) {
  auto canonical = spaces::canonical_repo_path(path);
  if (!canonical) {
    throw ApiError{http::status::bad_request,
                   "Invalid path \"" + shown(path) +
                       "\": a path in the repository has no \"..\", \".\" or empty components "
                       "and no control characters"};
  }
  return *canonical;
}

void add_revision_info(Json& info, const std::filesystem::path& repository,
                       const std::optional<std::string>& commit, bool with_blobs) {
  info["sha"] = commit ? Json(*commit) : Json();
  Json siblings = Json::array();
  if (commit) {
    auto page = spaces::list_tree(
        repository, *commit,
        {.directory = "", .recursive = true, .files_only = true, .limit = kMaxSiblings});
    if (page.more) {
      // Too many to show: no list rather than part of one (huggingface_hub reads a missing
      // siblings as None); list_repo_tree pages through them.
      info.erase("siblings");
      return;
    }
    if (with_blobs) spaces::read_lfs_pointers(repository, page.entries);
    for (const auto& entry : page.entries) {
      Json sibling = {{"rfilename", entry.path}};
      if (with_blobs) {
        sibling["blobId"] = entry.oid;
        sibling["size"] = entry.lfs ? entry.lfs->size : entry.size;
        if (entry.lfs) {
          sibling["lfs"] = {
              {"sha256", entry.lfs->oid}, {"size", entry.lfs->size}, {"pointerSize", entry.size}};
        }
      }
      siblings.push_back(std::move(sibling));
    }
  }
  info["siblings"] = std::move(siblings);
}

bool query_flag(const std::map<std::string, std::string>& params, const std::string& name) {
  auto it = params.find(name);
  return it != params.end() && (it->second == "true" || it->second == "True" || it->second == "1");
}

}  // namespace berth::server
