#pragma once
// A registry's WWW-Authenticate challenges (RFC 7235): `Bearer realm="…",service="…",
// scope="…"` for the token flow, `Basic realm="…"` for htpasswd. The header comes from the
// network: its length is bounded and malformed input is an error, never a guess.
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace berth::registry {

struct AuthChallenge {
  std::string scheme;                         // lowercase: "bearer", "basic"
  std::map<std::string, std::string> params;  // names lowercase, values unquoted
};

inline constexpr size_t kMaxChallengeBytes = 16 * 1024;

// Throws InvalidArgumentError naming what is wrong.
std::vector<AuthChallenge> parse_www_authenticate(std::string_view header);

}  // namespace berth::registry
