// Attaching to a running container through its shim's socket.
#include <poll.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <termios.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>
#include <vector>

#include "base/error.hpp"
#include "base/fs.hpp"
#include "runtime/shim/attach_protocol.hpp"
#include "runtime/shim_client/shim_client.hpp"

namespace berth::runtime {
namespace {

// Puts the local terminal in raw mode for the duration of a tty attach.
class RawTerminal {
 public:
  explicit RawTerminal(int fd) : fd_(fd) {
    if (fd_ < 0 || !::isatty(fd_) || ::tcgetattr(fd_, &saved_) != 0) {
      fd_ = -1;
      return;
    }
    struct termios raw = saved_;
    ::cfmakeraw(&raw);
    ::tcsetattr(fd_, TCSANOW, &raw);
  }
  ~RawTerminal() {
    if (fd_ >= 0) ::tcsetattr(fd_, TCSANOW, &saved_);
  }

 private:
  int fd_;
  struct termios saved_ {};
};

UniqueFd connect_unix(const std::filesystem::path& path) {
  UniqueFd fd(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
  struct sockaddr_un addr {};
  addr.sun_family = AF_UNIX;
  std::string p = path.string();
  if (p.size() >= sizeof addr.sun_path) throw Error("attach socket path too long: " + p);
  std::memcpy(addr.sun_path, p.c_str(), p.size() + 1);
  if (::connect(fd.get(), reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    throw_errno("attach to " + p);
  }
  return fd;
}

// Delivers SIGWINCH as a readable fd for the attach loop's poll, for as long as it lives.
class WindowChanges {
 public:
  WindowChanges() {
    sigset_t winch;
    sigemptyset(&winch);
    sigaddset(&winch, SIGWINCH);
    fd_ = UniqueFd(::signalfd(-1, &winch, SFD_CLOEXEC | SFD_NONBLOCK));
    if (fd_.get() < 0) throw_errno("signalfd");
    ::pthread_sigmask(SIG_BLOCK, &winch, &saved_);
  }
  ~WindowChanges() { ::pthread_sigmask(SIG_SETMASK, &saved_, nullptr); }
  WindowChanges(const WindowChanges&) = delete;
  WindowChanges& operator=(const WindowChanges&) = delete;
  int fd() const { return fd_.get(); }
  void drain() {
    struct signalfd_siginfo info;
    while (::read(fd_.get(), &info, sizeof info) > 0) {
    }
  }

 private:
  sigset_t saved_;
  UniqueFd fd_;
};

void send_window_size(int conn_fd, ConsoleSize size) {
  std::string resize = std::string(kResizePrefix) + std::to_string(size.rows) + ";" +
                       std::to_string(size.cols) + "\n";
  write_all(conn_fd, resize.data(), resize.size(), "attach");
}

// Splits Docker's stdcopy frames (8-byte header: stream, 0, 0, 0, big-endian size) onto
// stdout and stderr; keeps an incomplete frame for the next read.
void write_frames(std::string& frames, int stdout_fd, int stderr_fd) {
  while (frames.size() >= 8) {
    auto b = [&](size_t i) { return static_cast<uint32_t>(static_cast<unsigned char>(frames[i])); };
    uint32_t size = (b(4) << 24) | (b(5) << 16) | (b(6) << 8) | b(7);
    if (frames.size() < 8 + size) break;
    write_all(frames[0] == 2 ? stderr_fd : stdout_fd, frames.data() + 8, size, "output");
    frames.erase(0, 8 + size);
  }
}

}  // namespace

std::optional<ConsoleSize> terminal_size(int fd) {
  struct winsize ws {};
  if (fd < 0 || ::ioctl(fd, TIOCGWINSZ, &ws) != 0 || ws.ws_row == 0) return std::nullopt;
  return ConsoleSize{ws.ws_row, ws.ws_col};
}

AttachResult attach(const std::filesystem::path& socket, const AttachOptions& o) {
  UniqueFd conn = connect_unix(socket);
  if (o.stdin_fd < 0) {
    write_all(conn.get(), kNoStdinGreeting.data(), kNoStdinGreeting.size(), "attach");
  }
  // The local terminal's size is the container's, from now on; a size that changes makes a
  // program already running on the terminal (a shell's prompt) draw itself again.
  std::optional<WindowChanges> window_changes;
  const int terminal_fd = o.stdin_fd >= 0 ? o.stdin_fd : o.stdout_fd;  // the caller's terminal
  auto local_size = o.tty ? terminal_size(terminal_fd) : std::nullopt;
  if (local_size) {
    window_changes.emplace();
    send_window_size(conn.get(), {local_size->rows + 1, local_size->cols + 1});
    send_window_size(conn.get(), *local_size);
  }
  RawTerminal raw(o.tty ? o.stdin_fd : -1);
  DetachKeyWatch detach_keys(o.tty ? o.detach_keys : "");
  AttachResult result;
  std::string frames;  // stdcopy frames not yet complete
  bool stdin_open = o.stdin_fd >= 0;
  for (;;) {
    struct pollfd fds[3] = {{conn.get(), POLLIN, 0},
                            {stdin_open ? o.stdin_fd : -1, POLLIN, 0},
                            {window_changes ? window_changes->fd() : -1, POLLIN, 0}};
    if (::poll(fds, 3, -1) < 0) {
      if (errno == EINTR) continue;
      throw_errno("poll");
    }
    if (fds[2].revents) {
      window_changes->drain();
      if (auto size = terminal_size(terminal_fd)) {
        send_window_size(conn.get(), *size);
      }
    }
    if (fds[1].revents) {
      char buf[8192];
      ssize_t n = ::read(o.stdin_fd, buf, sizeof buf);
      if (n > 0) {
        auto typed = detach_keys.feed(std::string_view(buf, static_cast<size_t>(n)));
        write_all(conn.get(), typed.forward.data(), typed.forward.size(), "attach");
        if (typed.detached) {
          result.detached = true;
          return result;
        }
      } else if (n < 0 && errno == EINTR) {
        continue;
      } else if (o.stdin_once) {
        stdin_open = false;
        ::shutdown(conn.get(), SHUT_WR);  // the container's stdin ends too; its output goes on
      } else {
        result.stdin_ended = true;  // the container's stdin stays open for the next client
        return result;
      }
    }
    if (fds[0].revents) {
      char buf[65536];
      ssize_t n = ::read(conn.get(), buf, sizeof buf);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) break;
      if (o.tty) {
        write_all(o.stdout_fd, buf, static_cast<size_t>(n), "stdout");
      } else {
        frames.append(buf, static_cast<size_t>(n));
        write_frames(frames, o.stdout_fd, o.stderr_fd);
      }
    }
  }
  return result;
}

}  // namespace berth::runtime
