#include "base/secret_box.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <set>
#include <thread>
#include <vector>

#include "base/error.hpp"
#include "base/fs.hpp"

namespace berth {
namespace secret_box_test {

template <typename E, typename F>
std::string error_of(F&& f) {
  try {
    f();
  } catch (const E& e) {
    return e.what();
  }
  return "no error";
}

unsigned mode_of(const fs::path& p) {
  struct stat st {};
  EXPECT_EQ(::lstat(p.c_str(), &st), 0) << p;
  return st.st_mode & 07777;
}

constexpr std::string_view kSecret = "hunter2-very-secret-value";
constexpr std::string_view kDecryptError = "secret cannot be decrypted: wrong key or corrupted";

class SecretBoxTest : public ::testing::Test {
 protected:
  fs::path key_file() const { return SecretBox::key_path(root.path()); }
  // A key file made by hand, as an operator might leave one.
  void write_key(std::string_view bytes, unsigned mode) {
    ensure_directory(key_file().parent_path(), 0700);
    write_file_atomic(key_file(), bytes, mode);
  }

  TempDir root;
};

TEST_F(SecretBoxTest, CreatesAPrivateKeyOnFirstUse) {
  EXPECT_EQ(key_file(), root.path() / "secrets.key");
  EXPECT_FALSE(fs::exists(key_file()));
  SecretBox box(root.path());
  EXPECT_EQ(fs::file_size(key_file()), 32u);
  EXPECT_EQ(mode_of(key_file()), 0600u);
  EXPECT_EQ(mode_of(key_file().parent_path()), 0700u);
  // No temp file is left beside it.
  EXPECT_EQ(std::distance(fs::directory_iterator(key_file().parent_path()), {}), 1);
}

TEST_F(SecretBoxTest, CreatesTheRootWhenMissing) {
  SecretBox box(root.path() / "a" / "b");
  EXPECT_TRUE(fs::exists(SecretBox::key_path(root.path() / "a" / "b")));
}

TEST_F(SecretBoxTest, SealsAndOpens) {
  SecretBox box(root.path());
  std::string sealed = box.seal(kSecret);
  EXPECT_EQ(box.open(sealed), kSecret);
  EXPECT_EQ(sealed.find(kSecret), std::string::npos);
  // base64 of 24 nonce bytes, 16 MAC bytes and the ciphertext.
  EXPECT_EQ(sealed.size(), (24 + 16 + kSecret.size() + 2) / 3 * 4);
  EXPECT_EQ(
      sealed.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/="),
      std::string::npos);

  EXPECT_EQ(box.open(box.seal("")), "");
  std::string binary("a\0b\xff\n", 5);
  EXPECT_EQ(box.open(box.seal(binary)), binary);
  std::string big(1 << 20, 'x');
  EXPECT_EQ(box.open(box.seal(big)), big);
}

TEST_F(SecretBoxTest, EverySealUsesAFreshNonce) {
  SecretBox box(root.path());
  std::set<std::string> seen;
  for (int i = 0; i < 50; ++i) seen.insert(box.seal(kSecret));
  EXPECT_EQ(seen.size(), 50u);
  std::set<std::string> nonces;
  for (const auto& s : seen) nonces.insert(s.substr(0, 32));  // 24 bytes = 32 base64 chars
  EXPECT_EQ(nonces.size(), 50u);
}

TEST_F(SecretBoxTest, ASecondBoxOnTheRootUsesTheSameKey) {
  std::string sealed = SecretBox(root.path()).seal(kSecret);
  SecretBox again(root.path());
  EXPECT_EQ(again.open(sealed), kSecret);
}

TEST_F(SecretBoxTest, AnotherKeyCannotOpen) {
  std::string sealed = SecretBox(root.path()).seal(kSecret);
  TempDir other_root;
  SecretBox other(other_root.path());
  auto message = error_of<Error>([&] { other.open(sealed); });
  EXPECT_EQ(message, kDecryptError);
  EXPECT_EQ(message.find(kSecret), std::string::npos);

  // A replaced key file (a restore from another machine) fails the same way.
  fs::remove(key_file());
  write_key(std::string(32, 'k'), 0600);
  EXPECT_EQ(error_of<Error>([&] { SecretBox(root.path()).open(sealed); }), kDecryptError);
}

TEST_F(SecretBoxTest, CorruptedValuesCannotBeOpened) {
  SecretBox box(root.path());
  std::string sealed = box.seal(kSecret);
  std::string flipped = sealed;
  flipped[40] = flipped[40] == 'A' ? 'B' : 'A';
  for (const std::string& bad :
       {flipped, sealed.substr(0, sealed.size() - 4), std::string(), std::string("not base64!"),
        sealed + "AAAA", sealed.substr(0, 52), std::string("AAAA")}) {
    EXPECT_EQ(error_of<Error>([&] { box.open(bad); }), kDecryptError) << bad;
  }
}

TEST_F(SecretBoxTest, RefusesAKeyFileOthersCanRead) {
  SecretBox{root.path()};
  for (unsigned mode : {0640u, 0604u, 0660u, 0602u, 0610u}) {
    ASSERT_EQ(::chmod(key_file().c_str(), mode), 0);
    auto message = error_of<Error>([&] { SecretBox{root.path()}; });
    EXPECT_NE(message.find("is accessible by group or others"), std::string::npos) << message;
    EXPECT_NE(message.find(key_file().string()), std::string::npos) << message;
  }
  ASSERT_EQ(::chmod(key_file().c_str(), 0400), 0);
  SecretBox read_only(root.path());
}

TEST_F(SecretBoxTest, RefusesAKeyFileOfTheWrongSize) {
  for (size_t size : {0u, 16u, 31u, 33u, 64u}) {
    write_key(std::string(size, 'k'), 0600);
    auto message = error_of<Error>([&] { SecretBox{root.path()}; });
    EXPECT_EQ(message, "key file " + key_file().string() + " holds " + std::to_string(size) +
                           " bytes; a key is 32");
  }
}

TEST_F(SecretBoxTest, RefusesASymlinkOrDirectory) {
  TempDir elsewhere;
  write_file_atomic(elsewhere.path() / "key", std::string(32, 'k'), 0600);
  ensure_directory(key_file().parent_path(), 0700);
  fs::create_symlink(elsewhere.path() / "key", key_file());
  EXPECT_EQ(error_of<Error>([&] { SecretBox{root.path()}; }),
            "key file " + key_file().string() + " is a symbolic link; refusing it");
  fs::remove(key_file());
  fs::create_directory(key_file());
  ::chmod(key_file().c_str(), 0700);
  EXPECT_EQ(error_of<Error>([&] { SecretBox{root.path()}; }),
            "key file " + key_file().string() + " is not a regular file");
}

TEST_F(SecretBoxTest, ConcurrentFirstUsesAgreeOnOneKey) {
  constexpr int kThreads = 8;
  std::vector<std::string> sealed(kThreads);
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&, i] { sealed[i] = SecretBox(root.path()).seal(kSecret); });
  }
  for (auto& t : threads) t.join();
  SecretBox box(root.path());
  for (const auto& s : sealed) EXPECT_EQ(box.open(s), kSecret);
}

}  // namespace secret_box_test
}  // namespace berth
