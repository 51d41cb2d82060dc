#pragma once
// Helpers for the layer engine's tests: build tars in memory with libarchive's writer,
// compress them, and describe a directory tree as a comparable manifest.
#include <archive.h>
#include <archive_entry.h>
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/xattr.h>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include "base/digest.hpp"
#include "base/fs.hpp"
#include "base/unique_fd.hpp"
#include "image/layer/apply_layer.hpp"
#include "image/layer/write_layer_tar.hpp"

namespace berth::image::testing {

struct TarEntry {
  std::string path;
  mode_t type = AE_IFREG;
  mode_t perm = 0644;
  std::string content;
  std::string link;  // symlink target, or hardlink target when `hardlink`
  bool hardlink = false;
  int64_t uid = 0, gid = 0;
  time_t mtime = 1700000000;
  dev_t rdev = 0;
  int64_t size = -1;  // header size override (for limit tests)
  std::vector<std::pair<std::string, std::string>> xattrs;
};

inline TarEntry file(std::string path, std::string content, mode_t perm = 0644) {
  return {.path = std::move(path), .perm = perm, .content = std::move(content)};
}
inline TarEntry dir(std::string path, mode_t perm = 0755) {
  return {.path = std::move(path), .type = AE_IFDIR, .perm = perm};
}
inline TarEntry symlink(std::string path, std::string target) {
  return {.path = std::move(path), .type = AE_IFLNK, .perm = 0777, .link = std::move(target)};
}
inline TarEntry hardlink(std::string path, std::string target) {
  return {.path = std::move(path), .link = std::move(target), .hardlink = true};
}

inline la_ssize_t append_cb(archive*, void* out, const void* data, size_t n) {
  static_cast<std::string*>(out)->append(static_cast<const char*>(data), n);
  return static_cast<la_ssize_t>(n);
}

inline std::string make_tar(const std::vector<TarEntry>& entries) {
  std::string out;
  archive* a = archive_write_new();
  archive_write_set_format_pax_restricted(a);
  archive_write_open(a, &out, nullptr, append_cb, nullptr);
  for (const auto& t : entries) {
    archive_entry* e = archive_entry_new();
    archive_entry_copy_pathname(e, t.path.c_str());
    archive_entry_set_filetype(e, t.hardlink ? AE_IFREG : t.type);
    archive_entry_set_perm(e, t.perm);
    archive_entry_set_uid(e, t.uid);
    archive_entry_set_gid(e, t.gid);
    archive_entry_set_mtime(e, t.mtime, 0);
    if (t.hardlink) {
      archive_entry_copy_hardlink(e, t.link.c_str());
    } else if (t.type == AE_IFLNK) {
      archive_entry_copy_symlink(e, t.link.c_str());
    }
    if (t.type == AE_IFCHR || t.type == AE_IFBLK) archive_entry_set_rdev(e, t.rdev);
    if (t.type == AE_IFREG && !t.hardlink) {
      archive_entry_set_size(e, t.size >= 0 ? t.size : static_cast<int64_t>(t.content.size()));
    }
    for (const auto& [k, v] : t.xattrs) {
      archive_entry_xattr_add_entry(e, k.c_str(), v.data(), v.size());
    }
    if (archive_write_header(a, e) != ARCHIVE_OK) {
      throw std::runtime_error(archive_error_string(a));
    }
    if (!t.content.empty()) archive_write_data(a, t.content.data(), t.content.size());
    archive_entry_free(e);
  }
  archive_write_close(a);
  archive_write_free(a);
  return out;
}

inline std::string gzip(const std::string& data) {
  z_stream z{};
  deflateInit2(&z, 6, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY);
  std::string out(deflateBound(&z, data.size()) + 64, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  z.avail_in = static_cast<uInt>(data.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  deflate(&z, Z_FINISH);
  out.resize(z.total_out);
  deflateEnd(&z);
  return out;
}

inline std::string zstd(const std::string& data) {
  std::string out(ZSTD_compressBound(data.size()), '\0');
  size_t n = ZSTD_compress(out.data(), out.size(), data.data(), data.size(), 3);
  out.resize(n);
  return out;
}

// A file holding `data`, opened for reading.
class InputFile {
 public:
  InputFile(const std::filesystem::path& dir, const std::string& data) {
    path_ = dir / ("input-" + std::to_string(counter()++));
    write_file_atomic(path_, data);
    fd_.reset(::open(path_.c_str(), O_RDONLY | O_CLOEXEC));
  }
  int fd() const { return fd_.get(); }

 private:
  static int& counter() {
    static int n = 0;
    return n;
  }
  std::filesystem::path path_;
  UniqueFd fd_;
};

inline ApplyResult apply_bytes(const std::string& data, const std::filesystem::path& dest,
                               ApplyOptions options = {}) {
  std::filesystem::create_directories(dest);
  InputFile in(dest.parent_path(), data);
  return apply_layer(in.fd(), dest, options);
}

inline std::string read_all(const std::filesystem::path& p) {
  return read_file(p);
}

// path -> "type mode size sha/target mtime [rdev] [xattrs]", for comparing trees.
inline std::map<std::string, std::string> manifest(const std::filesystem::path& root,
                                                   bool with_owner = false) {
  std::map<std::string, std::string> out;
  for (auto it = std::filesystem::recursive_directory_iterator(root);
       it != std::filesystem::recursive_directory_iterator(); ++it) {
    const auto& p = it->path();
    struct stat st;
    if (::lstat(p.c_str(), &st) != 0) throw std::runtime_error("lstat " + p.string());
    std::string rel = std::filesystem::relative(p, root).string();
    char mode[16];
    std::snprintf(mode, sizeof mode, "%o", st.st_mode);
    std::string line = mode;
    if (S_ISREG(st.st_mode)) {
      line += " " + std::to_string(st.st_size) + " " + Digest::sha256_of(read_file(p)).short_id();
    } else if (S_ISLNK(st.st_mode)) {
      line += " -> " + std::filesystem::read_symlink(p).string();
    } else if (S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode)) {
      line += " dev " + std::to_string(major(st.st_rdev)) + ":" + std::to_string(minor(st.st_rdev));
    }
    if (!S_ISLNK(st.st_mode)) line += " t" + std::to_string(st.st_mtim.tv_sec);
    if (with_owner) line += " o" + std::to_string(st.st_uid) + ":" + std::to_string(st.st_gid);
    char names[4096];
    ssize_t n = ::llistxattr(p.c_str(), names, sizeof names);
    std::vector<std::string> xs;
    for (ssize_t i = 0; i > -1 && i < n;) {
      std::string name(names + i);
      i += static_cast<ssize_t>(name.size()) + 1;
      char v[256];
      ssize_t vn = ::lgetxattr(p.c_str(), name.c_str(), v, sizeof v);
      xs.push_back(name + "=" + std::string(v, vn > 0 ? static_cast<size_t>(vn) : 0));
    }
    std::sort(xs.begin(), xs.end());
    for (const auto& x : xs) line += " x:" + x;
    out[rel] = line;
  }
  return out;
}

// Tar entry names of an archive, in order.
inline std::vector<std::string> tar_names(const std::string& tar) {
  std::vector<std::string> names;
  archive* a = archive_read_new();
  archive_read_support_format_tar(a);
  archive_read_open_memory(a, tar.data(), tar.size());
  archive_entry* e;
  while (archive_read_next_header(a, &e) == ARCHIVE_OK)
    names.emplace_back(archive_entry_pathname(e));
  archive_read_free(a);
  return names;
}

inline std::string diff_to_string(const std::filesystem::path& dir,
                                  const std::filesystem::path& tmp, DiffResult* result = nullptr,
                                  DiffOptions options = {}) {
  auto out = tmp / "diff.tar";
  UniqueFd fd(::open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600));
  DiffResult r = write_layer_tar(dir, fd.get(), options);
  if (result) *result = r;
  fd.reset();
  return read_file(out);
}

}  // namespace berth::image::testing
