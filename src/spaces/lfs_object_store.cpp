#include "spaces/lfs_object_store.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <string>

#include "base/error.hpp"

namespace berth::spaces {

bool is_lfs_oid(std::string_view oid) {
  return oid.size() == 64 && std::all_of(oid.begin(), oid.end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
         });
}

std::filesystem::path lfs_object_path(const std::filesystem::path& space_dir,
                                      std::string_view oid) {
  if (!is_lfs_oid(oid)) {
    throw InvalidArgumentError("invalid LFS oid \"" + std::string(oid.substr(0, 80)) +
                               "\": expected 64 lowercase hex digits");
  }
  return space_dir / "lfs" / "objects" / std::string(oid.substr(0, 2)) /
         std::string(oid.substr(2, 2)) / std::string(oid);
}

namespace {

std::filesystem::path prepared_target(const std::filesystem::path& target) {
  ensure_directory(target.parent_path());
  return target;
}

}  // namespace

LfsObjectWriter::LfsObjectWriter(std::filesystem::path target, std::string oid, std::uint64_t size)
    : file_(prepared_target(target), 0644), oid_(std::move(oid)), size_(size) {}

void LfsObjectWriter::write(std::string_view data) {
  if (data.size() > size_ - written_) {
    throw LfsContentError("LFS object " + oid_ + " is larger than its announced size of " +
                          std::to_string(size_) + " bytes");
  }
  hash_.update(data);
  file_.write(data);
  written_ += data.size();
}

void LfsObjectWriter::commit() {
  if (written_ != size_) {
    throw LfsContentError("LFS object " + oid_ + " has " + std::to_string(written_) +
                          " bytes, not its announced " + std::to_string(size_));
  }
  std::string actual = hash_.finish().hex();
  if (actual != oid_) {
    throw LfsContentError("LFS object content does not match its oid " + oid_ + " (its sha256 is " +
                          actual + ")");
  }
  file_.commit();
}

std::optional<std::uint64_t> LfsObjectStore::size_of(std::string_view oid) const {
  if (!is_lfs_oid(oid)) return std::nullopt;
  struct stat st {};
  if (::lstat(path_of(oid).c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return std::nullopt;
  return static_cast<std::uint64_t>(st.st_size);
}

std::unique_ptr<LfsObjectWriter> LfsObjectStore::begin_write(std::string_view oid,
                                                             std::uint64_t size) const {
  return std::make_unique<LfsObjectWriter>(path_of(oid), std::string(oid), size);
}

void LfsObjectStore::put(std::string_view oid, std::string_view content) const {
  auto writer = begin_write(oid, content.size());
  writer->write(content);
  writer->commit();
}

std::vector<StoredLfsFile> LfsObjectStore::files() const {
  std::vector<StoredLfsFile> found;
  std::error_code ec;
  auto root = objects_dir();
  if (!std::filesystem::is_directory(root, ec)) return found;
  for (auto it = std::filesystem::recursive_directory_iterator(root, ec);
       !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
    if (!it->is_regular_file(ec) || it->is_symlink(ec)) continue;
    std::string name = it->path().filename().string();
    StoredLfsFile file{it->path(), "", 0, {}};
    if (is_lfs_oid(name) && path_of(name) == it->path()) {
      file.oid = name;
    } else if (!name.starts_with(".tmp-")) {
      continue;  // not ours: left alone
    }
    file.size = it->file_size(ec);
    if (ec) continue;  // removed meanwhile
    file.modified = it->last_write_time(ec);
    if (ec) continue;
    found.push_back(std::move(file));
  }
  if (ec) throw Error("list the LFS objects in " + root.string() + ": " + ec.message());
  return found;
}

std::uint64_t LfsObjectStore::used_bytes() const {
  std::uint64_t total = 0;
  for (const auto& file : files()) {
    if (!file.oid.empty()) total += file.size;
  }
  return total;
}

bool LfsObjectStore::touch(std::string_view oid) const {
  std::error_code ec;
  std::filesystem::last_write_time(path_of(oid), std::filesystem::file_time_type::clock::now(), ec);
  return !ec;
}

LfsObjectStore lfs_store_of_repository(const std::filesystem::path& repository) {
  return LfsObjectStore(repository.parent_path());
}

}  // namespace berth::spaces
