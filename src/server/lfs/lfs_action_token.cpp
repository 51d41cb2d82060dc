#include "server/lfs/lfs_action_token.hpp"

#include <sys/random.h>

#include <charconv>

#include "base/digest.hpp"
#include "base/error.hpp"

namespace berth::server {

namespace {

constexpr std::size_t kBlockSize = 64;  // SHA-256's

std::string unhex(std::string_view hex) {
  std::string out(hex.size() / 2, '\0');
  for (std::size_t i = 0; i < out.size(); ++i) {
    unsigned value = 0;
    std::from_chars(hex.data() + 2 * i, hex.data() + 2 * i + 2, value, 16);
    out[i] = static_cast<char>(value);
  }
  return out;
}

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

bool constant_time_equal(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  unsigned char diff = 0;
  for (std::size_t i = 0; i < a.size(); ++i) diff |= static_cast<unsigned char>(a[i] ^ b[i]);
  return diff == 0;
}

}  // namespace

std::string hmac_sha256_hex(std::string_view key, std::string_view message) {
  std::string block(kBlockSize, '\0');
  if (key.size() > kBlockSize) {
    std::string hashed = unhex(Digest::sha256_of(key).hex());
    std::copy(hashed.begin(), hashed.end(), block.begin());
  } else {
    std::copy(key.begin(), key.end(), block.begin());
  }
  std::string inner_pad = block, outer_pad = block;
  for (auto& c : inner_pad) c = static_cast<char>(c ^ 0x36);
  for (auto& c : outer_pad) c = static_cast<char>(c ^ 0x5c);
  Sha256 inner;
  inner.update(inner_pad);
  inner.update(message);
  std::string inner_hash = unhex(inner.finish().hex());
  Sha256 outer;
  outer.update(outer_pad);
  outer.update(inner_hash);
  return outer.finish().hex();
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
