#pragma once
// What the server's handlers share: the stores, the pipeline, the routes and the facts of
// this server (its domain and public port).
#include <atomic>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

#include "server/http/exchange.hpp"
#include "server/space_directory.hpp"
#include "server/visit_passes.hpp"
#include "spaces/deploy_queue.hpp"
#include "spaces/route_table.hpp"
#include "spaces/space_deployer.hpp"
#include "spaces/space_lifecycle.hpp"
#include "spaces/spaces_database.hpp"

namespace berth::server {

// The header a web UI page's script sends its session's CSRF token in.
inline constexpr std::string_view kCsrfHeader = "X-CSRF-Token";

struct ServerContext {
  spaces::SpacesDatabase& db;
  spaces::SpaceDeployer& deployer;
  spaces::RouteTable& routes;
  SpaceDirectory& directory;
  spaces::DeployQueue& deploys;
  spaces::SpaceLifecycle& lifecycle;
  std::filesystem::path spaces_dir;
  std::string domain;
  uint16_t public_port = 80;
  std::atomic<bool>& stopping;
  VisitPasses& visits;
  // The most a Space's Git LFS objects may take (berth serve --lfs-quota); 0: no quota.
  std::uint64_t lfs_quota_bytes = 0;

  // Who the request's token belongs to, on the API host (the API, git, the web UI); nullopt
  // when none or invalid. The `token` cookie counts for GET and HEAD only: any other method
  // must present its token in Authorization, which another site cannot make a browser send
  // (CSRF). Without a token, the web UI's session cookie counts for GET and HEAD, and for
  // other methods when the request carries the session's CSRF token in X-CSRF-Token.
  std::optional<spaces::Identity> identify(const Exchange& ex);
  // The web UI's session the request's cookie names; nullopt when none, unknown or expired.
  std::optional<spaces::WebSession> web_session(const RequestHeader& request);
  // Whether the request presented its token only in the cookie, with a method where the
  // cookie does not count: why identify() found nobody.
  static bool cookie_not_accepted(const RequestHeader& request);
  // Who visits a Space's host, for a private Space's visibility: the cookie counts for every
  // method, as the browser's forms on the Space's own pages need it.
  std::optional<spaces::Identity> identify_visitor(const RequestHeader& request);
  // Reloads the Host → Space directory from the database.
  void refresh_directory();
  // http://{owner}-{name}.{domain}[:port]
  std::string space_url(const spaces::SpaceRecord& space) const;
  // Whether `who` may see the Space: public, or theirs.
  static bool can_read(const spaces::SpaceRecord& space,
                       const std::optional<spaces::Identity>& who);
};

}  // namespace berth::server
