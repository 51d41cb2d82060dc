#pragma once
// What a network implementation does on the host. The manager decides (IPs, names, ports);
// a backend only makes the host match. LinuxBridgeBackend is the real one (bridge + veth via
// netlink, nftables, aardvark-dns); tests use a fake that records calls.
#include <filesystem>
#include <vector>

#include "network/network_record.hpp"

namespace berth::network {

class NetworkBackend {
 public:
  virtual ~NetworkBackend() = default;

  // Makes the network's bridge, its gateway address and its firewall rules exist
  // (idempotent: also called before every attach, so a host reboot is repaired lazily).
  virtual void ensure_network(const NetworkRecord& network) = 0;
  // Removes the bridge, its rules and its DNS records; no container is attached any more.
  virtual void remove_network(const NetworkRecord& network) = 0;

  // Creates the network namespace at `netns` (a bind-mounted nsfs file) with lo up.
  virtual void create_netns(const std::filesystem::path& netns) = 0;
  // Unmounts and deletes it; its veth ends vanish with it. Missing is not an error.
  virtual void remove_netns(const std::filesystem::path& netns) = 0;

  // Adds interface `a.interface_name` with `a.ip` inside `netns`, wired to the network's
  // bridge, with the default route via the gateway if it is the container's first network;
  // and the container's DNS names if the network has DNS.
  virtual void attach(const std::filesystem::path& netns, const NetworkRecord& network,
                      const Attachment& a, bool default_route) = 0;
  // Undoes attach: the DNS names, and the veth unless `namespace_going_away` (removing the
  // namespace takes its veths with it, without making the caller wait ~30 ms for the kernel
  // to unregister them). Missing pieces are not an error.
  virtual void detach(const std::filesystem::path& netns, const NetworkRecord& network,
                      const Attachment& a, bool namespace_going_away) = 0;

  // Forwards host ports to `container_ip` (DNAT from every host address, 127.0.0.1 included).
  virtual void publish(const NetworkRecord& network, const std::string& container_ip,
                       const std::vector<PortBinding>& ports) = 0;
  virtual void unpublish(const NetworkRecord& network, const std::string& container_ip,
                         const std::vector<PortBinding>& ports) = 0;

  // Removes everything any backend instance made on this host (system reset, and the
  // integration tests' cleanup).
  virtual void remove_all() = 0;
};

}  // namespace berth::network
