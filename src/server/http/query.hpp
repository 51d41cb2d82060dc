#pragma once
// The query string of a request target: "a=1&b=x%20y" → {a: "1", b: "x y"}.
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace berth::server {

// Percent-decoding ('+' is a space, as in forms); nullopt for a malformed escape.
std::optional<std::string> percent_decode(std::string_view text);
// Malformed pairs are skipped; a repeated key keeps its first value.
std::map<std::string, std::string> parse_query(std::string_view query);

}  // namespace berth::server
