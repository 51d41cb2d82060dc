#pragma once
// Content-addressed blobs under <root>/blobs/sha256/<hex>. A blob appears under its final
// name only after its content was hashed, checked and fsynced, so a present blob is complete.
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/digest.hpp"
#include "base/unique_fd.hpp"

namespace berth::image {

class BlobStore;

// Streams one blob in; nothing is published until commit().
class BlobWriter {
 public:
  explicit BlobWriter(const BlobStore& store);
  BlobWriter(const BlobWriter&) = delete;
  BlobWriter& operator=(const BlobWriter&) = delete;
  ~BlobWriter();

  void write(const void* data, size_t size);
  int64_t size() const { return size_; }
  // Checks the content against `expected` (when given) and publishes it.
  Digest commit(const std::optional<Digest>& expected = std::nullopt);
  // Drops the content and returns its digest (to tell a corrupt download from a bad layer).
  Digest abandon();

 private:
  const BlobStore& store_;
  std::filesystem::path temp_;
  UniqueFd fd_;
  Sha256 hash_;
  int64_t size_ = 0;
  bool done_ = false;
};

class BlobStore {
 public:
  explicit BlobStore(const std::filesystem::path& root);

  bool has(const Digest& d) const;
  std::filesystem::path path(const Digest& d) const;
  int64_t size(const Digest& d) const;
  Digest put(std::string_view bytes, const std::optional<Digest>& expected = std::nullopt);
  std::unique_ptr<BlobWriter> writer() const { return std::make_unique<BlobWriter>(*this); }
  // Reads a whole (small) blob and verifies it against its digest.
  std::string read(const Digest& d) const;
  // Opens a blob for streaming; callers hash what they read and compare (see verify_stream).
  UniqueFd open(const Digest& d) const;
  void remove(const Digest& d) const;
  std::vector<Digest> list() const;
  const std::filesystem::path& ingest_dir() const { return ingest_; }

 private:
  std::filesystem::path dir_;
  std::filesystem::path ingest_;
};

}  // namespace berth::image
