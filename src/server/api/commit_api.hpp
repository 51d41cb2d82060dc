#pragma once
// The Hub's commit API, which huggingface_hub's upload_file, upload_folder, delete_file and
// create_commit use (and huggingface.js's commit):
//   POST /api/validate-yaml                  a README's metadata checked before an upload
//   POST /api/spaces/{id}/preupload/{rev}    regular or LFS, ignored or not, per file
//   POST /api/spaces/{id}/commit/{rev}       NDJSON operations → a git commit on the branch
// A commit is a real git commit in the Space's bare repository, authored by the token's user,
// and deploys the Space as a push does when it moves the deployed branch. Large files arrive
// beforehand through the LFS batch API (server/lfs). Pull requests (create_pr) are not
// supported yet.
#include <string_view>

#include "server/api/api_area.hpp"

namespace berth::server {

class CommitApi : public ApiArea {
 public:
  explicit CommitApi(ServerContext& context) : ctx_(context) {}
  bool handle_space(Exchange& ex, const spaces::SpaceRecord& space, std::string_view rest) override;
  bool handle_other(Exchange& ex, std::string_view path) override;

 private:
  void validate_yaml(Exchange& ex);
  void preupload(Exchange& ex, const spaces::SpaceRecord& space, std::string_view revision);
  void commit(Exchange& ex, const spaces::SpaceRecord& space, std::string_view revision);

  ServerContext& ctx_;
};

}  // namespace berth::server
