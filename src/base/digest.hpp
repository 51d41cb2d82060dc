#pragma once
// Content digests ("sha256:<64 hex>") as the OCI image spec defines them.
#include <openssl/sha.h>

#include <string>
#include <string_view>

namespace berth {

class Digest {
 public:
  Digest() = default;
  // Parses "algorithm:encoded"; throws InvalidArgumentError naming the bad input.
  static Digest parse(std::string_view text);
  static bool is_valid(std::string_view text);
  static Digest sha256_of(std::string_view data);
  static Digest from_sha256_hex(std::string_view hex);

  const std::string& algorithm() const { return algorithm_; }
  const std::string& hex() const { return hex_; }
  std::string str() const { return algorithm_ + ":" + hex_; }
  std::string short_id() const { return hex_.substr(0, 12); }
  bool empty() const { return hex_.empty(); }

  friend bool operator==(const Digest&, const Digest&) = default;
  friend auto operator<=>(const Digest&, const Digest&) = default;

 private:
  std::string algorithm_;
  std::string hex_;
};

// Streaming SHA-256 with OpenSSL's SHA-256 functions, not EVP: EVP's first digest loads the
// default provider and fills its name map, about 1 ms of every short CLI command, where these
// run the same assembly (SHA-NI, AVX2) with nothing to set up.
class Sha256 {
 public:
  Sha256();
  void update(const void* data, size_t size);
  void update(std::string_view data) { update(data.data(), data.size()); }
  Digest finish();

 private:
  SHA256_CTX ctx_;
};

}  // namespace berth
