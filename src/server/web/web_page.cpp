#include "server/web/web_page.hpp"

#include <fmt/format.h>

#include <charconv>

namespace berth::server {

std::vector<std::pair<std::string, std::string>> page_headers(const ServerContext& ctx) {
  std::string spaces_origin = "http://*." + ctx.domain;
  if (ctx.public_port != 80) spaces_origin += ":" + std::to_string(ctx.public_port);
  return {
      {"Content-Security-Policy",
       "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "connect-src 'self'; frame-src " +
           spaces_origin + "; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"},
      {"X-Content-Type-Options", "nosniff"},
      {"X-Frame-Options", "DENY"},
      {"Referrer-Policy", "same-origin"},
      {"Cache-Control", "no-store"},
  };
}

void respond_page(WebRequest& request, http::status status, const Page& page,
                  std::vector<std::pair<std::string, std::string>> extra) {
  const auto* who = request.who();
  std::string html;
  html.reserve(page.main.size() + 2048);
  html += "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">";
  html += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">";
  html += "<title>" + html_escape(page.title) + " · Berth</title>";
  if (request.session) {
    html += "<meta name=\"csrf-token\" content=\"" + html_escape(request.session->csrf) + "\">";
  }
  html += "<link rel=\"icon\" href=\"" + request.assets.url("icon.svg") + "\">";
  html += "<link rel=\"stylesheet\" href=\"" + request.assets.url("berth.css") + "\">";
  html += "<script src=\"" + request.assets.url("berth.js") + "\" defer></script>";
  html += "</head><body";
  if (!page.space_id.empty()) html += " data-space=\"" + html_escape(page.space_id) + "\"";
  html += "><a class=\"skip\" href=\"#main\">Skip to content</a>";
  html +=
      "<header class=\"site\"><a class=\"brand\" href=\"/\">⚓ Berth</a><nav aria-label=\"Site\">";
  html += "<a href=\"/\">Spaces</a>";
  if (who) {
    html += "<a href=\"/new\">New Space</a><a href=\"/tokens\">Tokens</a>";
    html +=
        "<span class=\"who\">Signed in as <strong>" + html_escape(who->user) + "</strong></span>";
    html +=
        "<form method=\"post\" action=\"/logout\"><input type=\"hidden\" name=\"csrf\" value=\"" +
        html_escape(request.session->csrf) +
        "\"><button type=\"submit\" class=\"secondary\">Sign out</button></form>";
  } else {
    html += "<a class=\"who\" href=\"/login\">Sign in</a>";
  }
  html += "</nav></header><main id=\"main\">";
  html += page.main;
  html += "</main></body></html>\n";
  auto headers = page_headers(request.ctx);
  for (auto& header : extra) headers.push_back(std::move(header));
  request.ex.respond(status, "text/html; charset=utf-8", std::move(html), headers);
}

void respond_error_page(WebRequest& request, http::status status, std::string_view title,
                        std::string_view reason) {
  Page page;
  page.title = std::string(title);
  page.main = "<h1>" + html_escape(title) + "</h1><p class=\"lead\">" + html_escape(reason) +
              "</p><p><a href=\"/\">Back to the Spaces</a></p>";
  respond_page(request, status, page);
}

void redirect(Exchange& ex, std::string_view location,
              std::vector<std::pair<std::string, std::string>> extra) {
  extra.emplace_back("Location", std::string(location));
  extra.emplace_back("Cache-Control", "no-store");
  ex.respond(http::status::see_other, "text/plain; charset=utf-8",
             "See " + std::string(location) + "\n", extra);
}

void redirect_to_sign_in(WebRequest& request) {
  std::string target(request.ex.path());
  if (!request.ex.query().empty()) target += "?" + std::string(request.ex.query());
  redirect(request.ex, "/login?next=" + url_encode(target));
}

std::string_view stage_tone(spaces::SpaceStage stage) {
  using spaces::SpaceStage;
  switch (stage) {
    case SpaceStage::kRunning:
      return "ok";
    case SpaceStage::kBuilding:
    case SpaceStage::kAppStarting:
    case SpaceStage::kRunningBuilding:
    case SpaceStage::kRunningAppStarting:
      return "busy";
    case SpaceStage::kBuildError:
    case SpaceStage::kRuntimeError:
    case SpaceStage::kConfigError:
      return "bad";
    default:
      return "idle";
  }
}

std::string stage_badge(std::string_view space_id, spaces::SpaceStage stage, bool reload_on_change,
                        std::string_view element_id) {
  const std::string name(spaces::to_string(stage));
  std::string html = "<span class=\"stage-badge " + std::string(stage_tone(stage)) + "\"";
  // The page's own badge is a live region; a listing's hundred are not.
  if (!element_id.empty()) {
    html += " id=\"" + std::string(element_id) + "\" role=\"status\" aria-label=\"Stage\"";
  }
  html += " data-stage-for=\"" + html_escape(space_id) + "\" data-stage=\"" + name + "\"";
  if (reload_on_change) html += " data-reload-on-change";
  html += ">" + name + "</span>";
  return html;
}

size_t page_number_of(std::string_view value) {
  constexpr size_t kLastPage = 1000000;
  size_t page = 0;
  auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), page);
  if (error != std::errc() || end != value.data() + value.size() || page > kLastPage) return 0;
  return page;
}

std::string url_encode(std::string_view text) {
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~' || c == '/') {
      out += static_cast<char>(c);
    } else {
      out += fmt::format("%{:02X}", c);
    }
  }
  return out;
}

}  // namespace berth::server
