#pragma once
// The web UI on the API's host: sign in, the Spaces list, New Space, Tokens, a Space's pages
// (App, Files, Logs, Settings), the live stage events and the assets. Pages are rendered on
// the server; berth.js adds live updates and sends settings to the JSON API.
#include <memory>

#include "server/server_context.hpp"
#include "server/web/web_assets.hpp"

namespace berth::server {

class WebUi {
 public:
  explicit WebUi(ServerContext& context);

  // Answers what git, the API and the downloads did not take: the UI's pages, and a 404 page
  // for any other path.
  void handle(Exchange& ex);

 private:
  bool handle_space(struct WebRequest& request, std::string_view path);

  ServerContext& ctx_;
  WebAssets assets_;
};

}  // namespace berth::server
