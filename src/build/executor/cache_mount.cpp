#include "build/executor/cache_mount.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

#include "base/digest.hpp"
#include "base/error.hpp"
#include "build/executor/cache_scope.hpp"
#include "build/executor/stage_state.hpp"

namespace berth::build {

CacheMountPreparer::CacheMountPreparer(std::filesystem::path root, std::string scope,
                                       std::filesystem::path scratch)
    : root_(std::move(root)), scope_(std::move(scope)), scratch_(std::move(scratch)) {}

void CacheMountPreparer::prepare(const RunMount& m, RunStep& r) {
  std::string id = m.id.empty() ? m.target : m.id;
  auto dir = cache_mounts_of_scope(root_, scope_) / Digest::sha256_of(id).hex();
  ensure_directory(dir.parent_path().parent_path(), 0700);
  ensure_directory(dir.parent_path(), 0700);
  // flock on <dir>.lock: shared for sharing=shared, exclusive for locked and private.
  UniqueFd lock(::open((dir.string() + ".lock").c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600));
  if (lock.get() < 0) throw_errno("cache mount " + id + ": open lock");
  bool private_copy = false;
  if (m.sharing == CacheSharing::kShared) {
    if (::flock(lock.get(), LOCK_SH) != 0) throw_errno("cache mount " + id + ": lock");
  } else if (m.sharing == CacheSharing::kLocked) {
    if (::flock(lock.get(), LOCK_EX) != 0) throw_errno("cache mount " + id + ": lock");
  } else if (::flock(lock.get(), LOCK_EX | LOCK_NB) != 0) {
    if (errno != EWOULDBLOCK) throw_errno("cache mount " + id + ": lock");
    private_copy = true;
  }
  locks_.push_back(std::move(lock));
  if (private_copy) {
    private_caches_.emplace_back(scratch_, "private-cache-");
    dir = private_caches_.back().path();
    ::chmod(dir.c_str(), m.mode.value_or(0755));
    if (::chown(dir.c_str(), m.uid.value_or(0), m.gid.value_or(0)) != 0) {
      throw_errno("chown cache mount " + id);
    }
  } else if (!std::filesystem::exists(dir)) {
    ensure_directory(dir, m.mode.value_or(0755));
    if (::chown(dir.c_str(), m.uid.value_or(0), m.gid.value_or(0)) != 0) {
      throw_errno("chown cache mount " + id);
    }
  }
  r.mounts.push_back(
      {"bind", dir.string(), resolve_workdir(r.workdir, m.target), false, {"rbind"}});
}

}  // namespace berth::build
