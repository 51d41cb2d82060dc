#pragma once
// Decoding the path of a request target. Unlike a query string, a path keeps '+' as '+'
// (huggingface_hub quotes it as %2B, but curl and browsers send it bare).
#include <optional>
#include <string>
#include <string_view>

namespace berth::server {

// `text` with its %XX escapes decoded, once: "%252F" stays "%2F". nullopt for a malformed
// escape ("%4", "%zz"). A decoded NUL is kept: whoever uses the result must refuse it.
std::optional<std::string> decode_url_path(std::string_view text);

}  // namespace berth::server
