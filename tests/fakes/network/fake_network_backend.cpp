#include "fakes/network/fake_network_backend.hpp"

#include "base/error.hpp"
#include "network/ipv4.hpp"

namespace berth::network {
namespace {

Ipv4Subnet subnet_of(const NetworkRecord& n) {
  return Ipv4Subnet::parse(n.subnet);
}

}  // namespace

void FakeNetworkBackend::ensure_network(const NetworkRecord& n) {
  log.push_back("ensure " + n.name);
  if (n.driver != "bridge") {
    throw InvalidArgumentError("network " + n.name + ": driver \"" + n.driver +
                               "\" is not supported (bridge only)");
  }
  if (!subnet_of(n).contains(Ipv4Address::parse(n.gateway))) {
    throw InvalidArgumentError("gateway " + n.gateway + " of network " + n.name +
                               " is outside its subnet " + n.subnet);
  }
  bridges_.insert(n.bridge);
}

void FakeNetworkBackend::remove_network(const NetworkRecord& n) {
  log.push_back("remove " + n.name);
  bridges_.erase(n.bridge);
}

void FakeNetworkBackend::create_netns(const std::filesystem::path& netns) {
  log.push_back("netns+ " + netns.filename().string());
  netns_.insert(netns);
}

void FakeNetworkBackend::remove_netns(const std::filesystem::path& netns) {
  log.push_back("netns- " + netns.filename().string());
  netns_.erase(netns);
  // Its interfaces, and so their host ends, go with it.
  std::erase_if(attachments_, [&](const auto& entry) { return entry.second == netns; });
}

void FakeNetworkBackend::attach(const std::filesystem::path& netns, const NetworkRecord& n,
                                const Attachment& a, bool default_route) {
  if (fail_attach) throw Error("attach failed");
  if (!subnet_of(n).contains(Ipv4Address::parse(a.ip))) {
    throw InvalidArgumentError("address " + a.ip + " is outside subnet " + n.subnet +
                               " of network " + n.name);
  }
  if (a.mac.empty()) throw InvalidArgumentError("invalid MAC address \"\"");
  if (!has_bridge(n.bridge)) throw Error("bridge " + n.bridge + " does not exist");
  if (!has_netns(netns)) throw Error("network namespace " + netns.string() + " does not exist");
  log.push_back("attach " + n.name + " " + a.interface_name + " " + a.ip +
                (default_route ? " default" : ""));
  attachments_[{a.container_id, a.interface_name}] = netns;
}

void FakeNetworkBackend::detach(const std::filesystem::path&, const NetworkRecord& n,
                                const Attachment& a, bool namespace_going_away) {
  log.push_back("detach " + n.name + " " + a.ip + (namespace_going_away ? " with-netns" : ""));
  // Left in place when the namespace goes next: removing it takes the interface along.
  if (!namespace_going_away) attachments_.erase({a.container_id, a.interface_name});
}

bool FakeNetworkBackend::has_attachment(const Attachment& a) const {
  return attachments_.count({a.container_id, a.interface_name}) > 0;
}

void FakeNetworkBackend::publish(const NetworkRecord&, const std::string& ip,
                                 const std::vector<PortBinding>& ports) {
  for (const auto& p : ports) {
    log.push_back("publish " + std::to_string(p.host_port) + "->" + ip + ":" +
                  std::to_string(p.container_port));
  }
}

void FakeNetworkBackend::unpublish(const NetworkRecord&, const std::string& ip,
                                   const std::vector<PortBinding>& ports) {
  log.push_back("unpublish " + ip + " x" + std::to_string(ports.size()));
}

void FakeNetworkBackend::remove_all() {
  log.push_back("remove_all");
  bridges_.clear();
  attachments_.clear();
}

}  // namespace berth::network
