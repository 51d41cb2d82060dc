#pragma once
// What the proxy keeps from a Space's app: the visitor's Berth credentials. A visitor's browser
// sends its `token` cookie to every host under the domain, and a Hub client sends its token in
// Authorization, to the app's host as to the API's; the app's owner must see neither. And an
// app must not set cookies for hosts other than its own: its response could otherwise plant a
// `token` cookie for the API host, or session cookies for other Spaces (cookie tossing; the
// Hub's hf.space is a public suffix, where browsers refuse such cookies, but Berth's domain is
// not).
#include <optional>
#include <string>
#include <string_view>

namespace berth::server {

// The cookie that carries a Berth token in a browser. It belongs to Berth, never to an app.
inline constexpr std::string_view kTokenCookie = "token";
// The web UI's session (server/web): set by the API host for itself only (no Domain), so a
// browser does not send it to Spaces' hosts; stripped all the same should one arrive there.
inline constexpr std::string_view kSessionCookie = "berth_session";
// A pass to see one private Space, on that Space's host (server/visit_passes.hpp).
inline constexpr std::string_view kVisitCookie = "berth_visit";

// Whether an Authorization value carries a token in Berth's shape: `Bearer hf_…`, or Basic
// with hf_… as password or user. Berth accepts no other token, so this covers every credential
// the server would accept; it also covers tokens the server does not know (revoked ones, the
// visitor's huggingface.co token), which are the visitor's secrets just as much. Any other
// Authorization (an app's own Bearer or Basic scheme) reaches the app.
bool is_berth_authorization(std::string_view value);

// A Cookie value without the server's cookies; nullopt when nothing else is left.
std::optional<std::string> without_server_cookies(std::string_view cookie_header);

// Whether an app on `app_host` (a Host value; port, case and a trailing dot do not matter) may
// send this Set-Cookie: not one naming a server cookie, and none with a Domain attribute other
// than the app's own host, which would reach the API host and other Spaces.
bool is_app_cookie(std::string_view set_cookie, std::string_view app_host);

}  // namespace berth::server
