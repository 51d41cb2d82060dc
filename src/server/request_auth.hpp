#pragma once
// The token a request presents, wherever a Hub client puts it: `Authorization: Bearer hf_…`
// (huggingface_hub, curl), the password of HTTP basic auth (git), or a `token` cookie (a
// browser visiting a private Space).
#include <optional>
#include <string>

#include "server/http/exchange.hpp"

namespace berth::server {

std::optional<std::string> presented_token(const RequestHeader& request);

// RFC 4648 base64 decoding for basic auth; nullopt when malformed.
std::optional<std::string> decode_base64(std::string_view text);

}  // namespace berth::server
