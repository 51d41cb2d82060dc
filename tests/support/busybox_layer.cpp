#include "support/busybox_layer.hpp"

#include <archive.h>
#include <archive_entry.h>

#include "base/fs.hpp"

namespace berth::test_support {
namespace {

void add_entry(struct archive* a, const std::string& path, unsigned type, unsigned mode,
               const std::string& content, const char* link_target = nullptr) {
  struct archive_entry* e = archive_entry_new();
  archive_entry_set_pathname(e, path.c_str());
  archive_entry_set_filetype(e, type);
  archive_entry_set_perm(e, mode);
  archive_entry_set_size(e, static_cast<la_int64_t>(content.size()));
  if (link_target) archive_entry_set_symlink(e, link_target);
  archive_write_header(a, e);
  if (!content.empty()) archive_write_data(a, content.data(), content.size());
  archive_entry_free(e);
}

}  // namespace

std::string busybox_layer() {
  std::string busybox = read_file(kHostBusybox);
  std::string out;
  struct archive* a = archive_write_new();
  archive_write_set_format_pax_restricted(a);
  archive_write_open(
      a, &out, nullptr,
      [](struct archive*, void* data, const void* buf, size_t n) -> la_ssize_t {
        static_cast<std::string*>(data)->append(static_cast<const char*>(buf), n);
        return static_cast<la_ssize_t>(n);
      },
      nullptr);
  add_entry(a, "bin", AE_IFDIR, 0755, "");
  add_entry(a, "tmp", AE_IFDIR, 01777, "");
  add_entry(a, "bin/busybox", AE_IFREG, 0755, busybox);
  for (const char* tool : {"sh", "echo", "sleep", "cat"}) {
    add_entry(a, std::string("bin/") + tool, AE_IFLNK, 0777, "", "busybox");
  }
  archive_write_close(a);
  archive_write_free(a);
  return out;
}

}  // namespace berth::test_support
