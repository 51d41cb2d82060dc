#pragma once
// A top-level network (`networks: {front: {driver, internal, external, ipam, name}}`).
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace berth::compose {

struct IpamPool {
  std::string subnet;
  std::string gateway;
  std::string ip_range;
  std::map<std::string, std::string> aux_addresses;
};

struct NetworkConfig {
  std::string name;  // the engine's name: PROJECT_KEY unless set or external
  std::string driver;
  std::map<std::string, std::string> driver_opts;
  std::string ipam_driver;
  std::vector<IpamPool> ipam_config;
  bool has_ipam = false;
  bool external = false;
  bool internal = false;
  bool attachable = false;
  std::map<std::string, std::string> labels;
  std::optional<bool> enable_ipv6;
};

}  // namespace berth::compose
