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

RegistryEndpoint endpoint_for(std::string_view domain, const RegistryConfig& config) {
  RegistryEndpoint e = endpoint_for(domain);
  if (config.is_insecure(e.host) || config.is_insecure(std::string(domain))) {
    e.plain_http_allowed = true;
    e.verify_tls = false;
  }
  return e;
}

std::vector<RegistryEndpoint> pull_endpoints(std::string_view domain,
                                             const RegistryConfig& config) {
  std::vector<RegistryEndpoint> out;
  if (auto it = config.mirrors.find(std::string(domain)); it != config.mirrors.end()) {
    for (const auto& m : it->second) {
      RegistryEndpoint e = endpoint_for(m.host, config);
      e.domain = std::string(domain);  // the name pulled is the registry's, not the mirror's
      e.host = m.host;
      e.plain_http_allowed = e.plain_http_allowed || m.plain_http;
      out.push_back(e);
    }
  }
  out.push_back(endpoint_for(domain, config));
  return out;
}

}  // namespace berth::registry
