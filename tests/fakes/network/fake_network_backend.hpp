#pragma once
// A NetworkBackend that touches no host: it keeps the bridges, namespaces, attachments and
// published ports it was asked for in memory, and logs each call. It keeps the promises of
// NetworkBackend that the conformance suite (tests/conformance/network_backend_suite) holds
// it and LinuxBridgeBackend to: bridge driver only, addresses inside the subnet, an attach
// needs its bridge and namespace, missing pieces not an error to remove.
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "network/network_backend.hpp"

namespace berth::network {

class FakeNetworkBackend : public NetworkBackend {
 public:
  void ensure_network(const NetworkRecord& n) override;
  void remove_network(const NetworkRecord& n) override;
  void create_netns(const std::filesystem::path& netns) override;
  void remove_netns(const std::filesystem::path& netns) override;
  void attach(const std::filesystem::path& netns, const NetworkRecord& n, const Attachment& a,
              bool default_route) override;
  void detach(const std::filesystem::path& netns, const NetworkRecord& n, const Attachment& a,
              bool namespace_going_away) override;
  void publish(const NetworkRecord& n, const std::string& ip,
               const std::vector<PortBinding>& ports) override;
  void unpublish(const NetworkRecord& n, const std::string& ip,
                 const std::vector<PortBinding>& ports) override;
  void remove_all() override;

  // What the host would hold.
  bool has_bridge(const std::string& bridge) const { return bridges_.count(bridge) > 0; }
  bool has_netns(const std::filesystem::path& netns) const { return netns_.count(netns) > 0; }
  bool has_attachment(const Attachment& a) const;

  bool fail_attach = false;  // the next attaches throw
  // Each call, as "ensure NAME", "attach NAME eth0 10.88.0.2 default", … in order.
  std::vector<std::string> log;

 private:
  std::set<std::string> bridges_;
  std::set<std::filesystem::path> netns_;
  // (container ID, interface) → the namespace it is in, which takes it along when removed.
  std::map<std::pair<std::string, std::string>, std::filesystem::path> attachments_;
};

}  // namespace berth::network
