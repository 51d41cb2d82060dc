#pragma once
// The web UI's own form posts (sign in, sign out, tokens): the fields of an
// application/x-www-form-urlencoded body, and the checks that the post comes from one of the
// UI's pages and not from another site's.
#include <map>
#include <optional>
#include <string>

#include "server/web/web_page.hpp"

namespace berth::server {

using FormFields = std::map<std::string, std::string>;

// Whether the browser says the request comes from this origin: Origin, when sent, names the
// request's Host, and Sec-Fetch-Site, when sent, is not "cross-site". A client that sends
// neither (curl) is no browser another site can drive.
bool from_this_site(const RequestHeader& request);

// The form's fields (at most 64 KiB); nullopt after answering 403 when the post comes from
// another site, 415 when it is not a form, 413 when too large.
std::optional<FormFields> read_form(WebRequest& request);

// read_form, and when the request has a session, the check that the form carries its CSRF
// token (constant-time); nullopt after answering 403 when it does not.
std::optional<FormFields> read_session_form(WebRequest& request);

}  // namespace berth::server
