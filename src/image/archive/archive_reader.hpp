#pragma once
// Reads an image archive (a tar, plain or compressed, from a file or a pipe) in one pass.
// Small files (JSON documents) are kept in memory; large ones (layers) are streamed straight
// into the blob store, so a load never needs a temporary copy of the archive.
#include <map>
#include <optional>
#include <string>

#include "base/digest.hpp"
#include "image/blob_store.hpp"

namespace berth::image {

class ArchiveContents {
 public:
  // Reads every entry of the tar on `fd`. `source` names it in errors.
  static ArchiveContents read(int fd, BlobStore& blobs, const std::string& source);

  bool has(const std::string& path) const;
  // The file's bytes (small files, or a stored blob read back).
  std::string text(const std::string& path) const;
  // Stores the file as a blob (if it is not one already) and returns its digest.
  Digest blob(const std::string& path) const;
  const std::string& source() const { return source_; }

 private:
  std::string resolve(const std::string& path) const;

  std::string source_;
  BlobStore* blobs_ = nullptr;
  std::map<std::string, std::string> small_files_;
  std::map<std::string, Digest> stored_files_;
  std::map<std::string, std::string> symlinks_;
};

// "./a/../b" → "b"; throws for paths that leave the archive root.
std::string clean_archive_path(const std::string& path, const std::string& source);

}  // namespace berth::image
