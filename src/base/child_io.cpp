#include "base/child_io.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cerrno>

#include "base/error.hpp"

namespace berth {

UniqueFd make_memfd(const char* name) {
  UniqueFd fd(::memfd_create(name, MFD_CLOEXEC));
  if (!fd.valid()) throw_errno(std::string("memfd_create ") + name);
  return fd;
}

std::string read_from_start(int fd, std::string_view what) {
  std::string out;
  char buf[8192];
  for (off_t off = 0;;) {
    ssize_t n = ::pread(fd, buf, sizeof buf, off);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw_errno("read " + std::string(what));
    if (n == 0) return out;
    out.append(buf, static_cast<size_t>(n));
    off += n;
  }
}

std::vector<std::string> with_overrides(std::vector<std::string> env,
                                        const std::vector<std::string>& overrides) {
  auto name_of = [](std::string_view entry) { return entry.substr(0, entry.find('=')); };
  for (const auto& entry : overrides) {
    std::erase_if(env, [&](const std::string& e) { return name_of(e) == name_of(entry); });
    env.push_back(entry);
  }
  return env;
}

}  // namespace berth
