#pragma once
// Bridges and veth pairs over rtnetlink (libnl-route-3): a kernel round trip per step where
// `ip` would cost an exec each, which is what keeps `run` on a bridge within a few ms.
#include <filesystem>
#include <string>
#include <vector>

namespace berth::network {

// Creates bridge `name` if it is missing (with a fixed MAC, see the .cpp), gives it
// `gateway_cidr` ("10.88.0.1/16"), brings it up, and sets the sysctls publishing needs:
// route_localnet on it (DNAT from 127.0.0.1) and ip_forward.
void ensure_bridge(const std::string& name, const std::string& gateway_cidr);

bool link_exists(const std::string& name);

// Deletes a link (a bridge, or a veth with its peer); a missing one is not an error.
void delete_link(const std::string& name);

struct LinkInfo {
  std::string name;
  std::string type;  // "bridge", "veth", ... ("" for devices without one, like lo)
};
std::vector<LinkInfo> list_links();

// One end of a container's connection to a bridge.
struct ContainerInterface {
  std::string bridge;     // host bridge the host end joins
  std::string host_name;  // host end of the veth (at most 15 characters)
  std::string name;       // inside the namespace: "eth0"
  std::string address;    // "10.88.0.2/16"
  std::string mac;        // "02:42:0a:58:00:02"
  std::string gateway;    // default route via it; "" for none
};

// Creates the veth pair with its peer made directly inside `netns` (named, with its MAC),
// the host end enslaved to the bridge and up; then, inside, the address and the default
// route. A leftover pair of the same host name (an interrupted attach) is replaced. On
// failure nothing is left behind.
void add_container_interface(const std::filesystem::path& netns, const ContainerInterface& c);

}  // namespace berth::network
