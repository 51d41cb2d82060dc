#include "build/executor/cache_scope.hpp"

#include <fcntl.h>
#include <openssl/evp.h>
#include <sys/random.h>
#include <unistd.h>

#include "base/error.hpp"
#include "base/fs.hpp"

namespace berth::build {

namespace {

constexpr size_t kKeySize = 32;

// The root's build key: read, or made once (written aside, then linked into place, so two
// builds starting together agree on one key).
std::string build_key(const std::filesystem::path& root) {
  auto dir = root / "build";
  ensure_directory(dir, 0700);
  auto path = dir / "secret-key";
  for (int attempt = 0; attempt < 2; ++attempt) {
    if (std::filesystem::exists(path)) {
      std::string key = read_file(path);
      if (key.size() != kKeySize) throw Error(path.string() + ": not a build key");
      return key;
    }
    std::string fresh(kKeySize, '\0');
    if (::getrandom(fresh.data(), fresh.size(), 0) != static_cast<ssize_t>(fresh.size())) {
      throw_errno("getrandom");
    }
    TempDir tmp(dir, "secret-key-");
    auto staged = tmp.path() / "key";
    write_file_replace(staged, fresh, 0600);
    if (::link(staged.c_str(), path.c_str()) != 0 && errno != EEXIST) {
      throw_errno("create " + path.string());
    }
  }
  return read_file(path);
}

}  // namespace

Digest scoped_cache_key(std::string_view scope, const Digest& step_key) {
  return Digest::sha256_of("scope " + std::string(scope) + "\n" + step_key.str());
}

std::filesystem::path cache_mounts_dir(const std::filesystem::path& root) {
  return root / "build" / "cache-mounts";
}

std::filesystem::path cache_mounts_of_scope(const std::filesystem::path& root,
                                            std::string_view scope) {
  auto base = cache_mounts_dir(root);
  if (scope == "cli") return base / "cli";
  // Hashed: a Space name never becomes a path.
  return base / ("space-" + Digest::sha256_of(scope).hex().substr(0, 32));
}

std::string secret_fingerprint(const std::filesystem::path& root, std::string_view id,
                               std::string_view value) {
  std::string key = build_key(root);
  std::string message = std::string(id) + '\0' + std::string(value);
  unsigned char out[EVP_MAX_MD_SIZE];
  size_t out_len = 0;
  if (!EVP_Q_mac(nullptr, "HMAC", nullptr, "SHA256", nullptr, key.data(), key.size(),
                 reinterpret_cast<const unsigned char*>(message.data()), message.size(), out,
                 sizeof out, &out_len)) {
    throw Error("HMAC-SHA256 of a build secret failed");
  }
  static const char* hex = "0123456789abcdef";
  std::string text;
  for (size_t i = 0; i < out_len; ++i) {
    text.push_back(hex[out[i] >> 4]);
    text.push_back(hex[out[i] & 15]);
  }
  return text;
}

}  // namespace berth::build
