#pragma once
// The /etc/hostname, /etc/hosts and /etc/resolv.conf a container gets, written into its
// directory (`dir`) before each start and bound into it by the runtime spec.
#include <filesystem>

#include "network/network_manager.hpp"
#include "runtime/container_record.hpp"
#include "runtime/container_request.hpp"

namespace berth::runtime {

// hostname: --hostname, the host's on the host network, else the ID's first 12 digits. hosts:
// the host's on the host network, else Docker's defaults plus the container's own address
// under its hostname. resolv.conf: the network's DNS, or the host's (network/resolv_conf.hpp).
// `networking`: the container's bridge networks, null for other modes. As Docker: --add-host
// entries follow the defaults in hosts (host-gateway replaced by `host_gateway`; on the host
// network they replace the copy of the host's file), and --dns/--dns-search/--dns-option
// replace the servers, search domains and options of resolv.conf.
void write_container_etc_files(const std::filesystem::path& dir, const ContainerRecord& c,
                               const ContainerRequest& r,
                               const network::ContainerNetworking* networking,
                               const std::string& host_gateway = "");

}  // namespace berth::runtime
