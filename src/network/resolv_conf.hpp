#pragma once
// The /etc/resolv.conf a container gets for its networks.
#include <string>

#include "network/network_manager.hpp"

namespace berth::network {

// A network with DNS answers at its gateway (aardvark-dns, which forwards other names to the
// host's servers). Otherwise the host's file (`host_resolv`) without loopback servers, which
// the container's own namespace cannot reach; Docker falls back to Google's servers then.
// Without networking (none, host modes) the host's file unchanged.
std::string container_resolv_conf(const ContainerNetworking* networking,
                                  const std::string& host_resolv);

}  // namespace berth::network
