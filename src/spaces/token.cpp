#include "spaces/token.hpp"

#include <algorithm>

#include "base/digest.hpp"
#include "base/sodium.hpp"

namespace berth::spaces {
namespace {

constexpr size_t kLetters = 34;
constexpr std::string_view kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

}  // namespace

std::string new_token() {
  ensure_sodium();
  std::string token(kTokenPrefix);
  for (size_t i = 0; i < kLetters; ++i) {
    // randombytes_uniform has no modulo bias.
    token.push_back(kAlphabet[randombytes_uniform(static_cast<uint32_t>(kAlphabet.size()))]);
  }
  return token;
}

bool looks_like_token(std::string_view token) {
  if (token.size() != kTokenPrefix.size() + kLetters || !token.starts_with(kTokenPrefix))
    return false;
  return std::all_of(token.begin() + kTokenPrefix.size(), token.end(),
                     [](char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); });
}

std::string token_hash(std::string_view token) {
  return Digest::sha256_of(token).hex();
}

bool hashes_equal(std::string_view a, std::string_view b) {
  ensure_sodium();
  return a.size() == b.size() && sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace berth::spaces
