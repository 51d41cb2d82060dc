#include "server/lfs/lfs_action_token.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <sys/random.h>

#include <charconv>

#include "base/error.hpp"

namespace berth::server {

namespace {

std::string random_key() {
  std::string key(32, '\0');
  std::size_t got = 0;
  while (got < key.size()) {
    ssize_t n = ::getrandom(key.data() + got, key.size() - got, 0);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw_errno("getrandom for the LFS action key");
    got += static_cast<std::size_t>(n);
  }
  return key;
}

// Both are hex of the same length when genuine; CRYPTO_memcmp's time does not depend on where
// they differ.
bool constant_time_equal(std::string_view a, std::string_view b) {
  return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace

std::string hmac_sha256_hex(std::string_view key, std::string_view message) {
  unsigned char out[EVP_MAX_MD_SIZE];
  size_t out_len = 0;
  if (!EVP_Q_mac(nullptr, "HMAC", nullptr, "SHA256", nullptr, key.data(), key.size(),
                 reinterpret_cast<const unsigned char*>(message.data()), message.size(), out,
                 sizeof out, &out_len)) {
    throw Error("HMAC-SHA256 of an LFS action failed (OpenSSL)");
  }
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(out_len * 2);
  for (size_t i = 0; i < out_len; ++i) {
    hex += kHex[out[i] >> 4];
    hex += kHex[out[i] & 0xf];
  }
  return hex;
}

LfsActionSigner::LfsActionSigner() : key_(random_key()) {}

LfsActionSigner::LfsActionSigner(std::string_view key) : key_(key) {}

std::string LfsActionSigner::mac(const LfsAction& action, std::int64_t expiry) const {
  // Newlines cannot occur in any field (ids, oids, operations are validated), so the fields
  // cannot be shifted into one another.
  return hmac_sha256_hex(key_, action.operation + "\n" + action.space_id + "\n" + action.oid +
                                   "\n" + std::to_string(action.size) + "\n" +
                                   std::to_string(expiry));
}

std::string LfsActionSigner::sign(const LfsAction& action,
                                  std::chrono::system_clock::time_point now) const {
  std::int64_t expiry =
      std::chrono::duration_cast<std::chrono::seconds>((now + kLifetime).time_since_epoch())
          .count();
  return std::to_string(expiry) + "." + mac(action, expiry);
}

bool LfsActionSigner::verify(const LfsAction& action, std::string_view token,
                             std::chrono::system_clock::time_point now) const {
  auto dot = token.find('.');
  if (dot == std::string_view::npos || dot == 0 || dot > 20) return false;
  std::int64_t expiry = 0;
  auto [end, ec] = std::from_chars(token.data(), token.data() + dot, expiry);
  if (ec != std::errc() || end != token.data() + dot) return false;
  auto seconds = std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count();
  if (expiry < seconds) return false;
  return constant_time_equal(token.substr(dot + 1), mac(action, expiry));
}

}  // namespace berth::server
