#pragma once
// The /etc/resolv.conf a container gets for its networks.
#include <string>
#include <vector>

#include "network/network_manager.hpp"

namespace berth::network {

// A network with DNS answers at its gateway (aardvark-dns, which forwards other names to the
// host's servers). Otherwise the host's file (`host_resolv`) without loopback servers, which
// the container's own namespace cannot reach; Docker falls back to Google's servers then.
// Without networking (none, host modes) the host's file unchanged.
std::string container_resolv_conf(const ContainerNetworking* networking,
                                  const std::string& host_resolv);

// --dns, --dns-search, --dns-option: each list given replaces that part of `base`.
struct DnsOverrides {
  std::vector<std::string> servers;
  std::vector<std::string> search;  // {"."}: no search line at all
  std::vector<std::string> options;
};

// Docker's rebuild of resolv.conf when any override is set: only `search`, `nameserver` and
// `options` lines remain, each from the override when given, else from `base`.
std::string override_resolv_conf(const std::string& base, const DnsOverrides& overrides);

}  // namespace berth::network
