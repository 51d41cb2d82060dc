#pragma once
// A Space's Git LFS objects: <space dir>/lfs/objects/<oid[0:2]>/<oid[2:4]>/<oid>, as git-lfs lays
// them out. Per Space, never shared between Spaces: an oid is no secret (it is in every clone),
// so a store shared across tenants would let anyone who learned one commit a pointer to
// another tenant's object and download it.
//
// Objects are written as every published file is (base/fs.hpp AtomicFile): streamed to a temp
// file beside the target while its sha256 is computed, checked against the oid and size the
// writer announced, fsynced and renamed into place. A mismatch or an abandoned write leaves
// nothing behind, so an object present under its oid always has that content.
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/digest.hpp"
#include "base/error.hpp"
#include "base/fs.hpp"

namespace berth::spaces {

// Whether `oid` is an LFS oid: 64 lowercase hex digits (sha256).
bool is_lfs_oid(std::string_view oid);

// Where the object `oid` of the Space whose directory is `space_dir` lives (present or not).
// Throws InvalidArgumentError for an oid that is not one.
std::filesystem::path lfs_object_path(const std::filesystem::path& space_dir, std::string_view oid);

// Why an object was refused: its content is not what its oid and size promised.
class LfsContentError : public Error {
 public:
  using Error::Error;
};

// One object being written. Destroying it before commit() removes what was written.
class LfsObjectWriter {
 public:
  LfsObjectWriter(std::filesystem::path target, std::string oid, std::uint64_t size);
  // Throws LfsContentError past the announced size.
  void write(std::string_view data);
  // Checks size and sha256 (LfsContentError, nothing left), then publishes the object.
  void commit();
  std::uint64_t written() const { return written_; }

 private:
  AtomicFile file_;
  std::string oid_;
  std::uint64_t size_;
  std::uint64_t written_ = 0;
  Sha256 hash_;
};

// An object as stored, or a write a killed server abandoned (`abandoned`: a temp file, no oid).
struct StoredLfsFile {
  std::filesystem::path path;
  std::string oid;  // "" for an abandoned write
  std::uint64_t size = 0;
  std::filesystem::file_time_type modified;  // written, or last announced by an upload
};

class LfsObjectStore {
 public:
  // `space_dir`: <root>/spaces/<owner>/<name> (the parent of repo.git).
  explicit LfsObjectStore(std::filesystem::path space_dir) : space_dir_(std::move(space_dir)) {}

  // The size of the object when the Space has it.
  std::optional<std::uint64_t> size_of(std::string_view oid) const;
  bool contains(std::string_view oid, std::uint64_t size) const { return size_of(oid) == size; }
  std::filesystem::path path_of(std::string_view oid) const {
    return lfs_object_path(space_dir_, oid);
  }
  // Starts writing `oid` of `size` bytes (InvalidArgumentError for a bad oid).
  std::unique_ptr<LfsObjectWriter> begin_write(std::string_view oid, std::uint64_t size) const;
  // The whole object in one call (tests, small objects).
  void put(std::string_view oid, std::string_view content) const;

  // Every object, and every temp file of a write (objects/**/.tmp-*), in no particular order.
  std::vector<StoredLfsFile> files() const;
  // The bytes the Space's objects take (what its quota counts; writes in flight do not).
  std::uint64_t used_bytes() const;
  // Marks a present object as just written: an upload the batch API answered with "you need
  // not send it" gets the same grace from garbage collection as one sent (lfs_garbage.hpp).
  // False when the object is gone meanwhile (collected): it must be uploaded again.
  bool touch(std::string_view oid) const;
  std::filesystem::path objects_dir() const { return space_dir_ / "lfs" / "objects"; }

 private:
  std::filesystem::path space_dir_;
};

// The store of the Space whose bare repository is `repository` (<space dir>/repo.git).
LfsObjectStore lfs_store_of_repository(const std::filesystem::path& repository);

}  // namespace berth::spaces
