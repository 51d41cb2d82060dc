#pragma once
// A file of a Space's repository at a revision, as huggingface.co serves it for
// hf_hub_download and snapshot_download: GET|HEAD /spaces/{owner}/{name}/resolve/{rev}/{path}.
// Answers carry X-Repo-Commit (the commit the revision resolved to), ETag (the blob's id, or
// the sha256 of an LFS file, with X-Linked-Etag and X-Linked-Size as the Hub sends them) and
// Content-Length; a Range gets 206 or 416. Content streams from `git cat-file blob` or from the
// Space's LFS store, never whole in memory. A private Space answers its owner only (token in
// Authorization or the `token` cookie), 404 RepoNotFound to anyone else; a missing revision is
// 404 RevisionNotFound, a missing file 404 EntryNotFound (with X-Repo-Commit).
#include "server/server_context.hpp"

namespace berth::server {

class ResolveEndpoint {
 public:
  explicit ResolveEndpoint(ServerContext& context) : ctx_(context) {}
  // True when the path is a resolve URL; the request is then answered.
  bool handle(Exchange& ex);

 private:
  ServerContext& ctx_;
};

}  // namespace berth::server
