#include "base/secret_box.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

#include "base/error.hpp"
#include "base/fs.hpp"
#include "base/sodium.hpp"
#include "base/unique_fd.hpp"

namespace berth {
namespace {

constexpr int kBase64 = sodium_base64_VARIANT_ORIGINAL;
constexpr size_t kNonce = crypto_secretbox_NONCEBYTES;
constexpr size_t kMac = crypto_secretbox_MACBYTES;
constexpr size_t kKey = crypto_secretbox_KEYBYTES;

// Writes a fresh key beside `path` and links it into place. link() never replaces an existing
// file (rename would): when two processes start on a new root at once, one key wins and both
// use it, instead of one sealing secrets with a key the other then overwrites.
void create_key(const fs::path& path) {
  unsigned char key[kKey];
  crypto_secretbox_keygen(key);
  AtomicFile file(path, 0600);  // its destructor removes the temp file
  try {
    file.write(key, sizeof key);
  } catch (...) {
    sodium_memzero(key, sizeof key);
    throw;
  }
  sodium_memzero(key, sizeof key);
  if (::fsync(file.fd()) != 0) throw_errno("fsync " + file.temp_path().string());
  if (::link(file.temp_path().c_str(), path.c_str()) != 0 && errno != EEXIST) {
    throw_errno("create key file " + path.string());
  }
  fsync_directory(path.parent_path());
}

UniqueFd open_key(const fs::path& path) {
  UniqueFd fd(::open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC));
  if (fd.valid()) return fd;
  if (errno == ELOOP) throw Error("key file " + path.string() + " is a symbolic link; refusing it");
  if (errno != ENOENT) throw_errno("open key file " + path.string());
  create_key(path);
  fd.reset(::open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC));
  if (!fd.valid()) throw_errno("open key file " + path.string());
  return fd;
}

[[noreturn]] void cannot_decrypt() {
  throw Error("secret cannot be decrypted: wrong key or corrupted");
}

}  // namespace

fs::path SecretBox::key_path(const fs::path& root) {
  return root / "secrets.key";  // DESIGN.md's on-disk layout
}

SecretBox::SecretBox(const fs::path& root) {
  ensure_sodium();
  fs::path path = key_path(root);
  ensure_directory(root);
  UniqueFd fd = open_key(path);
  struct stat st {};
  if (::fstat(fd.get(), &st) != 0) throw_errno("stat key file " + path.string());
  if (!S_ISREG(st.st_mode)) throw Error("key file " + path.string() + " is not a regular file");
  if (st.st_uid != ::geteuid()) {
    throw Error(fmt::format("key file {} is owned by uid {}, not by this user (uid {})",
                            path.string(), st.st_uid, ::geteuid()));
  }
  if ((st.st_mode & 077) != 0) {
    throw Error(fmt::format(
        "key file {} is accessible by group or others (mode {:04o}); chmod 600 it if no one "
        "else has read it, or rotate the key",
        path.string(), st.st_mode & 07777));
  }
  if (st.st_size != static_cast<off_t>(kKey)) {
    throw Error(
        fmt::format("key file {} holds {} bytes; a key is {}", path.string(), st.st_size, kKey));
  }
  size_t got = 0;
  while (got < kKey) {
    ssize_t n = ::read(fd.get(), key_ + got, kKey - got);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw_errno("read key file " + path.string());
    if (n == 0) throw Error("key file " + path.string() + " was truncated while read");
    got += static_cast<size_t>(n);
  }
}

SecretBox::~SecretBox() {
  sodium_memzero(key_, sizeof key_);
}

std::string SecretBox::seal(std::string_view plaintext) const {
  std::string box(kNonce + kMac + plaintext.size(), '\0');
  auto* nonce = reinterpret_cast<unsigned char*>(box.data());
  randombytes_buf(nonce, kNonce);
  crypto_secretbox_easy(nonce + kNonce, reinterpret_cast<const unsigned char*>(plaintext.data()),
                        plaintext.size(), nonce, key_);
  std::string out(sodium_base64_ENCODED_LEN(box.size(), kBase64), '\0');
  sodium_bin2base64(out.data(), out.size(), nonce, box.size(), kBase64);
  out.pop_back();  // the terminating NUL
  return out;
}

std::string SecretBox::open(std::string_view sealed) const {
  std::string box(sealed.size(), '\0');
  size_t size = 0;
  const char* end = nullptr;
  auto* bin = reinterpret_cast<unsigned char*>(box.data());
  if (sodium_base642bin(bin, box.size(), sealed.data(), sealed.size(), nullptr, &size, &end,
                        kBase64) != 0 ||
      end != sealed.data() + sealed.size() || size < kNonce + kMac) {
    cannot_decrypt();
  }
  std::string plain(size - kNonce - kMac, '\0');
  if (crypto_secretbox_open_easy(reinterpret_cast<unsigned char*>(plain.data()), bin + kNonce,
                                 size - kNonce, bin, key_) != 0) {
    sodium_memzero(plain.data(), plain.size());
    cannot_decrypt();
  }
  return plain;
}

}  // namespace berth
