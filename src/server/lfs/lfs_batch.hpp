#pragma once
// The Git LFS batch API (https://github.com/git-lfs/git-lfs/blob/main/docs/api/batch.md) as
// pure functions: a request body in, the response JSON out, against one Space's object store.
// Only the "basic" transfer and sha256 are offered. Every object gets its own answer: an
// upload of an object the Space already has needs no action; one it lacks gets an upload and
// a verify action; a download gets a download action, or a 404 error for that object.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/json.hpp"
#include "spaces/lfs_object_store.hpp"

namespace berth::server {

// git-lfs asks for 100 objects at a time, huggingface_hub for 256 at most.
inline constexpr std::size_t kMaxBatchObjects = 1000;
inline constexpr std::size_t kMaxBatchBody = 1 << 20;
// The largest object one PUT may bring (the Hub's own limit without multipart is 5 GB; a
// Space's disk is the real bound).
inline constexpr std::uint64_t kMaxLfsObjectSize = 50ull << 30;

struct LfsBatchObject {
  std::string oid;
  std::int64_t size = -1;  // as sent; checked per object
};

struct LfsBatchRequest {
  std::string operation;  // "upload" or "download"
  std::vector<LfsBatchObject> objects;
};

// A refused request as a whole: its status (422 malformed, 409 hash algorithm, 413 too many
// objects, 507 over the Space's LFS quota) and message.
struct LfsBatchError {
  int status;
  std::string message;
};

// Throws LfsBatchError.
LfsBatchRequest parse_lfs_batch_request(std::string_view body);

// One action of an object: {"href", "header", "expires_in"}.
using LfsActionLink =
    std::function<Json(std::string_view action, const std::string& oid, std::uint64_t size)>;

// An upload the Space's objects and the new ones would take over `quota_bytes` (0: no
// quota) of is refused as a whole with the spec's 507 (LfsBatchError). Objects the Space has
// already are marked as just uploaded (LfsObjectStore::touch), so garbage collection leaves
// them for the commit that is to name them.
Json lfs_batch_response(const LfsBatchRequest& request, const spaces::LfsObjectStore& store,
                        const LfsActionLink& link, std::uint64_t quota_bytes = 0);

// The 507 message of an upload of `adding` bytes to a Space using `used` of `quota`; nullopt
// when it fits. Also what a PUT past the quota is answered.
std::optional<std::string> lfs_quota_exceeded(std::uint64_t used, std::uint64_t adding,
                                              std::uint64_t quota);

}  // namespace berth::server
