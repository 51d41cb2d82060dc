#include "server/web/tokens_page.hpp"

#include "base/error.hpp"
#include "server/web/form_post.hpp"

namespace berth::server {

namespace {

std::string csrf_field(const WebRequest& request) {
  return "<input type=\"hidden\" name=\"csrf\" value=\"" + html_escape(request.session->csrf) +
         "\">";
}

void render(WebRequest& request, http::status status, std::string_view notice,
            std::string_view error, const std::optional<spaces::CreatedToken>& created) {
  const auto& who = *request.who();
  auto tokens = request.ctx.db.with(
      [&](spaces::SpaceStore&, spaces::UserStore& users) { return users.list_tokens(who.user); });
  Page page;
  page.title = "Tokens";
  std::string& m = page.main;
  m += "<h1>Access tokens</h1><p class=\"lead\">Tokens let git, huggingface_hub and the API act "
       "as " +
       html_escape(who.user) + ". A read token can only read.</p>";
  if (!error.empty()) m += "<p class=\"error\" role=\"alert\">" + html_escape(error) + "</p>";
  if (!notice.empty()) m += "<p class=\"notice\" role=\"status\">" + html_escape(notice) + "</p>";
  if (created) {
    m += "<div class=\"notice\" role=\"status\"><p>Token <strong>" +
         html_escape(created->info.name) +
         "</strong> was created. Copy it now: it will not be shown again.</p><p><code "
         "id=\"created-token\">" +
         html_escape(created->token) + "</code></p></div>";
  }
  m += "<div class=\"table-wrap\"><table id=\"tokens\"><caption class=\"visually-hidden\">Your "
       "tokens</caption><thead><tr><th scope=\"col\">Name</th><th scope=\"col\">Role</th><th "
       "scope=\"col\">Created</th><th scope=\"col\">Last used</th><th "
       "scope=\"col\"><span class=\"visually-hidden\">Actions</span></th></tr></thead><tbody>";
  for (const auto& token : tokens) {
    const std::string name = html_escape(token.name);
    m += "<tr data-token=\"" + name + "\"><td>" + name + "</td><td>" + html_escape(token.role) +
         "</td><td>" + html_escape(token.created.substr(0, 19)) + "</td><td>" +
         html_escape(token.last_used.empty() ? "never" : token.last_used.substr(0, 19)) +
         "</td><td>";
    if (who.can_write()) {
      m += "<form method=\"post\" action=\"/tokens/revoke\">" + csrf_field(request) +
           "<input type=\"hidden\" name=\"name\" value=\"" + name +
           "\"><button type=\"submit\" class=\"revoke secondary\" aria-label=\"Revoke " + name +
           "\">Revoke</button></form>";
    }
    m += "</td></tr>";
  }
  if (tokens.empty()) m += "<tr><td colspan=\"5\">No tokens.</td></tr>";
  m += "</tbody></table></div>";
  if (who.can_write()) {
    m += "<h2>New token</h2><form id=\"new-token\" method=\"post\" action=\"/tokens\" "
         "class=\"card-form\">" +
         csrf_field(request);
    m += "<label for=\"token-name\">Name</label><input type=\"text\" id=\"token-name\" "
         "name=\"name\" required maxlength=\"100\">";
    m += "<label for=\"token-role\">Role</label><select id=\"token-role\" name=\"role\">"
         "<option value=\"read\">read</option><option value=\"write\">write</option></select>";
    m += "<p><button type=\"submit\">Create token</button></p></form>";
  } else {
    m += "<p class=\"notice\">You signed in with a read token: sign in with a write token to "
         "create or revoke tokens.</p>";
  }
  respond_page(request, status, page);
}

// The form, when it may change the user's tokens: a session with a write token (a read
// token must not mint itself a write one) and the page's CSRF token.
std::optional<FormFields> token_change_form(WebRequest& request) {
  if (!request.session) {
    respond_error_page(request, http::status::unauthorized, "Sign in first",
                       "Sign in to manage your tokens.");
    return std::nullopt;
  }
  auto form = read_session_form(request);
  if (!form) return std::nullopt;
  if (!request.who()->can_write()) {
    respond_error_page(request, http::status::forbidden, "Read-only session",
                       "You signed in with a read token, which cannot create or revoke tokens.");
    return std::nullopt;
  }
  return form;
}

}  // namespace

void tokens_page(WebRequest& request) {
  if (!request.session) return redirect_to_sign_in(request);
  render(request, http::status::ok, "", "", std::nullopt);
}

void create_token(WebRequest& request) {
  auto form = token_change_form(request);
  if (!form) return;
  const auto& user = request.who()->user;
  try {
    auto created = request.ctx.db.with([&](spaces::SpaceStore&, spaces::UserStore& users) {
      return users.create_token(user, (*form)["name"], (*form)["role"] == "write");
    });
    render(request, http::status::ok, "", "", created);
  } catch (const InvalidArgumentError& e) {
    render(request, http::status::bad_request, "", e.what(), std::nullopt);
  } catch (const ConflictError& e) {
    render(request, http::status::conflict, "", e.what(), std::nullopt);
  }
}

void revoke_token(WebRequest& request) {
  auto form = token_change_form(request);
  if (!form) return;
  const auto& user = request.who()->user;
  const std::string name = (*form)["name"];
  try {
    request.ctx.db.with([&](spaces::SpaceStore&, spaces::UserStore& users) {
      users.revoke_token(user, name);
      return 0;
    });
  } catch (const NotFoundError& e) {
    return render(request, http::status::not_found, "", e.what(), std::nullopt);
  }
  // Revoking the token this session lives on ends the session with it.
  auto still = request.ctx.web_session(request.ex.request());
  if (!still) return redirect(request.ex, "/login");
  request.session = still;
  render(request, http::status::ok, "Token " + name + " was revoked.", "", std::nullopt);
}

}  // namespace berth::server
