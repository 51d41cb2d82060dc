#include "server/web/spaces_list_page.hpp"

#include "server/http/query.hpp"
#include "server/web/space_card.hpp"
#include "spaces/hub_names.hpp"
#include "spaces/hub_values.hpp"

namespace berth::server {

namespace {

std::string card_list(const std::vector<spaces::SpaceRecord>& spaces, std::string_view label) {
  std::string html = "<ul class=\"grid\" aria-label=\"" + std::string(label) + "\">";
  for (const auto& space : spaces) html += space_card(space);
  return html + "</ul>";
}

}  // namespace

void spaces_list_page(WebRequest& request) {
  const auto* who = request.who();
  spaces::SpaceFilter filter;
  filter.previews = false;
  filter.visible_to = who ? who->user : "";
  // ?search= (the box's form without script); the script filters as one types.
  filter.search = parse_query(request.ex.query())["search"];
  auto all = request.ctx.db.with(
      [&](spaces::SpaceStore& s, spaces::UserStore&) { return s.list(filter); });
  std::vector<spaces::SpaceRecord> mine, others;
  for (auto& space : all) {
    (who && spaces::same_name(space.owner, who->user) ? mine : others).push_back(std::move(space));
  }
  Page page;
  page.title = "Spaces";
  std::string& m = page.main;
  m += "<h1>Spaces</h1>";
  m += "<div class=\"toolbar\"><form method=\"get\" action=\"/\" role=\"search\"><label "
       "class=\"visually-hidden\" for=\"search\">Search Spaces by name</label><input "
       "type=\"search\" id=\"search\" name=\"search\" placeholder=\"Search Spaces by name\" "
       "autocomplete=\"off\" value=\"" +
       html_escape(filter.search) +
       "\"></form><span id=\"search-count\" class=\"hint\" aria-live=\"polite\"></span>";
  if (who) m += "<a class=\"button\" id=\"new-space\" href=\"/new\">New Space</a>";
  m += "</div>";
  if (who) {
    m += "<h2>Your Spaces</h2>";
    m += mine.empty() ? "<p>You have no Spaces yet. <a href=\"/new\">Create one</a>.</p>"
                      : card_list(mine, "Your Spaces");
    m += "<h2>Public Spaces</h2>";
  } else {
    m += "<p class=\"lead\"><a href=\"/login\">Sign in</a> to create Spaces and see your private "
         "ones.</p>";
  }
  m += others.empty() ? "<p>No public Spaces yet.</p>" : card_list(others, "Public Spaces");
  respond_page(request, http::status::ok, page);
}

void new_space_page(WebRequest& request) {
  if (!request.session) return redirect_to_sign_in(request);
  const auto& who = *request.who();
  Page page;
  page.title = "New Space";
  std::string& m = page.main;
  m += "<h1>New Space</h1><p class=\"lead\">A Docker Space: push a README.md with "
       "<code>sdk: docker</code> and a Dockerfile, and Berth builds and runs it.</p>";
  if (!who.can_write()) {
    m += "<p class=\"error\">You signed in with a read token: sign in with a write token to "
         "create Spaces.</p>";
  }
  m += "<form id=\"new-space-form\" class=\"card-form\" data-status data-api=\"/api/repos/create\" "
       "data-json='{\"type\":\"space\",\"sdk\":\"docker\"}' data-then=\"space:\" "
       "data-busy=\"Creating the Space…\">";
  m += "<label for=\"owner\">Owner</label><select id=\"owner\" name=\"organization\"><option>" +
       html_escape(who.user) + "</option></select>";
  m += "<label for=\"name\">Name <span class=\"hint\">(letters, digits, - _ .; up to 96)</span>"
       "</label><input type=\"text\" id=\"name\" name=\"name\" data-space-name required "
       "maxlength=\"96\" pattern=\"[A-Za-z0-9][A-Za-z0-9._\\-]*\" autocomplete=\"off\">";
  m += "<label for=\"visibility\">Visibility</label><select id=\"visibility\" "
       "name=\"visibility\"><option value=\"public\">Public: anyone can see and use it</option>"
       "<option value=\"private\">Private: only you</option></select>";
  m += "<label for=\"hardware\">Hardware</label><select id=\"hardware\" name=\"hardware\">" +
       hardware_options("cpu-basic") + "</select>";
  m += "<label for=\"sleep\">Sleep after <span class=\"hint\">(seconds without a visit; empty "
       "for the server's default, -1 for never)</span></label><input type=\"number\" "
       "id=\"sleep\" name=\"sleepTimeSeconds\" data-type=\"number\" min=\"-1\">";
  m += "<label for=\"variables\">Variables <span class=\"hint\">(KEY=value per line: build "
       "arguments and environment)</span></label><textarea id=\"variables\" name=\"variables\" "
       "data-type=\"pairs\" spellcheck=\"false\"></textarea>";
  m += "<label for=\"secrets\">Secrets <span class=\"hint\">(KEY=value per line: never shown "
       "again)</span></label><textarea id=\"secrets\" name=\"secrets\" data-type=\"pairs\" "
       "spellcheck=\"false\"></textarea>";
  m += "<p><button type=\"submit\">Create Space</button></p><p role=\"status\"></p></form>";
  respond_page(request, http::status::ok, page);
}

}  // namespace berth::server
