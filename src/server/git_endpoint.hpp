#pragma once
// Git over smart HTTP at /spaces/{owner}/{name}.git (".git" optional, as on the Hub), through
// `git http-backend`. Cloning a public Space needs nothing, a private one its owner's token;
// pushing needs the owner's write token, given as the basic-auth password. A push that moves
// main (or master) queues a deploy of the new commit.
#include "server/server_context.hpp"

namespace berth::server {

class GitEndpoint {
 public:
  explicit GitEndpoint(ServerContext& context) : ctx_(context) {}
  // True when the path is a Space repository's; the request is then answered.
  bool handle(Exchange& ex);

 private:
  ServerContext& ctx_;
};

}  // namespace berth::server
