#pragma once
// The home page: the signed-in user's Spaces, then the public ones, as cards with live stage
// badges and a search box; and the New Space form.
#include "server/web/web_page.hpp"

namespace berth::server {

// GET /
void spaces_list_page(WebRequest& request);
// GET /new
void new_space_page(WebRequest& request);

}  // namespace berth::server
