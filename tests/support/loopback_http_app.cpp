#include "support/loopback_http_app.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <stdexcept>

namespace berth::testing {

LoopbackHttpApp::LoopbackHttpApp() : fd_(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0)) {
  sockaddr_in sa{};
  sa.sin_family = AF_INET;
  sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof sa;
  if (::bind(fd_.get(), reinterpret_cast<sockaddr*>(&sa), sizeof sa) != 0 ||
      ::listen(fd_.get(), 16) != 0 ||
      ::getsockname(fd_.get(), reinterpret_cast<sockaddr*>(&sa), &len) != 0) {
    throw std::runtime_error("LoopbackHttpApp: cannot listen");
  }
  port_ = ntohs(sa.sin_port);
  thread_ = std::thread([this] {
    for (;;) {
      int c = ::accept(fd_.get(), nullptr, nullptr);
      if (c < 0) return;  // shut down
      char buf[512];
      (void)::recv(c, buf, sizeof buf, 0);
      static const char kAnswer[] = "HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nok";
      (void)::send(c, kAnswer, sizeof kAnswer - 1, MSG_NOSIGNAL);
      ::close(c);
    }
  });
}

LoopbackHttpApp::~LoopbackHttpApp() {
  ::shutdown(fd_.get(), SHUT_RDWR);
  thread_.join();
}

}  // namespace berth::testing
