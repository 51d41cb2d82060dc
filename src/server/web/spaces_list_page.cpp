#include "server/web/spaces_list_page.hpp"

#include <algorithm>
#include <span>

#include "server/http/query.hpp"
#include "server/web/space_card.hpp"
#include "spaces/hub_names.hpp"
#include "spaces/hub_values.hpp"

namespace berth::server {

namespace {

std::string card_list(std::span<const spaces::SpaceRecord> spaces, std::string_view label) {
  std::string html = "<ul class=\"grid\" aria-label=\"" + std::string(label) + "\">";
  for (const auto& space : spaces) html += space_card(space);
  return html + "</ul>";
}

// Cards on one page: a list stays well under 60 KB, however many Spaces there are.
constexpr size_t kCardsPerPage = 60;

}  // namespace

void spaces_list_page(WebRequest& request) {
  const auto* who = request.who();
  spaces::SpaceFilter filter;
  filter.previews = false;
  filter.visible_to = who ? who->user : "";
  // ?search= (the box's form without script); the script filters as one types.
  auto params = parse_query(request.ex.query());
  filter.search = params["search"];
  size_t page_number = page_number_of(params["page"]);
  auto all = request.ctx.db.with(
      [&](spaces::SpaceStore& s, spaces::UserStore&) { return s.list(filter); });
  std::vector<spaces::SpaceRecord> mine, others;
  for (auto& space : all) {
    (who && spaces::same_name(space.owner, who->user) ? mine : others).push_back(std::move(space));
  }
  const size_t total = mine.size() + others.size();
  if (page_number * kCardsPerPage >= total) page_number = 0;
  const size_t first = page_number * kCardsPerPage;
  // The page's cards of a section that starts at card `offset` of the listing.
  auto on_page = [&](const std::vector<spaces::SpaceRecord>& section, size_t offset) {
    const size_t begin = std::clamp(first, offset, offset + section.size()) - offset;
    const size_t end = std::clamp(first + kCardsPerPage, offset, offset + section.size()) - offset;
    return std::span(section).subspan(begin, end - begin);
  };
  const auto mine_shown = on_page(mine, 0);
  const auto others_shown = on_page(others, mine.size());
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
    if (mine.empty()) {
      m += "<p>You have no Spaces yet. <a href=\"/new\">Create one</a>.</p>";
    } else if (!mine_shown.empty()) {
      m += card_list(mine_shown, "Your Spaces");
    } else {
      m += "<p>On earlier pages.</p>";
    }
    m += "<h2>Public Spaces</h2>";
  } else {
    m += "<p class=\"lead\"><a href=\"/login\">Sign in</a> to create Spaces and see your private "
         "ones.</p>";
  }
  if (others.empty()) {
    m += "<p>No public Spaces yet.</p>";
  } else if (!others_shown.empty()) {
    m += card_list(others_shown, "Public Spaces");
  } else {
    m += "<p>On the next pages.</p>";
  }
  if (total > kCardsPerPage) {
    const std::string search = filter.search.empty() ? "" : "&search=" + url_encode(filter.search);
    m += "<nav class=\"toolbar\" aria-label=\"Pages\">";
    if (page_number > 0) {
      m += "<a href=\"/?page=" + std::to_string(page_number - 1) + html_escape(search) +
           "\">Previous page</a>";
    }
    m += "<span class=\"hint\">Page " + std::to_string(page_number + 1) + " of " +
         std::to_string((total + kCardsPerPage - 1) / kCardsPerPage) + "</span>";
    if (first + kCardsPerPage < total) {
      m += "<a href=\"/?page=" + std::to_string(page_number + 1) + html_escape(search) +
           "\">Next page</a>";
    }
    m += "</nav>";
  }
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
