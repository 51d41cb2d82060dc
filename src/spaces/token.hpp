#pragma once
// API tokens in the Hub's shape: "hf_" and 34 letters. huggingface_hub and the git credential
// helpers check the "hf_" prefix, so Berth's tokens work wherever a Hub token does.
#include <string>
#include <string_view>

namespace berth::spaces {

// What every token starts with; a credential without it is not Berth's (an app's own key).
inline constexpr std::string_view kTokenPrefix = "hf_";

// 34 letters from libsodium's CSPRNG, each uniform over [A-Za-z]: 34 * log2(52) ~ 194 bits.
std::string new_token();
// "hf_" followed by exactly 34 ASCII letters.
bool looks_like_token(std::string_view token);
// Hex sha256 of the token: what the store keeps. A slow password hash (argon2) buys nothing
// here: it defends guessable secrets, and 194 random bits cannot be guessed however fast the
// hash is, while every API request has to hash the token it presents.
std::string token_hash(std::string_view token);
// Constant-time equality (sodium_memcmp) for comparing hashes in memory; lengths are public.
bool hashes_equal(std::string_view a, std::string_view b);

}  // namespace berth::spaces
