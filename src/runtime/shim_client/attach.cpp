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

#include "base/error.hpp"
#include "base/fs.hpp"
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
    ::sigprocmask(SIG_BLOCK, &winch, &saved_);
    fd_ = UniqueFd(::signalfd(-1, &winch, SFD_CLOEXEC | SFD_NONBLOCK));
  }
  ~WindowChanges() { ::sigprocmask(SIG_SETMASK, &saved_, nullptr); }
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

void send_window_size(int terminal_fd, int conn_fd) {
  if (auto size = terminal_size(terminal_fd)) {
    std::string resize =
        "\x1b]berth-resize;" + std::to_string(size->rows) + ";" + std::to_string(size->cols) + "\n";
    write_all(conn_fd, resize.data(), resize.size(), "attach");
  }
}

}  // namespace

std::optional<ConsoleSize> terminal_size(int fd) {
  struct winsize ws {};
  if (fd < 0 || ::ioctl(fd, TIOCGWINSZ, &ws) != 0 || ws.ws_row == 0) return std::nullopt;
  return ConsoleSize{ws.ws_row, ws.ws_col};
}

AttachResult attach(const std::filesystem::path& socket, bool tty, int stdin_fd, int stdout_fd,
                    int stderr_fd) {
  UniqueFd conn = connect_unix(socket);
  RawTerminal raw(tty ? stdin_fd : -1);
  std::optional<WindowChanges> window_changes;
  if (tty && stdin_fd >= 0) {
    window_changes.emplace();
    send_window_size(stdin_fd, conn.get());
  }
  AttachResult result;
  std::string frames;  // stdcopy frames not yet complete
  bool stdin_open = stdin_fd >= 0;
  char previous = 0;
  for (;;) {
    struct pollfd fds[3] = {{conn.get(), POLLIN, 0},
                            {stdin_open ? stdin_fd : -1, POLLIN, 0},
                            {window_changes ? window_changes->fd() : -1, POLLIN, 0}};
    if (::poll(fds, 3, -1) < 0) {
      if (errno == EINTR) continue;
      throw_errno("poll");
    }
    if (fds[2].revents) {
      window_changes->drain();
      send_window_size(stdin_fd, conn.get());
    }
    if (fds[1].revents) {
      char buf[8192];
      ssize_t n = ::read(stdin_fd, buf, sizeof buf);
      if (n > 0) {
        if (tty) {
          // Docker's detach keys: ctrl-p then ctrl-q.
          for (ssize_t i = 0; i < n; ++i) {
            if (previous == 0x10 && buf[i] == 0x11) {
              result.detached = true;
              return result;
            }
            previous = buf[i];
          }
        }
        write_all(conn.get(), buf, static_cast<size_t>(n), "attach");
      } else {
        stdin_open = false;
        ::shutdown(conn.get(), SHUT_WR);  // the container's stdin ends too
      }
    }
    if (fds[0].revents) {
      char buf[65536];
      ssize_t n = ::read(conn.get(), buf, sizeof buf);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) break;
      if (tty) {
        write_all(stdout_fd, buf, static_cast<size_t>(n), "stdout");
        continue;
      }
      frames.append(buf, static_cast<size_t>(n));
      while (frames.size() >= 8) {
        auto b = [&](size_t i) {
          return static_cast<uint32_t>(static_cast<unsigned char>(frames[i]));
        };
        uint32_t size = (b(4) << 24) | (b(5) << 16) | (b(6) << 8) | b(7);
        if (frames.size() < 8 + size) break;
        write_all(frames[0] == 2 ? stderr_fd : stdout_fd, frames.data() + 8, size, "output");
        frames.erase(0, 8 + size);
      }
    }
  }
  return result;
}

}  // namespace berth::runtime
