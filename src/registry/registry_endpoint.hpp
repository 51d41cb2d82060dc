#pragma once
// Where a reference's domain is served: Docker Hub's API host for docker.io, the domain itself
// otherwise, or a mirror; and whether plain HTTP may be tried (loopback, as Docker allows, and
// the admin's insecure registries).
#include <string>
#include <string_view>
#include <vector>

#include "registry/registry_config.hpp"

namespace berth::registry {

struct RegistryEndpoint {
  std::string domain;  // as in the reference: "docker.io", "127.0.0.1:5000"
  std::string host;    // what is connected to: "registry-1.docker.io", "127.0.0.1:5000"
  bool plain_http_allowed = false;
  bool verify_tls = true;  // false for the admin's insecure-registries

  // The key of this registry in ~/.docker/config.json's auths (Docker Hub's is historical).
  std::string config_key() const;
};

RegistryEndpoint endpoint_for(std::string_view domain);
// The same, with the admin's insecure-registries (plain HTTP, unverified TLS) applied.
RegistryEndpoint endpoint_for(std::string_view domain, const RegistryConfig& config);
// Where a pull of `domain` asks, in order: its mirrors, then the registry itself.
std::vector<RegistryEndpoint> pull_endpoints(std::string_view domain, const RegistryConfig& config);

}  // namespace berth::registry
