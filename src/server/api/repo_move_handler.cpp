#include "server/api/repo_move_handler.hpp"

#include "server/api/api_support.hpp"
#include "server/api/space_redeploy.hpp"
#include "spaces/hub_names.hpp"
#include "spaces/space_move.hpp"

namespace berth::server {

void move_repo(ServerContext& ctx, Exchange& ex) {
  auto who = require_identity(ctx, ex);
  Json body = parse_body(ex);
  auto type = field<std::string>(body, "type").value_or("model");
  if (type != "space") {
    throw ApiError{http::status::bad_request,
                   "Berth hosts Spaces only: \"type\" must be \"space\", not \"" + type + "\""};
  }
  auto from = field<std::string>(body, "fromRepo");
  auto to = field<std::string>(body, "toRepo");
  if (!from || !to) {
    throw ApiError{http::status::bad_request, "\"fromRepo\" and \"toRepo\" are required"};
  }
  auto space =
      ctx.db.with([&](spaces::SpaceStore& s, spaces::UserStore&) { return s.find(*from); });
  if (!space || !ServerContext::can_read(*space, who)) throw repo_not_found();
  if (!spaces::same_name(who.user, space->owner) || !who.can_write()) {
    throw ApiError{http::status::forbidden, "You don't have the rights to move " + space->id};
  }
  auto [to_owner, to_name] = spaces::split_space_id(*to);
  if (!spaces::same_name(to_owner, who.user)) {
    throw ApiError{http::status::forbidden,
                   "You don't have the rights to move a repo to the namespace \"" + to_owner +
                       "\": Berth moves Spaces within their owner's namespace"};
  }
  auto moved = spaces::move_space(ctx.db, ctx.deployer, ctx.spaces_dir, space->id, *to);
  ctx.refresh_directory();
  if (!moved.was_serving.empty()) queue_space_deploy(ctx, moved.space, moved.was_serving);
  std::string host(ex.request()[http::field::host]);
  ex.respond_json(http::status::ok, Json{{"url", "http://" + host + "/spaces/" + moved.space.id},
                                         {"id", moved.space.id}});
}

}  // namespace berth::server
