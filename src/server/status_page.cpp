#include "server/status_page.hpp"

#include "server/http/html.hpp"

namespace berth::server {

namespace {

std::string page(const std::string& title, const std::string& body) {
  return "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
         "<title>" +
         html_escape(title) +
         "</title>"
         "<style>body{font-family:system-ui,sans-serif;max-width:50rem;margin:2rem auto;"
         "padding:0 1rem;color:#1f2937}table{border-collapse:collapse;width:100%}"
         "td,th{text-align:left;padding:.4rem;border-bottom:1px solid #e5e7eb}"
         "pre{background:#f3f4f6;padding:1rem;overflow:auto}.stage{font-family:monospace}"
         "</style></head><body>\n" +
         body + "\n</body></html>\n";
}

std::string stage_meaning(spaces::SpaceStage stage) {
  using spaces::SpaceStage;
  switch (stage) {
    case SpaceStage::kNoAppFile:
      return "has no Dockerfile yet: push one";
    case SpaceStage::kConfigError:
      return "has an error in its README header";
    case SpaceStage::kBuilding:
    case SpaceStage::kRunningBuilding:
      return "is building";
    case SpaceStage::kBuildError:
      return "failed to build";
    case SpaceStage::kAppStarting:
    case SpaceStage::kRunningAppStarting:
      return "is starting";
    case SpaceStage::kRuntimeError:
      return "stopped with an error";
    case SpaceStage::kPaused:
      return "is paused by its owner; only the owner can restart it";
    case SpaceStage::kSleeping:
      return "is asleep";
    case SpaceStage::kStopped:
      return "is stopped";
    case SpaceStage::kDeleting:
      return "is being deleted";
    case SpaceStage::kRunning:
      break;  // a running Space the proxy cannot reach: the route is not there (yet)
  }
  return "is not serving";
}

}  // namespace

std::string space_unavailable_html(const spaces::SpaceRecord& space) {
  std::string body = "<h1>" + html_escape(space.id) + "</h1><p>This Space " +
                     stage_meaning(space.stage) + " (<span class=\"stage\">" +
                     std::string(to_string(space.stage)) + "</span>).</p>";
  if (!space.error_message.empty()) body += "<pre>" + html_escape(space.error_message) + "</pre>";
  return page(space.id, body);
}

std::string waking_page_html(const spaces::SpaceRecord& space,
                             const std::vector<std::string>& log_tail) {
  // Reloaded every second: once the app answers, the reload is the app's page. No script, so
  // it works wherever the Space's own page would.
  std::string body = "<meta http-equiv=\"refresh\" content=\"1\"><h1>" + html_escape(space.id) +
                     "</h1><p>This Space was asleep and is waking up: the page reloads by "
                     "itself when the app answers.</p>";
  if (!log_tail.empty()) {
    body += "<pre>";
    for (const auto& line : log_tail) body += html_escape(line) + "\n";
    body += "</pre>";
  }
  return page("Waking up " + space.id, body);
}

std::string no_such_space_html(const std::string& host) {
  return page("Not found", "<h1>404</h1><p>No Space is served at " + html_escape(host) + ".</p>");
}

}  // namespace berth::server
