#include "image/snapshot_store.hpp"

#include <sys/stat.h>

#include <cerrno>
#include <cstdio>

#include "base/error.hpp"

namespace berth::image {

SnapshotStore::SnapshotStore(const std::filesystem::path& root)
    : dir_(root / "snapshots"), ingest_(root / "snapshots" / ".ingest") {
  ensure_directory(dir_, 0700);
  ensure_directory(ingest_, 0700);
}

std::filesystem::path SnapshotStore::path(const Digest& chain_id) const {
  return dir_ / chain_id.hex();
}

bool SnapshotStore::exists(const Digest& chain_id) const {
  struct stat st {};
  return ::stat(path(chain_id).c_str(), &st) == 0;
}

TempDir SnapshotStore::prepare() const {
  TempDir dir(ingest_, "unpack-");
  // The snapshot root is the container's "/" when it is the lowest layer.
  ::chmod(dir.path().c_str(), 0755);
  return dir;
}

bool SnapshotStore::publish(TempDir& dir, const Digest& chain_id) const {
  auto target = path(chain_id);
  if (::rename(dir.path().c_str(), target.c_str()) != 0) {
    if (errno == EEXIST || errno == ENOTEMPTY) return false;
    throw_errno("publish snapshot " + chain_id.str());
  }
  dir.release();
  fsync_directory(dir_);
  return true;
}

void SnapshotStore::remove(const Digest& chain_id) const {
  auto source = path(chain_id);
  TempDir trash(ingest_, "remove-");
  auto moved = trash.path() / "fs";
  if (::rename(source.c_str(), moved.c_str()) != 0) {
    if (errno == ENOENT) return;
    throw_errno("remove snapshot " + chain_id.str());
  }
  // `trash` removes the tree when it goes out of scope.
}

void SnapshotStore::clean_ingest() const {
  for (const auto& entry : std::filesystem::directory_iterator(ingest_)) {
    std::error_code ec;
    std::filesystem::remove_all(entry.path(), ec);
  }
}

}  // namespace berth::image
