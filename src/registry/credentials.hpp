#pragma once
// Registry logins where docker keeps them, so that an existing `docker login` works:
// $DOCKER_CONFIG/config.json (default ~/.docker/config.json). Looked up in docker's order: a
// credHelpers entry for the registry, then credsStore (both run docker-credential-<name>),
// then auths (base64 "user:password").
#include <filesystem>
#include <optional>
#include <string>

#include "registry/registry_endpoint.hpp"

namespace berth::registry {

struct Credentials {
  std::string username;
  std::string password;
};

std::filesystem::path docker_config_path();

// nullopt when there is no login for the registry. Throws Error when the config is malformed
// or its credential helper fails.
std::optional<Credentials> find_credentials(
    const RegistryEndpoint& endpoint, const std::filesystem::path& config = docker_config_path());

// `docker login`'s record: with the credsStore helper when the config names one, else base64
// in auths (the file rewritten atomically, 0600, everything else in it kept). Returns where
// it went, for the warning docker prints about plain-text storage ("" for a helper).
std::string store_credentials(const RegistryEndpoint& endpoint, const Credentials& credentials,
                              const std::filesystem::path& config = docker_config_path());

// `docker logout`: false when there was no login to remove.
bool erase_credentials(const RegistryEndpoint& endpoint,
                       const std::filesystem::path& config = docker_config_path());

}  // namespace berth::registry
