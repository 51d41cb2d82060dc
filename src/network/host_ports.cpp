#include "network/host_ports.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "base/error.hpp"
#include "base/unique_fd.hpp"

namespace berth::network {
namespace {

constexpr int kEngineError = 125;

sockaddr_in address_of(const std::string& host_ip, uint16_t port) {
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  if (host_ip.empty()) {
    addr.sin_addr.s_addr = htonl(INADDR_ANY);
  } else if (::inet_pton(AF_INET, host_ip.c_str(), &addr.sin_addr) != 1) {
    throw InvalidArgumentError("invalid host IP: " + host_ip, kEngineError);
  }
  return addr;
}

// Binds a socket without SO_REUSEADDR, so a bound or listening socket of anyone else fails it.
int try_bind(const std::string& protocol, const std::string& host_ip, uint16_t port,
             uint16_t* bound_port) {
  int type = protocol == "udp" ? SOCK_DGRAM : SOCK_STREAM;
  UniqueFd fd(::socket(AF_INET, type | SOCK_CLOEXEC, 0));
  if (!fd.valid()) throw_errno("socket");
  auto addr = address_of(host_ip, port);
  if (::bind(fd.get(), reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) return errno;
  if (bound_port) {
    socklen_t len = sizeof addr;
    ::getsockname(fd.get(), reinterpret_cast<sockaddr*>(&addr), &len);
    *bound_port = ntohs(addr.sin_port);
  }
  return 0;
}

}  // namespace

void check_host_port_free(const PortBinding& b) {
  int err = try_bind(b.protocol, b.host_ip, b.host_port, nullptr);
  if (err == 0) return;
  std::string where =
      (b.host_ip.empty() ? "0.0.0.0" : b.host_ip) + ":" + std::to_string(b.host_port);
  if (err == EADDRINUSE) {
    throw ConflictError("Error starting userland proxy: listen " + b.protocol + "4 " + where +
                            ": bind: address already in use",
                        kEngineError);
  }
  if (err == EADDRNOTAVAIL) {
    throw InvalidArgumentError("Error starting userland proxy: listen " + b.protocol + "4 " +
                                   where + ": bind: cannot assign requested address",
                               kEngineError);
  }
  throw Error("bind " + where + ": " + std::strerror(err), kEngineError);
}

uint16_t pick_free_host_port(const std::string& protocol, const std::string& host_ip) {
  uint16_t port = 0;
  int err = try_bind(protocol, host_ip, 0, &port);
  if (err != 0) throw Error(std::string("pick a free host port: ") + std::strerror(err));
  return port;
}

}  // namespace berth::network
