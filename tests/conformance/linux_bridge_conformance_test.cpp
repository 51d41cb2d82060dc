// The NetworkBackend conformance suite against LinuxBridgeBackend: real bridges, veths,
// namespaces and nftables rules, named per process so parallel runs do not meet, as root.
#include <gtest/gtest.h>
#include <unistd.h>

#include "base/fs.hpp"
#include "base/process.hpp"
#include "conformance/network_backend_suite.hpp"
#include "network/linux/linux_bridge_backend.hpp"
#include "network/linux/netlink.hpp"

namespace berth::network {
namespace linux_bridge_conformance_test {

class LinuxHarness : public NetworkBackendHarness {
 public:
  NetworkBackend& backend() override { return backend_; }
  std::filesystem::path netns_dir() override { return run_dir_.path() / "netns"; }
  bool bridge_exists(const std::string& bridge) override { return link_exists(bridge); }
  bool netns_exists(const std::filesystem::path& netns) override {
    return std::filesystem::exists(netns);
  }
  bool attached(const Attachment& a) override {
    return link_exists(host_veth_name(a.container_id, a.interface_name));
  }

 private:
  TempDir run_dir_{"/run", "berth-conformance-net-"};
  LinuxBridgeBackend backend_{run_dir_.path()};
};

std::unique_ptr<NetworkBackendHarness> linux_harness() {
  ProcessOptions options;
  options.search_path = true;
  if (::geteuid() != 0 || run_process({"sh", "-c", "command -v nft"}, options).exit_code != 0) {
    std::cerr << "LinuxBridgeBackend: needs root and nft\n";
    return nullptr;  // the suite skips
  }
  return std::make_unique<LinuxHarness>();
}

BERTH_NETWORK_BACKEND_CONFORMANCE(Linux, (NetworkBackendImplementation{"linux", linux_harness}));

}  // namespace linux_bridge_conformance_test
}  // namespace berth::network
