#pragma once
// Blocking socket I/O with timeouts, for the server's connection threads (Exchange).
//
// Asio's blocking socket calls cannot time out: when SO_RCVTIMEO makes recv fail with EAGAIN,
// Asio polls the socket again with no limit. So every read and write here polls first, with a
// timeout, and then calls recv/sendmsg without blocking. Beast's synchronous http::read and
// http::write accept a TimedStream in place of the socket.
//
// The server keeps a connection's current timeouts in SO_RCVTIMEO/SO_SNDTIMEO, so that code
// holding only the socket (an Exchange) finds them with TimedStream::for_socket.
#include <poll.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/uio.h>

#include <array>
#include <boost/asio/buffer.hpp>
#include <boost/asio/error.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/system/error_code.hpp>
#include <cerrno>
#include <chrono>
#include <cstddef>
#include <optional>

namespace berth::server {

using Millis = std::chrono::milliseconds;
// A negative timeout waits without limit.
inline constexpr Millis kNoTimeout{-1};

// Waits until `fd` is ready for `events` (POLLIN or POLLOUT). Fails with timed_out after
// `timeout`, and with connection_aborted when `watch_fd` (the client, while the proxy waits on
// its upstream) hangs up or shuts down, so a vanished client or the server's stop() ends the wait.
inline boost::system::error_code wait_ready(int fd, short events, Millis timeout,
                                            int watch_fd = -1) {
  using Clock = std::chrono::steady_clock;
  const auto deadline = Clock::now() + timeout;
  for (;;) {
    int wait_ms = -1;
    if (timeout.count() >= 0) {
      auto left = std::chrono::duration_cast<Millis>(deadline - Clock::now()).count();
      wait_ms = left > 0 ? static_cast<int>(left) : 0;
    }
    pollfd fds[2] = {{fd, events, 0}, {watch_fd, POLLRDHUP, 0}};
    int n = ::poll(fds, watch_fd >= 0 ? 2 : 1, wait_ms);
    if (n < 0) {
      if (errno == EINTR) continue;
      return {errno, boost::system::system_category()};
    }
    if (watch_fd >= 0 && (fds[1].revents & (POLLRDHUP | POLLHUP | POLLERR | POLLNVAL)))
      return boost::asio::error::connection_aborted;
    // An error or hang-up on fd is reported by the recv or send that follows.
    if (fds[0].revents != 0) return {};
    if (n == 0) return boost::asio::error::timed_out;
  }
}

inline timeval to_timeval(Millis t) {
  if (t.count() <= 0) return {0, 0};  // 0 means no timeout to the kernel, as to us
  return {static_cast<time_t>(t.count() / 1000), static_cast<suseconds_t>(t.count() % 1000 * 1000)};
}

inline Millis from_timeval(const timeval& tv) {
  if (tv.tv_sec == 0 && tv.tv_usec == 0) return kNoTimeout;
  return Millis(tv.tv_sec * 1000 + tv.tv_usec / 1000);
}

// Records the connection's current timeouts on the socket (kNoTimeout or 0: none).
template <class Socket>
void set_socket_timeouts(Socket& socket, Millis read, Millis write) {
  timeval r = to_timeval(read), w = to_timeval(write);
  ::setsockopt(socket.native_handle(), SOL_SOCKET, SO_RCVTIMEO, &r, sizeof r);
  ::setsockopt(socket.native_handle(), SOL_SOCKET, SO_SNDTIMEO, &w, sizeof w);
}

// A SyncReadStream and SyncWriteStream over a connected socket, with per-operation timeouts,
// an optional overall deadline, and an optional peer to watch (see wait_ready).
class TimedStream {
 public:
  template <class Socket>
  TimedStream(Socket& socket, Millis read_timeout, Millis write_timeout)
      : fd_(socket.native_handle()), read_timeout_(read_timeout), write_timeout_(write_timeout) {}

