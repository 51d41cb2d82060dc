#pragma once
// The real network backend on Linux: bridges and veths over netlink, NAT and published ports
// in Berth's own nftables table, names through aardvark-dns. Costs per container: no exec on
// attach/detach without published ports (netlink only, plus a SIGHUP to aardvark-dns on a DNS
// network); one `nft` exec per publish and unpublish; network creation one `nft` exec.
#include <filesystem>
#include <string>
#include <string_view>

#include "network/linux/dns.hpp"
#include "network/network_backend.hpp"

namespace berth::network {

class LinuxBridgeBackend : public NetworkBackend {
 public:
  // `run_dir` (/run/berth) holds aardvark-dns's config directory and lock.
  explicit LinuxBridgeBackend(std::filesystem::path run_dir,
                              std::filesystem::path aardvark_binary = kAardvarkBinary);

  void ensure_network(const NetworkRecord& network) override;
  void remove_network(const NetworkRecord& network) override;
  void create_netns(const std::filesystem::path& netns) override;
  void remove_netns(const std::filesystem::path& netns) override;
  void attach(const std::filesystem::path& netns, const NetworkRecord& network, const Attachment& a,
              bool default_route) override;
  void detach(const std::filesystem::path& netns, const NetworkRecord& network, const Attachment& a,
              bool namespace_going_away) override;
  void publish(const NetworkRecord& network, const std::string& container_ip,
               const std::vector<PortBinding>& ports) override;
  void unpublish(const NetworkRecord& network, const std::string& container_ip,
                 const std::vector<PortBinding>& ports) override;
  void remove_all() override;

 private:
  AardvarkDns dns_;
};

// The host end of a container's veth: "vb" + the first 10 hex digits of the container ID + the
// interface's number ("eth1" -> "1"), at most 15 characters, unique per container and
// interface, and recognisable (vb*) for remove_all.
std::string host_veth_name(std::string_view container_id, std::string_view interface_name);

// "10.88.0.1/16": the gateway with the subnet's prefix length, as the bridge carries it.
std::string gateway_cidr(const NetworkRecord& network);

}  // namespace berth::network
