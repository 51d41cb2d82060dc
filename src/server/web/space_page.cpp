#include "server/web/space_page.hpp"

#include "server/web/space_card.hpp"
#include "spaces/hub_names.hpp"

namespace berth::server {

namespace {

using spaces::SpaceStage;

std::string tab_link(std::string_view href, std::string_view label, bool current) {
  return "<a href=\"" + std::string(href) + "\"" + (current ? " aria-current=\"page\"" : "") + ">" +
         std::string(label) + "</a>";
}

std::string git_commands(const WebRequest& request, const spaces::SpaceRecord& space) {
  const std::string remote =
      "http://" + std::string(request.ex.request()[http::field::host]) + "/spaces/" + space.id;
  std::string text;
  text += "git clone " + remote + "\n";
  text += "cd " + space.name + "\n";
  text += "# README.md starts with a header:  ---  sdk: docker  app_port: 7860  ---\n";
  text += "# and a Dockerfile builds the app, listening on that port\n";
  text += "git add README.md Dockerfile\n";
  text += "git commit -m \"First version\"\n";
  text += "git push   # user: " + space.owner + ", password: a write token\n";
  return "<h2>Push your app with git</h2><pre class=\"commands\" id=\"git-commands\">" +
         html_escape(text) + "</pre>";
}

// The app's URL for this browser: a private Space's host knows nothing of the UI's session,
// so its owner's browser goes in through a single-use ticket that becomes a pass there.
std::string app_entry_url(const WebRequest& request, const spaces::SpaceRecord& space) {
  std::string url = request.ctx.space_url(space);
  if (!space.is_private || !request.who()) return url;
  return url + std::string(kVisitPath) +
         "?ticket=" + request.ctx.visits.issue_ticket(space.id, request.who()->user);
}

std::string app_frame(const WebRequest& request, const spaces::SpaceRecord& space) {
  const std::string url = html_escape(request.ctx.space_url(space));
  std::string html = "<div class=\"app-bar\"><span>App at <a id=\"app-url\" href=\"" +
                     html_escape(app_entry_url(request, space)) + "\">" + url +
                     "</a></span><a class=\"button secondary\" href=\"" +
                     html_escape(app_entry_url(request, space)) +
                     "\" target=\"_blank\" rel=\"noopener\">Open in a full page</a></div>";
  // The app's own origin (its host), never the UI's: it can read nothing of this page. The
  // sandbox keeps everything an app needs (its origin, scripts, forms, pop-ups, downloads)
  // but navigating this page away (to a look-alike sign-in page, say).
  html += "<iframe id=\"app-frame\" src=\"" + html_escape(app_entry_url(request, space)) +
          "\" title=\"The app of " + html_escape(space.id) +
          "\" allow=\"fullscreen; clipboard-write\" sandbox=\"allow-scripts allow-same-origin "
          "allow-forms allow-modals allow-popups allow-popups-to-escape-sandbox "
          "allow-downloads\"></iframe>";
  return html;
}

std::string status(std::string_view text, std::string_view tone = "notice") {
  return "<div id=\"app-status\" class=\"" + std::string(tone) + "\">" + std::string(text) +
         "</div>";
}

}  // namespace

bool is_owner(const WebRequest& request, const spaces::SpaceRecord& space) {
  return request.who() && spaces::same_name(request.who()->user, space.owner);
}

std::string space_header(const WebRequest& request, const spaces::SpaceRecord& space,
                         SpaceTab active, bool reload_on_stage) {
  const std::string base = "/spaces/" + html_escape(space.id);
  std::string html = "<div class=\"space-head\">";
  html += "<span class=\"emoji\" aria-hidden=\"true\">" +
          html_escape(space.card.emoji.empty() ? "🚢" : space.card.emoji) + "</span>";
  html += "<h1 id=\"space-title\">" + html_escape(display_title(space)) + "</h1>";
  html += stage_badge(space.id, space.stage, reload_on_stage, "stage");
  html += "</div><ul class=\"facts\"><li><a href=\"/spaces/" + html_escape(space.id) + "\">" +
          html_escape(space.id) + "</a></li><li>" + html_escape(space.hardware) + "</li><li>" +
          (space.is_private ? "private" : "public") + "</li>";
  if (!space.card.short_description.empty()) {
    html += "<li>" + html_escape(space.card.short_description) + "</li>";
  }
  html += "</ul><nav class=\"tabs\" aria-label=\"Space\">";
  html += tab_link(base, "App", active == SpaceTab::kApp);
  html += tab_link(base + "/tree/main", "Files", active == SpaceTab::kFiles);
  html += tab_link(base + "/logs", "Logs", active == SpaceTab::kLogs);
  if (is_owner(request, space)) {
    html += tab_link(base + "/settings", "Settings", active == SpaceTab::kSettings);
  }
  return html + "</nav>";
}

std::string log_view(const spaces::SpaceRecord& space, bool build, std::string_view id,
                     bool short_view) {
  const std::string src =
      "/api/spaces/" + html_escape(space.id) + (build ? "/logs/build" : "/logs/run");
  return "<div class=\"log-view" + std::string(short_view ? " short" : "") + "\" id=\"" +
         std::string(id) + "\" data-log-src=\"" + src + "\" tabindex=\"0\" role=\"log\" " +
         "aria-label=\"" + (build ? "Build log" : "Run log") +
         "\"><span class=\"log-empty\">Waiting for log lines…</span></div>";
}

void space_app_page(WebRequest& request, const spaces::SpaceRecord& space) {
  Page page;
  page.title = space.id;
  page.space_id = space.id;
  std::string& m = page.main;
  m += space_header(request, space, SpaceTab::kApp, true);
  const std::string error = html_escape(space.error_message);
  switch (space.stage) {
    case SpaceStage::kRunning:
    case SpaceStage::kRunningBuilding:
    case SpaceStage::kRunningAppStarting:
      if (space.stage != SpaceStage::kRunning) {
        m += "<p class=\"notice\">A new version is on its way; this one serves until it is "
             "ready. <a href=\"/spaces/" +
             html_escape(space.id) + "/logs\">Follow its build</a>.</p>";
      }
      m += app_frame(request, space);
      break;
    case SpaceStage::kSleeping:
      m += "<p class=\"notice\">This Space was asleep: opening it wakes it up.</p>";
      m += app_frame(request, space);
      break;
    case SpaceStage::kBuilding:
      m += status("Building: the app opens here when it is ready.");
      m += log_view(space, true, "app-log");
      break;
    case SpaceStage::kAppStarting:
      m += status("Starting: the app opens here when it answers.");
      m += log_view(space, false, "app-log");
      break;
    case SpaceStage::kBuildError:
    case SpaceStage::kConfigError:
      m += status("The build failed" + (error.empty() ? std::string(".") : ": " + error), "error");
      m += log_view(space, true, "app-log");
      break;
    case SpaceStage::kRuntimeError:
      m += status("The app stopped" + (error.empty() ? std::string(".") : ": " + error), "error");
      m += log_view(space, false, "app-log");
      break;
    case SpaceStage::kPaused:
      m += status("This Space is paused by its owner." +
                  std::string(is_owner(request, space)
                                  ? " Resume it from the <a href=\"/spaces/" +
                                        html_escape(space.id) + "/settings\">Settings</a>."
                                  : ""));
      break;
    case SpaceStage::kNoAppFile:
      m += status("This Space has no app yet." + (error.empty() ? std::string() : " " + error));
      if (is_owner(request, space)) m += git_commands(request, space);
      break;
    default:
      m += status("This Space is " + std::string(spaces::to_string(space.stage)) + ".");
      break;
  }
  respond_page(request, http::status::ok, page);
}

}  // namespace berth::server
