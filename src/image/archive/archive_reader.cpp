#include "image/archive/archive_reader.hpp"

#include <archive.h>
#include <archive_entry.h>

#include <memory>
#include <vector>

#include "base/error.hpp"
#include "base/safe_fs/path_clean.hpp"

namespace berth::image {
namespace {

// Files up to this size stay in memory; manifests and configs are far smaller.
constexpr int64_t kSmallFileLimit = 4 << 20;
constexpr size_t kReadBlock = 1 << 20;

using ArchivePtr = std::unique_ptr<struct archive, int (*)(struct archive*)>;

}  // namespace

std::string clean_archive_path(const std::string& path, const std::string& source) {
  auto clean = clean_beneath(path);
  if (!clean) throw Error(source + ": entry \"" + path + "\" leaves the archive root");
  return *std::move(clean);
}

ArchiveContents ArchiveContents::read(int fd, BlobStore& blobs, const std::string& source) {
  ArchiveContents c;
  c.source_ = source;
  c.blobs_ = &blobs;
  ArchivePtr a(archive_read_new(), archive_read_free);
  // The compressions image archives use (not every filter libarchive has: each one costs its
  // library at link time).
  archive_read_support_filter_gzip(a.get());
  archive_read_support_filter_bzip2(a.get());
  archive_read_support_filter_xz(a.get());
  archive_read_support_filter_zstd(a.get());
  archive_read_support_format_tar(a.get());
  if (archive_read_open_fd(a.get(), fd, kReadBlock) != ARCHIVE_OK) {
    throw Error(source + ": " + archive_error_string(a.get()));
  }
  std::vector<char> buffer(kReadBlock);
  for (;;) {
    struct archive_entry* entry = nullptr;
    int rc = archive_read_next_header(a.get(), &entry);
    if (rc == ARCHIVE_EOF) break;
    if (rc < ARCHIVE_WARN) {
      throw Error(source + ": not a valid image archive: " + archive_error_string(a.get()));
    }
    std::string path = clean_archive_path(archive_entry_pathname(entry), source);
    auto type = archive_entry_filetype(entry);
    if (type == AE_IFLNK) {
      std::string target = archive_entry_symlink(entry);
      std::string base = path.find('/') == std::string::npos ? "" : path.substr(0, path.rfind('/'));
      c.symlinks_[path] = clean_archive_path(
          target.rfind('/', 0) == 0 ? target.substr(1) : base + "/" + target, source);
      continue;
    }
    if (type != AE_IFREG) continue;
    if (const char* hardlink = archive_entry_hardlink(entry)) {
      c.symlinks_[path] = clean_archive_path(hardlink, source);
      continue;
    }
    int64_t size = archive_entry_size(entry);
    if (size <= kSmallFileLimit) {
      std::string data;
      data.reserve(static_cast<size_t>(size));
      for (;;) {
        la_ssize_t n = archive_read_data(a.get(), buffer.data(), buffer.size());
        if (n < 0)
          throw Error(source + ": reading \"" + path + "\": " + archive_error_string(a.get()));
        if (n == 0) break;
        data.append(buffer.data(), static_cast<size_t>(n));
      }
      c.small_files_[path] = std::move(data);
    } else {
      auto writer = blobs.writer();
      for (;;) {
        la_ssize_t n = archive_read_data(a.get(), buffer.data(), buffer.size());
        if (n < 0)
          throw Error(source + ": reading \"" + path + "\": " + archive_error_string(a.get()));
        if (n == 0) break;
        writer->write(buffer.data(), static_cast<size_t>(n));
      }
      c.stored_files_[path] = writer->commit();
    }
  }
  return c;
}

std::string ArchiveContents::resolve(const std::string& path) const {
  std::string p = clean_archive_path(path, source_);
  for (int hops = 0; hops < 16; ++hops) {
    auto it = symlinks_.find(p);
    if (it == symlinks_.end()) return p;
    p = it->second;
  }
  throw Error(source_ + ": too many levels of links at \"" + path + "\"");
}

bool ArchiveContents::has(const std::string& path) const {
  auto p = resolve(path);
  return small_files_.count(p) || stored_files_.count(p);
}

std::string ArchiveContents::text(const std::string& path) const {
  auto p = resolve(path);
  if (auto it = small_files_.find(p); it != small_files_.end()) return it->second;
  if (auto it = stored_files_.find(p); it != stored_files_.end()) return blobs_->read(it->second);
  throw Error(source_ + ": file \"" + path + "\" is missing from the archive");
}

Digest ArchiveContents::blob(const std::string& path) const {
  auto p = resolve(path);
  if (auto it = stored_files_.find(p); it != stored_files_.end()) return it->second;
  if (auto it = small_files_.find(p); it != small_files_.end()) return blobs_->put(it->second);
  throw Error(source_ + ": file \"" + path + "\" is missing from the archive");
}

}  // namespace berth::image
