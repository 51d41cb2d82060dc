#pragma once
// What Berth knows about a network and about a container's place on it. Rows of berth.db
// (migration 6); the backend turns them into bridges, veths and firewall rules.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace berth::network {

// The network `run` uses when --network is not given (Docker's "bridge", Podman's "podman").
inline constexpr const char* kDefaultNetworkName = "berth";

struct NetworkRecord {
  std::string id;    // 64 hex digits
  std::string name;  // [a-zA-Z0-9][a-zA-Z0-9_.-]*
  std::string driver = "bridge";
  std::string subnet;        // "10.88.0.0/16"
  std::string gateway;       // "10.88.0.1": the bridge's own address, and the DNS server
  std::string bridge;        // host interface name, "berth0", "berth1", ...
  bool internal = false;     // no route to the outside (no masquerade, forward dropped)
  bool dns_enabled = false;  // name resolution between containers (user-defined networks)
  std::map<std::string, std::string> labels;
  // Driver options (`network create -o`), Docker's "Options". Berth reads two:
  // kHostAccessOption=false keeps the network's containers from reaching the host itself
  // (its API, its services, the ports it publishes) apart from the network's DNS server;
  // Spaces' networks use it. kPrivateEgressOption=false keeps them from reaching link-local
  // (cloud metadata) and private ranges beyond their own subnet; unset, it follows host access.
  std::map<std::string, std::string> options;
  std::string created;  // RFC 3339

  bool host_access() const;
  bool private_egress() const;
};

inline constexpr const char* kHostAccessOption = "berth.host_access";
inline constexpr const char* kPrivateEgressOption = "berth.private_egress";

// The network builds' RUN steps may use: no host access, no private egress, DNS on its
// gateway; made on first use by NetworkManager::ensure_build_network.
inline constexpr const char* kBuildNetworkName = "berth-build";

// A container's connection to one network.
struct Attachment {
  std::string container_id;
  std::string container_name;
  std::string network_id;
  std::string interface_name = "eth0";  // inside the container: eth0, eth1, ...
  std::string ip;                       // "10.88.0.2"
  std::string mac;                      // "02:42:0a:58:00:02", derived from the ip
  std::vector<std::string> aliases;     // --network-alias, and the short container ID
};

// One published port, after ranges are expanded: -p 127.0.0.1:8080:80/tcp.
struct PortBinding {
  std::string protocol = "tcp";  // tcp | udp
  std::string host_ip;           // "" means every host address (0.0.0.0)
  uint16_t host_port = 0;        // 0 until allocated when -p 80 or -P asked for a random port
  uint16_t container_port = 0;
  // A host range to take the first free port of (-p 9000-9005:80); 0: none. Only in requests:
  // a started container's binding holds the port it got.
  uint16_t host_port_last = 0;
};

// One network a container asks to be on (run --network, network connect); kept in the
// container's request, so every start reconnects it.
struct EndpointRequest {
  std::string network;  // name or ID
  std::vector<std::string> aliases;
  std::string ip;  // --ip; empty = allocated at each start
};

}  // namespace berth::network
