#pragma once
// What every page of the web UI shares: the request as the UI sees it (who is signed in), the
// page frame (header, navigation, the CSRF token, the assets) and the security headers every
// page is sent with.
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "server/http/html.hpp"
#include "server/server_context.hpp"
#include "server/web/web_assets.hpp"
#include "spaces/space_stage.hpp"
#include "spaces/web_session_store.hpp"

namespace berth::server {

struct WebRequest {
  Exchange& ex;
  ServerContext& ctx;
  const WebAssets& assets;
  std::optional<spaces::WebSession> session;  // none when not signed in

  const spaces::Identity* who() const { return session ? &session->identity : nullptr; }
  std::optional<spaces::Identity> identity() const {
    return session ? std::optional(session->identity) : std::nullopt;
  }
};

struct Page {
  std::string title;  // the <title>, before " · Berth"
  std::string main;   // the content of <main>, HTML
  // Set on a Space's pages: <body data-space>, so the live stage badges follow that Space.
  std::string space_id;
};

// The headers of every HTML page: a Content-Security-Policy allowing only the server's own
// scripts and styles (no inline ones) and frames from Spaces' hosts, no framing of the UI
// itself, no sniffing, no referrer to other origins.
std::vector<std::pair<std::string, std::string>> page_headers(const ServerContext& ctx);

void respond_page(WebRequest& request, http::status status, const Page& page,
                  std::vector<std::pair<std::string, std::string>> extra = {});
// A page that says what went wrong, with a link onward.
void respond_error_page(WebRequest& request, http::status status, std::string_view title,
                        std::string_view reason);
// 303 to `location` (a path on this host).
void redirect(Exchange& ex, std::string_view location,
              std::vector<std::pair<std::string, std::string>> extra = {});
// 303 to the sign-in page, which comes back to the page asked for.
void redirect_to_sign_in(WebRequest& request);

// The stage as a badge the script keeps live ("ok", "busy", "bad" or "idle" colours);
// `reload_on_change`: the page is rendered again when the stage changes.
std::string stage_badge(std::string_view space_id, spaces::SpaceStage stage,
                        bool reload_on_change = false, std::string_view element_id = "");
std::string_view stage_tone(spaces::SpaceStage stage);

// A page number from a query value: digits up to a million, else 0 (the first page), so no
// product with a page size can overflow.
size_t page_number_of(std::string_view value);

// Percent-encoding for a path or a query value: RFC 3986's unreserved characters and '/' kept.
std::string url_encode(std::string_view text);

}  // namespace berth::server
