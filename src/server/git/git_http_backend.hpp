#pragma once
// Git smart HTTP (and the dumb protocol's plain files) for the Spaces' repositories, served by
// `git http-backend` as a CGI program: `/spaces/{owner}/{name}.git/info/refs?service=...`,
// `/git-upload-pack`, `/git-receive-pack`. The router authenticates and decides allow_push;
// git does the protocol.
#include <cstdint>
#include <filesystem>
#include <limits>
#include <string>

#include "server/http/exchange.hpp"

namespace berth::server {

struct GitHttpRequest {
  std::filesystem::path repository;  // the bare repository's directory (…/repo.git)
  std::string path_in_repo;          // "/info/refs", "/git-upload-pack", "/git-receive-pack", …
  std::string remote_user;           // the authenticated user, "" when anonymous
  bool allow_push = false;           // enables git-receive-pack; otherwise git answers 403
  // The largest request body (as sent, compressed or not) that is spooled for git; a larger
  // one is answered 413 (PayloadTooLarge) before git runs, at once when Content-Length says so.
  std::uint64_t max_body = std::numeric_limits<std::uint64_t>::max();
};

// Answers the request through `git http-backend` and returns git's exit status (128 + signal
// when killed). git's own refusals (403 for a push that is not allowed, 404) are streamed as
// git wrote them. When git fails before its header, answers 500 {"error": git's last stderr
// line}. Answers 404 itself, returning -1 without running git, when the repository does not
// exist or path_in_repo is not a plain absolute path.
//
// Lifts the request parser's body limit to max_body (a push is spooled to disk, not memory); a
// server that
// keeps Beast's default limit still refuses a Content-Length over it at header time, so git
// routes need their limit raised before the header is read. Throws (after killing and reaping
// git) when the client goes away, and Error when git cannot be started.
int serve_git(Exchange& ex, const GitHttpRequest& request);

}  // namespace berth::server
