// The NetworkBackend conformance suite against FakeNetworkBackend: the fake NetworkManager's
// tests use behaves as LinuxBridgeBackend does (tests/conformance runs the same suite on it).
#include "fakes/network/fake_network_backend.hpp"

#include <gtest/gtest.h>

#include "base/fs.hpp"
#include "conformance/network_backend_suite.hpp"

namespace berth::network {
namespace {

class FakeHarness : public NetworkBackendHarness {
 public:
  NetworkBackend& backend() override { return backend_; }
  std::filesystem::path netns_dir() override { return dir_.path(); }
  bool bridge_exists(const std::string& bridge) override { return backend_.has_bridge(bridge); }
  bool netns_exists(const std::filesystem::path& netns) override {
    return backend_.has_netns(netns);
  }
  bool attached(const Attachment& a) override { return backend_.has_attachment(a); }

 private:
  TempDir dir_;
  FakeNetworkBackend backend_;
};

BERTH_NETWORK_BACKEND_CONFORMANCE(
    Fake, (NetworkBackendImplementation{
              "fake", [] { return std::unique_ptr<NetworkBackendHarness>(new FakeHarness); }}));

TEST(FakeNetworkBackend, LogsEachCall) {
  FakeNetworkBackend fake;
  fake.remove_all();
  fake.unpublish({}, "10.88.0.2", {});
  EXPECT_EQ(fake.log, (std::vector<std::string>{"remove_all", "unpublish 10.88.0.2 x0"}));
}

}  // namespace
}  // namespace berth::network
