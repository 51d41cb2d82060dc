#pragma once
// Space secrets at rest: each value is sealed with libsodium's crypto_secretbox (XSalsa20-
// Poly1305) under one server key, with a fresh random nonce, and stored as base64 of
// nonce || ciphertext. The key is 32 random bytes in <root>/secrets.key (0600),
// made on first use; a database copied without the key file reveals nothing.
#include <sodium.h>

#include <filesystem>
#include <string>
#include <string_view>

namespace berth {

class SecretBox {
 public:
  // Loads the key under `root`, creating it when missing. Throws Error when the
  // key file is not a regular file owned by this user, is readable or writable by group or
  // others, or does not hold exactly 32 bytes: such a key may be known to someone else.
  explicit SecretBox(const std::filesystem::path& root);
  SecretBox(const SecretBox&) = delete;
  SecretBox& operator=(const SecretBox&) = delete;
  ~SecretBox();

  static std::filesystem::path key_path(const std::filesystem::path& root);

  std::string seal(std::string_view plaintext) const;
  // Error "secret cannot be decrypted: wrong key or corrupted" when `sealed` was not made by
  // this key or was altered; no error ever carries a value.
  std::string open(std::string_view sealed) const;

 private:
  unsigned char key_[crypto_secretbox_KEYBYTES];
};

}  // namespace berth
