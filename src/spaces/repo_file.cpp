#include "spaces/repo_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "base/safe_fs/confined_open.hpp"
#include "base/unique_fd.hpp"

namespace berth::spaces {

namespace {

std::string mebibytes(size_t bytes) {
  return bytes % (1024 * 1024) == 0 ? std::to_string(bytes / (1024 * 1024)) + " MiB"
                                    : std::to_string(bytes) + " bytes";
}

// `relative` resolved beneath `dir`: absolute links, ".." out of it and /proc magic links
// fail with EXDEV or ELOOP instead of reaching the host's files.
// Sets errno and returns -1 on failure, as open(2) does.
int open_in_checkout(int dir, const std::string& relative) {
  int fd = openat2_confined(dir, relative,
                            {Confinement::kBeneath,
                             O_RDONLY | O_NOCTTY | O_NONBLOCK,  // a FIFO must not block us
                             0, /*same_mount=*/true});
  if (fd >= 0) return fd;
  errno = -fd;
  return -1;
}

}  // namespace

std::optional<std::string> read_repo_file(const std::filesystem::path& checkout,
                                          std::string_view relative, size_t max_bytes) {
  const std::string name(relative);
  UniqueFd dir(::open(checkout.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (!dir.valid()) throw_errno("open the checkout " + checkout.string());
  UniqueFd fd(open_in_checkout(dir.get(), name));
  if (!fd.valid()) {
    switch (errno) {
      case ENOENT:
        return std::nullopt;
      case EXDEV:
      case ELOOP:
        throw RepoFileError(name + " is a symbolic link that leads outside the repository");
      case ENOSYS:
        throw RepoFileError("cannot read " + name +
                            " safely: this kernel has no openat2 (Linux 5.6 or later needed)");
      default:
        throw RepoFileError("cannot read " + name + ": " + std::strerror(errno));
    }
  }
  struct stat st {};
  if (::fstat(fd.get(), &st) != 0) throw_errno("stat " + name);
  if (!S_ISREG(st.st_mode)) throw RepoFileError(name + " is not a regular file");
  if (static_cast<uint64_t>(st.st_size) > max_bytes) {
    throw RepoFileError(name + " is larger than " + mebibytes(max_bytes) +
                        "; Berth reads at most " + mebibytes(max_bytes));
  }
  std::string content;
  content.resize(static_cast<size_t>(st.st_size));
  size_t got = 0;
  while (got < content.size()) {
    ssize_t n = ::read(fd.get(), content.data() + got, content.size() - got);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw RepoFileError("cannot read " + name + ": " + std::strerror(errno));
    if (n == 0) break;  // shrank meanwhile: what is there
    got += static_cast<size_t>(n);
  }
  content.resize(got);
  return content;
}

}  // namespace berth::spaces
