#pragma once
// Where a reference's domain is served: Docker Hub's API host for docker.io, the domain itself
// otherwise; and whether plain HTTP may be tried (only for loopback, as Docker allows).
#include <string>
#include <string_view>

namespace berth::registry {

struct RegistryEndpoint {
  std::string domain;  // as in the reference: "docker.io", "127.0.0.1:5000"
  std::string host;    // what is connected to: "registry-1.docker.io", "127.0.0.1:5000"
  bool plain_http_allowed = false;

  // The key of this registry in ~/.docker/config.json's auths (Docker Hub's is historical).
  std::string config_key() const;
};

RegistryEndpoint endpoint_for(std::string_view domain);

}  // namespace berth::registry
