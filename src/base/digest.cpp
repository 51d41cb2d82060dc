#include "base/digest.hpp"

#include <openssl/crypto.h>

#include "base/error.hpp"

namespace berth {
namespace {

bool is_lower_hex(std::string_view s) {
  for (char c : s) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

// Validates per the OCI grammar; only sha256 and sha512 are registered algorithms.
std::string digest_problem(std::string_view text) {
  auto colon = text.find(':');
  if (colon == std::string_view::npos) return "missing algorithm prefix";
  auto algorithm = text.substr(0, colon);
  auto encoded = text.substr(colon + 1);
  size_t expected = 0;
  if (algorithm == "sha256") {
    expected = 64;
  } else if (algorithm == "sha512") {
    expected = 128;
  } else {
    return "unsupported digest algorithm \"" + std::string(algorithm) + "\"";
  }
  if (encoded.size() != expected || !is_lower_hex(encoded)) {
    return "invalid " + std::string(algorithm) + " encoding";
  }
  return {};
}

}  // namespace

bool Digest::is_valid(std::string_view text) {
  return digest_problem(text).empty();
}

Digest Digest::parse(std::string_view text) {
  auto problem = digest_problem(text);
  if (!problem.empty()) {
    throw InvalidArgumentError("invalid digest \"" + std::string(text) + "\": " + problem);
  }
  Digest d;
  auto colon = text.find(':');
  d.algorithm_ = std::string(text.substr(0, colon));
  d.hex_ = std::string(text.substr(colon + 1));
  return d;
}

Digest Digest::from_sha256_hex(std::string_view hex) {
  return parse("sha256:" + std::string(hex));
}

Digest Digest::sha256_of(std::string_view data) {
  Sha256 h;
  h.update(data);
  return h.finish();
}

namespace {
// OpenSSL's default initialisation reads and parses openssl.cnf (engines, providers, policy):
// several milliseconds of every short CLI command, for nothing a digest needs.
void init_openssl_once() {
  static const bool initialised = OPENSSL_init_crypto(OPENSSL_INIT_NO_LOAD_CONFIG, nullptr) == 1;
  if (!initialised) throw Error("sha256: OpenSSL initialisation failed");
}
}  // namespace

Sha256::Sha256() : ctx_((init_openssl_once(), EVP_MD_CTX_new()), EVP_MD_CTX_free) {
  if (!ctx_ || EVP_DigestInit_ex(ctx_.get(), EVP_sha256(), nullptr) != 1) {
    throw Error("sha256: cannot initialise OpenSSL digest");
  }
}

void Sha256::update(const void* data, size_t size) {
  if (EVP_DigestUpdate(ctx_.get(), data, size) != 1) throw Error("sha256: update failed");
}

Digest Sha256::finish() {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (EVP_DigestFinal_ex(ctx_.get(), out, &len) != 1) throw Error("sha256: final failed");
  static const char* kHex = "0123456789abcdef";
  std::string hex;
  hex.reserve(len * 2);
  for (unsigned i = 0; i < len; ++i) {
    hex.push_back(kHex[out[i] >> 4]);
    hex.push_back(kHex[out[i] & 0xf]);
  }
  return Digest::from_sha256_hex(hex);
}

}  // namespace berth
