#pragma once
// Signing in with an API token (pasted once; the browser then holds a session cookie) and
// signing out.
#include "server/web/web_page.hpp"

namespace berth::server {

// GET /login
void sign_in_page(WebRequest& request);
// POST /login: token, next
void sign_in(WebRequest& request);
// POST /logout: csrf
void sign_out(WebRequest& request);

// `next` when it is a path on this host ("/…", not "//…"), else "/": a sign-in link cannot
// send the browser to another site.
std::string local_path_or_root(std::string_view next);

}  // namespace berth::server
