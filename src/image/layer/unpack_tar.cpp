#include "image/layer/unpack_tar.hpp"

#include <archive.h>
#include <archive_entry.h>
#include <fmt/format.h>
#include <unistd.h>

#include <cerrno>
#include <memory>
#include <string>

#include "base/error.hpp"
#include "image/layer/archive_handles.hpp"
#include "image/layer/tar_writer.hpp"

namespace berth::image {
namespace {

ArchiveReadHandle new_tar_reader() {
  ArchiveReadHandle a(archive_read_new());
  if (!a) throw Error("cannot allocate a tar reader");
  archive_read_support_filter_gzip(a.get());
  archive_read_support_filter_bzip2(a.get());
  archive_read_support_filter_xz(a.get());
  archive_read_support_filter_zstd(a.get());
  archive_read_support_format_tar(a.get());
  return a;
}

// Reads a file with pread from offset 0, leaving the caller's file offset alone.
struct PreadSource {
  int fd;
  off_t offset = 0;
  char buffer[64 * 1024];
};

la_ssize_t pread_callback(archive* a, void* opaque, const void** out) {
  auto* src = static_cast<PreadSource*>(opaque);
  for (;;) {
    ssize_t n = ::pread(src->fd, src->buffer, sizeof src->buffer, src->offset);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      archive_set_error(a, errno, "read failed");
      return -1;
    }
    src->offset += n;
    *out = src->buffer;
    return n;
  }
}

std::string libarchive_error(archive* a) {
  const char* msg = archive_error_string(a);
  return msg ? msg : "unknown error";
}

}  // namespace

bool is_tar_archive(int fd) {
  PreadSource src{fd};
  ArchiveReadHandle a = new_tar_reader();
  if (archive_read_open(a.get(), &src, nullptr, pread_callback, nullptr) != ARCHIVE_OK) {
    return false;
  }
  archive_entry* entry;
  int r = archive_read_next_header(a.get(), &entry);
  return r == ARCHIVE_OK || r == ARCHIVE_WARN;
}

bool looks_like_archive(std::string_view head) {
  auto starts = [&](std::string_view magic) { return head.starts_with(magic); };
  using namespace std::string_view_literals;
  if (starts("\x1f\x8b"sv) || starts("BZh"sv) ||
      starts("\xfd"
             "7zXZ\0"sv) ||
      starts("\x28\xb5\x2f\xfd"sv)) {
    return true;
  }
  return head.size() >= 262 && head.substr(257, 5) == "ustar";
}

UnpackStats unpack_tar(int fd, int dest_fd, const TarPolicy& policy) {
  ArchiveReadHandle a = new_tar_reader();
  archive_read_support_format_empty(a.get());  // an empty stream is an empty archive
  if (archive_read_open_fd(a.get(), fd, 64 * 1024) != ARCHIVE_OK) {
    throw Error(fmt::format("not a tar archive: {}", libarchive_error(a.get())));
  }
  TarWriter writer(dest_fd, policy);
  std::string last;
  for (;;) {
    archive_entry* entry;
    int r = archive_read_next_header(a.get(), &entry);
    if (r == ARCHIVE_EOF) break;
    if (r != ARCHIVE_OK && r != ARCHIVE_WARN) {
      std::string why = fmt::format("corrupt {}: {}", policy.noun, libarchive_error(a.get()));
      throw Error(last.empty() ? why
                               : fmt::format("{} entry after \"{}\": {}", policy.noun, last, why));
    }
    const char* name = archive_entry_pathname(entry);
    last = name ? name : "";
    writer.write(a.get(), entry);
  }
  writer.finish();
  return {writer.entries(), writer.total_bytes()};
}

}  // namespace berth::image
