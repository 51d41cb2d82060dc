#pragma once
// RFC 4648 base64 (the standard alphabet, with padding): Basic auth and docker's config.json.
#include <optional>
#include <string>
#include <string_view>

namespace berth {

std::string encode_base64(std::string_view bytes);
// nullopt when `text` is not base64 (bad characters, bad length or padding).
std::optional<std::string> decode_base64(std::string_view text);

}  // namespace berth
