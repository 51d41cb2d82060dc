#pragma once
// The Tokens page: the signed-in user's API tokens, a form to create one (its value shown
// once, in the answer to the form) and a button to revoke each.
#include "server/web/web_page.hpp"

namespace berth::server {

// GET /tokens
void tokens_page(WebRequest& request);
// POST /tokens: csrf, name, role (read|write)
void create_token(WebRequest& request);
// POST /tokens/revoke: csrf, name
void revoke_token(WebRequest& request);

}  // namespace berth::server
