#pragma once
// Text into HTML, for the server's own pages (error pages of the proxy, the status page).
#include <string>
#include <string_view>

namespace berth::server {

// &, <, >, " and ' as entities: safe in element text and in quoted attribute values.
std::string html_escape(std::string_view text);

}  // namespace berth::server
