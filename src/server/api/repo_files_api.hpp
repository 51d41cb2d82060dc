#pragma once
// The Hub's files and history API for a Space's repository, at the Hub's paths and in its
// JSON, as huggingface_hub's list_repo_tree / list_repo_files, get_paths_info,
// list_repo_commits, list_repo_refs, create_branch / delete_branch, create_tag / delete_tag and
// space_info(revision=…) call it:
//   GET    /api/spaces/{id}/tree/{rev}[/{path}]   ?recursive ?expand ?cursor ?limit, Link: next
//   POST   /api/spaces/{id}/paths-info/{rev}      form: paths=…&paths=…&expand=…
//   GET    /api/spaces/{id}/commits/{rev}          ?p ?limit, Link: next, X-Total-Count
//   GET    /api/spaces/{id}/refs                   ?include_prs
//   POST   /api/spaces/{id}/branch/{branch}        {startingPoint?}   (owner, write token)
//   DELETE /api/spaces/{id}/branch/{branch}                           (owner, write token)
//   POST   /api/spaces/{id}/tag/{rev}              {tag, message?}    (owner, write token)
//   DELETE /api/spaces/{id}/tag/{tag}                                 (owner, write token)
//   GET    /api/spaces/{id}/revision/{rev}         the Space's info at that commit, ?blobs
// Revisions and paths come URL-encoded (huggingface_hub quotes "/" in them) and are decoded
// once; the files themselves are served by ResolveEndpoint (/spaces/{id}/resolve/…).
#include <functional>

#include "server/api/api_area.hpp"
#include "server/api/api_support.hpp"

namespace berth::server {

class RepoFilesApi : public ApiArea {
 public:
  // `space_info` gives a Space's info without the revision's fields (HubApi::space_info_json).
  using SpaceInfoJson = std::function<Json(const spaces::SpaceRecord&)>;
  RepoFilesApi(ServerContext& context, SpaceInfoJson space_info);

  bool handle_space(Exchange& ex, const spaces::SpaceRecord& space, std::string_view rest) override;

 private:
  void tree(Exchange& ex, const spaces::SpaceRecord& space, std::string_view target);
  void paths_info(Exchange& ex, const spaces::SpaceRecord& space, std::string_view revision);
  void commits(Exchange& ex, const spaces::SpaceRecord& space, std::string_view revision);
  void refs(Exchange& ex, const spaces::SpaceRecord& space);
  void create_branch(Exchange& ex, const spaces::SpaceRecord& space, std::string_view branch);
  void delete_branch(Exchange& ex, const spaces::SpaceRecord& space, std::string_view branch);
  void create_tag(Exchange& ex, const spaces::SpaceRecord& space, std::string_view revision);
  void delete_tag(Exchange& ex, const spaces::SpaceRecord& space, std::string_view tag);
  void revision_info(Exchange& ex, const spaces::SpaceRecord& space, std::string_view revision);

  ServerContext& ctx_;
  SpaceInfoJson space_info_;
};

}  // namespace berth::server
