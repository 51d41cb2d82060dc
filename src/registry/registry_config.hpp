#pragma once
// The admin's registry settings, in docker's daemon.json vocabulary so that a docker setup
// carries over: /etc/berth/registries.json ($BERTH_REGISTRY_CONFIG to move it)
//
//   {
//     "registry-mirrors": ["https://mirror.example.com"],          // docker.io's, in order
//     "mirrors": {"ghcr.io": ["http://10.0.0.5:5000"]},            // any registry's (podman
//                                                                  //  registries.conf style)
//     "insecure-registries": ["10.0.0.5:5000"]                     // plain HTTP or unverified
//   }                                                              //  TLS allowed
//
// Mirrors are tried in order and the registry itself last: an air-gapped site points
// docker.io at its own mirror. A pulled image keeps the name it was asked by.
#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace berth::registry {

struct Mirror {
  std::string host;  // "mirror.example.com", "10.0.0.5:5000"
  bool plain_http = false;
};

struct RegistryConfig {
  std::map<std::string, std::vector<Mirror>> mirrors;  // by reference domain
  std::vector<std::string> insecure;                   // hosts ("10.0.0.5:5000")

  // Throws Error naming the file and the key for bad content; an absent file is no settings.
  static RegistryConfig load(const std::filesystem::path& file);
  static std::filesystem::path default_path();  // $BERTH_REGISTRY_CONFIG or /etc/berth/…
  bool is_insecure(const std::string& host) const;
};

}  // namespace berth::registry
