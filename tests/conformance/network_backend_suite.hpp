#pragma once
// The NetworkBackend conformance suite: the same tests run against FakeNetworkBackend
// (unit_tests) and against LinuxBridgeBackend (conformance_tests, as root: real bridges, veths,
// namespaces and nftables rules), so the fake NetworkManager's unit tests rely on behaves as
// the host does.
#include <gtest/gtest.h>

#include <filesystem>
#include <functional>
#include <memory>
#include <string>

#include "network/network_backend.hpp"

namespace berth::network {

// What the suite needs of one implementation: the backend, and a look at the host.
class NetworkBackendHarness {
 public:
  virtual ~NetworkBackendHarness() = default;
  virtual NetworkBackend& backend() = 0;
  // A directory for network namespace files, removed with the harness.
  virtual std::filesystem::path netns_dir() = 0;
  virtual bool bridge_exists(const std::string& bridge) = 0;
  virtual bool netns_exists(const std::filesystem::path& netns) = 0;
  // Whether the container's interface `a` is wired to a bridge (its host end exists).
  virtual bool attached(const Attachment& a) = 0;
};

struct NetworkBackendImplementation {
  std::string name;  // for the test names
  // nullptr when the implementation cannot run here (the suite skips).
  std::function<std::unique_ptr<NetworkBackendHarness>()> make;
};

class NetworkBackendConformance : public ::testing::TestWithParam<NetworkBackendImplementation> {
 protected:
  void SetUp() override;
  void TearDown() override;
  NetworkBackend& backend() { return harness_->backend(); }
  NetworkBackendHarness& harness() { return *harness_; }
  // A bridge network no other test or process uses (name, bridge and subnet); removed by
  // TearDown whatever the test did.
  NetworkRecord network(int n);
  // A namespace path (not created); removed by TearDown.
  std::filesystem::path netns(const std::string& name);
  // Container `n`'s first interface on `network`, at host number `host` of its subnet, with
  // the MAC address the manager would derive from it.
  Attachment attachment(const NetworkRecord& network, int n, int host) const;

 private:
  std::unique_ptr<NetworkBackendHarness> harness_;
  std::vector<NetworkRecord> networks_;
  std::vector<std::filesystem::path> namespaces_;
};

// Instantiates the suite for `implementation`.
#define BERTH_NETWORK_BACKEND_CONFORMANCE(prefix, implementation)                                \
  INSTANTIATE_TEST_SUITE_P(prefix, NetworkBackendConformance, ::testing::Values(implementation), \
                           [](const auto& info) { return info.param.name; })

}  // namespace berth::network
