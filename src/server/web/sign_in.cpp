#include "server/web/sign_in.hpp"

#include "server/http/credential_filter.hpp"
#include "server/http/query.hpp"
#include "server/request_auth.hpp"
#include "server/web/form_post.hpp"

namespace berth::server {

namespace {

std::string session_cookie(std::string_view value, std::chrono::seconds max_age) {
  // No Domain: the cookie stays on the UI's host and never reaches a Space's.
  return std::string(kSessionCookie) + "=" + std::string(value) +
         "; Path=/; HttpOnly; SameSite=Lax; Max-Age=" + std::to_string(max_age.count());
}

void render(WebRequest& request, http::status status, std::string_view next,
            std::string_view error) {
  Page page;
  page.title = "Sign in";
  std::string& m = page.main;
  m += "<h1>Sign in</h1>";
  m += "<p class=\"lead\">Paste an access token of your account. Berth keeps only a session "
       "cookie in this browser; the token is not stored in it.</p>";
  if (!error.empty()) m += "<p class=\"error\" role=\"alert\">" + html_escape(error) + "</p>";
  m += "<form id=\"sign-in\" method=\"post\" action=\"/login\" class=\"card-form\">";
  m += "<input type=\"hidden\" name=\"next\" value=\"" + html_escape(next) + "\">";
  m += "<label for=\"token\">Access token <span class=\"hint\">(hf_…, from <code>berth token "
       "create USER</code> or the Tokens page)</span></label>";
  m += "<input type=\"password\" id=\"token\" name=\"token\" autocomplete=\"off\" required "
       "spellcheck=\"false\">";
  m += "<p><button type=\"submit\">Sign in</button></p></form>";
  respond_page(request, status, page);
}

}  // namespace

std::string local_path_or_root(std::string_view next) {
  const bool local = next.starts_with("/") && !next.starts_with("//") &&
                     next.find('\\') == std::string_view::npos &&
                     next.find_first_of("\r\n") == std::string_view::npos;
  return local ? std::string(next) : "/";
}

void sign_in_page(WebRequest& request) {
  auto params = parse_query(request.ex.query());
  const std::string next = local_path_or_root(params["next"]);
  if (request.session) return redirect(request.ex, next);
  render(request, http::status::ok, next, "");
}

void sign_in(WebRequest& request) {
  auto form = read_form(request);
  if (!form) return;
  const std::string next = local_path_or_root((*form)["next"]);
  auto created = request.ctx.db.with_sessions(
      [&](spaces::WebSessionStore& sessions) { return sessions.create((*form)["token"]); });
  if (!created) {
    return render(request, http::status::unauthorized, next,
                  "That token is not valid: it is unknown, revoked or mistyped.");
  }
  redirect(
      request.ex, next,
      {{"Set-Cookie", session_cookie(created->id, std::chrono::duration_cast<std::chrono::seconds>(
                                                      spaces::kWebSessionLifetime))}});
}

void sign_out(WebRequest& request) {
  auto form = read_session_form(request);
  if (!form) return;
  if (request.session) {
    auto id = cookie_value(request.ex.request(), kSessionCookie);
    request.ctx.db.with_sessions([&](spaces::WebSessionStore& sessions) {
      sessions.remove(*id);
      return 0;
    });
  }
  redirect(request.ex, "/login", {{"Set-Cookie", session_cookie("", std::chrono::seconds(0))}});
}

}  // namespace berth::server
