#pragma once
// One unpacked directory per layer under <root>/snapshots/<chain-id hex>, in overlayfs
// lower-dir form. A snapshot is unpacked into an ingest directory and renamed into place when
// complete; removal renames it away first, so a half-deleted snapshot is never visible.
#include <filesystem>

#include "base/digest.hpp"
#include "base/fs.hpp"

namespace berth::image {

class SnapshotStore {
 public:
  explicit SnapshotStore(const std::filesystem::path& root);

  std::filesystem::path path(const Digest& chain_id) const;
  bool exists(const Digest& chain_id) const;
  // An empty directory on the same filesystem to unpack into.
  TempDir prepare() const;
  // Moves a fully unpacked directory into place. Returns false if the snapshot already
  // existed (another process published it first); `dir` is then discarded.
  bool publish(TempDir& dir, const Digest& chain_id) const;
  void remove(const Digest& chain_id) const;
  // Removes leftovers of interrupted unpacks and removals.
  void clean_ingest() const;

 private:
  std::filesystem::path dir_;
  std::filesystem::path ingest_;
};

}  // namespace berth::image
