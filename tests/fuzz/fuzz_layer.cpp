// The layer applier: a pulled or loaded layer is a tar (maybe compressed) from anyone. It is
// unpacked into a fresh directory under small limits; refusals are berth::Error, and nothing
// may be written outside the directory (checked by the applier itself, and by ASan/UBSan for
// memory errors).
#include <sys/mman.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <system_error>

#include "base/error.hpp"
#include "fuzz_target.hpp"
#include "image/layer/apply_layer.hpp"

namespace fs = std::filesystem;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  int fd = memfd_create("layer", MFD_CLOEXEC);
  if (fd < 0) std::abort();
  if (size > 0 && write(fd, data, size) != static_cast<ssize_t>(size)) std::abort();
  lseek(fd, 0, SEEK_SET);
  char pattern[] = "/tmp/berth-fuzz-layer-XXXXXX";
  const char* root = mkdtemp(pattern);
  if (root == nullptr) std::abort();
  fs::path dest = fs::path(root) / "dest";
  fs::create_directory(dest);
  berth::image::ApplyOptions options;
  options.privileged = false;  // no device nodes or chown on the fuzzing host
  options.limits = {.max_total_bytes = 16 << 20, .max_entry_bytes = 8 << 20, .max_entries = 10000};
  try {
    (void)berth::image::apply_layer(fd, dest, options);
  } catch (const berth::Error&) {
  }
  close(fd);
  std::error_code ec;
  // A hostile layer may leave read-only directories behind: make them writable to remove.
  for (auto it = fs::recursive_directory_iterator(root, ec);
       !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (it->is_directory(ec) && !it->is_symlink(ec)) {
      fs::permissions(it->path(), fs::perms::owner_all, fs::perm_options::add, ec);
    }
  }
  fs::remove_all(root, ec);
  return 0;
}
