#include "runtime/spec/rootfs_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

#include "base/error.hpp"
#include "base/safe_fs/confined_open.hpp"
#include "base/unique_fd.hpp"

namespace berth::runtime {

std::optional<std::string> read_rootfs_file(const std::filesystem::path& rootfs,
                                            const std::string& path_in_rootfs, size_t max_size) {
  UniqueFd root(::open(rootfs.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC));
  // A container that is not running has no mounted rootfs: its files read as missing (ps and
  // inspect resolve argv that way); any other failure is an error.
  if (!root.valid() && errno == ENOENT) return std::nullopt;
  if (!root.valid()) throw_errno("open rootfs " + rootfs.string());

  // O_PATH first: opening a FIFO would block and opening a device node can have effects on the
  // host, so the type is checked before anything is opened for reading.
  int rc = openat2_in_root(root.get(), path_in_rootfs, O_PATH);
  if (rc < 0) {
    if (rc == -ENOSYS)
      throw Error(
          "reading the container's " + path_in_rootfs + " needs openat2 (Linux 5.6 or newer)", 125);
    return std::nullopt;  // missing, a dangling or looping link, a file where a dir should be
  }
  UniqueFd path_fd(rc);
  struct stat st {};
  if (::fstat(path_fd.get(), &st) != 0 || !S_ISREG(st.st_mode)) return std::nullopt;

  // Reopen the very inode that was checked, through its /proc/self/fd entry.
  std::string proc_path = "/proc/self/fd/" + std::to_string(path_fd.get());
  UniqueFd fd(::open(proc_path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK));
  if (!fd.valid()) throw_errno("open " + path_in_rootfs + " in the container");

  std::string out;
  char buf[8192];
  for (;;) {
    ssize_t n = ::read(fd.get(), buf, sizeof buf);
    if (n < 0) {
      if (errno == EINTR) continue;
      throw_errno("read " + path_in_rootfs + " in the container");
    }
    if (n == 0) break;
    out.append(buf, static_cast<size_t>(n));
    if (out.size() > max_size) {
      throw Error("the container's " + path_in_rootfs + " is larger than " +
                      std::to_string(max_size) + " bytes",
                  125);
    }
  }
  return out;
}

}  // namespace berth::runtime
