#include "base/digest.hpp"

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

// OpenSSL 3 marks these deprecated in favour of EVP; see the class comment for why they are used.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"

Sha256::Sha256() {
  if (SHA256_Init(&ctx_) != 1) throw Error("sha256: cannot initialise");
}

void Sha256::update(const void* data, size_t size) {
  if (SHA256_Update(&ctx_, data, size) != 1) throw Error("sha256: update failed");
}

Digest Sha256::finish() {
  unsigned char out[SHA256_DIGEST_LENGTH];
  if (SHA256_Final(out, &ctx_) != 1) throw Error("sha256: final failed");
  static const char* kHex = "0123456789abcdef";
  std::string hex;
  hex.reserve(sizeof out * 2);
  for (unsigned char byte : out) {
    hex.push_back(kHex[byte >> 4]);
    hex.push_back(kHex[byte & 0xf]);
  }
  return Digest::from_sha256_hex(hex);
}

#pragma GCC diagnostic pop

}  // namespace berth