  // With the timeouts the server recorded on the socket (set_socket_timeouts).
  template <class Socket>
  static TimedStream for_socket(Socket& socket) {
    timeval r{}, w{};
    socklen_t len = sizeof r;
    ::getsockopt(socket.native_handle(), SOL_SOCKET, SO_RCVTIMEO, &r, &len);
    len = sizeof w;
    ::getsockopt(socket.native_handle(), SOL_SOCKET, SO_SNDTIMEO, &w, &len);
    return TimedStream(socket, from_timeval(r), from_timeval(w));
  }

  void set_deadline(std::chrono::steady_clock::time_point deadline) { deadline_ = deadline; }
  void watch(int fd) { watch_fd_ = fd; }

  template <class MutableBuffers>
  std::size_t read_some(const MutableBuffers& buffers, boost::system::error_code& ec) {
    for (auto it = boost::asio::buffer_sequence_begin(buffers);
         it != boost::asio::buffer_sequence_end(buffers); ++it) {
      boost::asio::mutable_buffer b(*it);
      if (b.size() != 0) return recv(b.data(), b.size(), ec);
    }
    ec = {};
    return 0;
  }
  template <class MutableBuffers>
  std::size_t read_some(const MutableBuffers& buffers) {
    boost::system::error_code ec;
    std::size_t n = read_some(buffers, ec);
    if (ec) throw boost::system::system_error(ec);
    return n;
  }

  template <class ConstBuffers>
  std::size_t write_some(const ConstBuffers& buffers, boost::system::error_code& ec) {
    std::array<iovec, 64> iov;
    std::size_t count = 0;
    for (auto it = boost::asio::buffer_sequence_begin(buffers);
         it != boost::asio::buffer_sequence_end(buffers) && count < iov.size(); ++it) {
      boost::asio::const_buffer b(*it);
      if (b.size() != 0) iov[count++] = {const_cast<void*>(b.data()), b.size()};
    }
    ec = {};
    if (count == 0) return 0;
    return send(iov.data(), count, ec);
  }
  template <class ConstBuffers>
  std::size_t write_some(const ConstBuffers& buffers) {
    boost::system::error_code ec;
    std::size_t n = write_some(buffers, ec);
    if (ec) throw boost::system::system_error(ec);
    return n;
  }

 private:
  Millis budget(Millis timeout) const {
    if (!deadline_) return timeout;
    auto left = std::chrono::duration_cast<Millis>(*deadline_ - std::chrono::steady_clock::now());
    if (left.count() < 0) left = Millis(0);
    return timeout.count() < 0 ? left : std::min(timeout, left);
  }

  // Each call tries first and waits only when the socket is not ready: most reads find data
  // already there and most writes find room, and a poll less per call counts under load.
  std::size_t recv(void* data, std::size_t size, boost::system::error_code& ec) {
    for (;;) {
      ssize_t n = ::recv(fd_, data, size, MSG_DONTWAIT);
      if (n > 0) return static_cast<std::size_t>(n);
      if (n == 0) {
        ec = boost::asio::error::eof;
        return 0;
      }
      if (errno == EINTR) continue;
      if (errno != EAGAIN && errno != EWOULDBLOCK) {
        ec = {errno, boost::system::system_category()};
        return 0;
      }
      if ((ec = wait_ready(fd_, POLLIN, budget(read_timeout_), watch_fd_))) return 0;
    }
  }

  std::size_t send(const iovec* iov, std::size_t count, boost::system::error_code& ec) {
    msghdr msg{};
    msg.msg_iov = const_cast<iovec*>(iov);
    msg.msg_iovlen = count;
    for (;;) {
      ssize_t n = ::sendmsg(fd_, &msg, MSG_DONTWAIT | MSG_NOSIGNAL);
      if (n >= 0) return static_cast<std::size_t>(n);
      if (errno == EINTR) continue;
      if (errno != EAGAIN && errno != EWOULDBLOCK) {
        ec = {errno, boost::system::system_category()};
        return 0;
      }
      if ((ec = wait_ready(fd_, POLLOUT, budget(write_timeout_), watch_fd_))) return 0;
    }
  }

  int fd_;
  Millis read_timeout_;
  Millis write_timeout_;
  std::optional<std::chrono::steady_clock::time_point> deadline_;
  int watch_fd_ = -1;
};

}  // namespace berth::server
