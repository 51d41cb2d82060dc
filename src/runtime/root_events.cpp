#include "runtime/root_events.hpp"

#include <poll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <cstring>

#include "base/digest.hpp"
#include "base/error.hpp"
#include "base/fs.hpp"

namespace berth::runtime {

namespace {

constexpr size_t kMaxMessage = 256;

sockaddr_un address_of(const std::filesystem::path& path) {
  sockaddr_un a{};
  a.sun_family = AF_UNIX;
  if (path.string().size() >= sizeof a.sun_path) {
    throw Error("event socket path too long: " + path.string());
  }
  std::strncpy(a.sun_path, path.c_str(), sizeof a.sun_path - 1);
  return a;
}

}  // namespace

std::filesystem::path root_event_socket(const std::filesystem::path& run_dir,
                                        const std::filesystem::path& root) {
  // One name per root however it was spelt ("/x/", "/x/./").
  auto normal = std::filesystem::absolute(root).lexically_normal();
  if (!normal.has_filename() && normal.has_parent_path() && normal != normal.root_path()) {
    normal = normal.parent_path();
  }
  auto hex = Digest::sha256_of(normal.string()).hex();
  return run_dir / "events" / (hex.substr(0, 16) + ".sock");
}

void announce(const std::filesystem::path& run_dir, const std::filesystem::path& root,
              const std::string& message) noexcept {
  sockaddr_un a;
  try {
    a = address_of(root_event_socket(run_dir, root));
  } catch (const std::exception&) {
    return;  // no socket path (a root too deep): only the server's sweep will notice
  }
  UniqueFd s(::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0));
  if (!s.valid()) return;
  // No listener (ENOENT, ECONNREFUSED) or a full queue (EAGAIN): the server's periodic sweep
  // catches up; an exit command must never fail for this.
  (void)::sendto(s.get(), message.data(), std::min(message.size(), kMaxMessage), MSG_NOSIGNAL,
                 reinterpret_cast<const sockaddr*>(&a), sizeof a);
}

RootEventListener::RootEventListener(const std::filesystem::path& run_dir,
                                     const std::filesystem::path& root)
    : path_(root_event_socket(run_dir, root)) {
  ensure_directory(path_.parent_path(), 0700);
  socket_.reset(::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0));
  if (!socket_.valid()) throw_errno("socket for " + path_.string());
  auto a = address_of(path_);
  ::unlink(path_.c_str());  // a dead server's
  if (::bind(socket_.get(), reinterpret_cast<const sockaddr*>(&a), sizeof a) != 0) {
    throw_errno("bind " + path_.string());
  }
  ::chmod(path_.c_str(), 0600);
  interrupted_.reset(::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK));
  if (!interrupted_.valid()) throw_errno("eventfd for " + path_.string());
}

RootEventListener::~RootEventListener() {
  ::unlink(path_.c_str());
}

std::vector<std::string> RootEventListener::wait(std::chrono::milliseconds timeout) {
  std::vector<std::string> messages;
  pollfd p[2] = {{socket_.get(), POLLIN, 0}, {interrupted_.get(), POLLIN, 0}};
  int ready = ::poll(p, 2, static_cast<int>(std::max<int64_t>(timeout.count(), 0)));
  if (ready <= 0) return messages;
  if (p[1].revents & POLLIN) {
    uint64_t count;
    (void)::read(interrupted_.get(), &count, sizeof count);  // drained: the next wait waits
  }
  char buffer[kMaxMessage];
  for (;;) {
    ssize_t n = ::recv(socket_.get(), buffer, sizeof buffer, MSG_DONTWAIT);
    if (n < 0) break;
    messages.emplace_back(buffer, static_cast<size_t>(n));
  }
  return messages;
}

void RootEventListener::interrupt() noexcept {
  uint64_t one = 1;
  (void)::write(interrupted_.get(), &one, sizeof one);
}

}  // namespace berth::runtime
