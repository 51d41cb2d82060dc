#include "server/web/web_ui.hpp"

#include "server/api/api_support.hpp"
#include "server/http/query.hpp"
#include "server/web/page_events.hpp"
#include "server/web/sign_in.hpp"
#include "server/web/space_files_page.hpp"
#include "server/web/space_page.hpp"
#include "server/web/space_settings_page.hpp"
#include "server/web/spaces_list_page.hpp"
#include "server/web/tokens_page.hpp"
#include "server/web/web_page.hpp"

namespace berth::server {

WebUi::WebUi(ServerContext& context) : ctx_(context) {}

void WebUi::handle(Exchange& ex) {
  if (assets_.serve(ex)) return;
  const auto method = ex.request().method();
  const bool get = method == http::verb::get || method == http::verb::head;
  const bool post = method == http::verb::post;
  const std::string_view path = ex.path();
  WebRequest request{ex, ctx_, assets_, ctx_.web_session(ex.request())};
  if (path == "/" && get) return spaces_list_page(request);
  if (path == "/login" && get) return sign_in_page(request);
  if (path == "/login" && post) return sign_in(request);
  if (path == "/logout" && post) return sign_out(request);
  if (path == "/new" && get) return new_space_page(request);
  if (path == "/tokens" && get) return tokens_page(request);
  if (path == "/tokens" && post) return create_token(request);
  if (path == "/tokens/revoke" && post) return revoke_token(request);
  // GET only: a stream answering HEAD writes nothing, so it would never see its client leave.
  if (path == "/ui/events" && method == http::verb::get) return page_events(request);
  if (path.starts_with("/spaces/") && get && handle_space(request, path)) return;
  respond_error_page(request, http::status::not_found, "Not found",
                     "There is no page at " + std::string(path) + ".");
}

bool WebUi::handle_space(WebRequest& request, std::string_view path) {
  auto parts = split_space_path(path.substr(std::string_view("/spaces/").size()));
  if (!parts) return false;
  auto space =
      ctx_.db.with([&](spaces::SpaceStore& s, spaces::UserStore&) { return s.find(parts->id); });
  // Unknown and private-to-someone-else look the same, as in the API.
  if (!space || !ServerContext::can_read(*space, request.identity())) {
    respond_error_page(request, http::status::not_found, "Space not found",
                       "There is no Space " + parts->id + ", or it is private" +
                           (request.session ? "." : ": sign in if it is yours."));
    return true;
  }
  const std::string_view rest = parts->rest;
  if (rest.empty() || rest == "/") return space_app_page(request, *space), true;
  if (rest == "/logs") return space_logs_page(request, *space), true;
  if (rest == "/settings") {
    if (!request.session) return redirect_to_sign_in(request), true;
    if (!is_owner(request, *space)) {
      respond_error_page(request, http::status::forbidden, "Not your Space",
                         "Only the owner of " + space->id + " can change its settings.");
      return true;
    }
    return space_settings_page(request, *space), true;
  }
  if (space_files_page(request, *space, rest)) return true;
  respond_error_page(request, http::status::not_found, "Not found",
                     "This Space has no page " + std::string(rest) + ".");
  return true;
}

}  // namespace berth::server
