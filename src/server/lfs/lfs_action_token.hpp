#pragma once
// The short-lived capabilities the LFS batch API hands out with its actions: "upload this one
// object of this one Space", "download…", "verify…", signed with a key this server drew at
// start (HMAC-SHA256) and valid for an hour. They stand in for the user's token wherever a
// client sends the action's URL somewhere the user's token must not go: huggingface_hub PUTs
// an upload to the bare href (lfs.py, _upload_single_part sends none of the action's
// headers, as for S3's presigned URLs), so the capability rides in the URL's query; git-lfs
// sends the action's header, so it is there as well. A restart invalidates them all, which a
// client survives by asking the batch API again.
#include <array>
#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

namespace berth::server {

struct LfsAction {
  std::string operation;  // "upload", "download" or "verify"
  std::string space_id;
  std::string oid;
  std::uint64_t size = 0;
};

class LfsActionSigner {
 public:
  static constexpr std::chrono::seconds kLifetime{3600};

  // A fresh random key.
  LfsActionSigner();
  // A given key (tests).
  explicit LfsActionSigner(std::string_view key);

  // "<expiry unix seconds>.<64 hex>": URL- and header-safe.
  std::string sign(const LfsAction& action, std::chrono::system_clock::time_point now) const;
  // Whether `token` was signed by this key for exactly `action` and has not expired.
  bool verify(const LfsAction& action, std::string_view token,
              std::chrono::system_clock::time_point now) const;

 private:
  std::string mac(const LfsAction& action, std::int64_t expiry) const;
  std::string key_;
};

// HMAC-SHA256 of `message` under `key`, as 64 hex digits.
std::string hmac_sha256_hex(std::string_view key, std::string_view message);

}  // namespace berth::server
