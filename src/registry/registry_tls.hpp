#pragma once
// A registry's own TLS material, where docker keeps it: /etc/docker/certs.d/HOST[:PORT]/ with
// `*.crt` CA certificates (trusted besides the system's) and a client certificate `NAME.cert`
// with its key `NAME.key`.
#include <filesystem>
#include <string>
#include <string_view>

namespace berth::registry {

struct RegistryTls {
  std::string ca_bundle;  // PEM: the system's CAs and the registry's; empty: the defaults
  std::filesystem::path client_cert, client_key;
};

inline constexpr const char* kDockerCertsDir = "/etc/docker/certs.d";

// Throws Error when a client certificate lacks its key (or the reverse), as docker does.
RegistryTls registry_tls(std::string_view host,
                         const std::filesystem::path& certs_dir = kDockerCertsDir);

}  // namespace berth::registry
