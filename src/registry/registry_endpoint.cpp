#include "registry/registry_endpoint.hpp"

#include <arpa/inet.h>

#include <string>

namespace berth::registry {

namespace {

std::string_view host_without_port(std::string_view host) {
  if (host.starts_with('[')) return host.substr(0, host.find(']') + 1);
  return host.substr(0, host.rfind(':'));
}

bool is_loopback(std::string_view host) {
  std::string name(host_without_port(host));
  in_addr v4{};
  if (::inet_pton(AF_INET, name.c_str(), &v4) == 1) return (ntohl(v4.s_addr) >> 24) == 127;
  return name == "localhost" || name == "[::1]";
}

}  // namespace

std::string RegistryEndpoint::config_key() const {
  return domain == "docker.io" ? "https://index.docker.io/v1/" : domain;
}

RegistryEndpoint endpoint_for(std::string_view domain) {
  RegistryEndpoint e;
  e.domain = std::string(domain);
  e.host = domain == "docker.io" ? "registry-1.docker.io" : std::string(domain);
  e.plain_http_allowed = is_loopback(domain);
  return e;
}

}  // namespace berth::registry
