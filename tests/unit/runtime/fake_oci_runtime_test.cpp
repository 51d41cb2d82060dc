// The OciRuntime conformance suite against FakeOciRuntime: the fake the engine's unit tests
// use behaves as runc does (tests/conformance/runc_conformance_test.cpp runs the same suite).
#include "fakes/runtime/fake_oci_runtime.hpp"

#include <gtest/gtest.h>

#include <sstream>

#include "base/fs.hpp"
#include "conformance/oci_runtime_suite.hpp"
#include "conformance/script_bundles.hpp"

namespace berth::runtime {
namespace {

// The scripts the suite gives, played by the fake: `echo X`, `exit N` and a long `sleep`
// (runs until killed), separated by "; ".
FakeOciRuntime::Behaviour play(const std::vector<std::string>& argv) {
  FakeOciRuntime::Behaviour b;
  if (argv.size() != 3 || argv[0] != "/bin/sh" || argv[1] != "-c") return b;
  std::stringstream script(argv[2]);
  for (std::string command; std::getline(script, command, ';');) {
    while (!command.empty() && command.front() == ' ') command.erase(0, 1);
    if (command.rfind("echo ", 0) == 0) b.output.push_back(command.substr(5));
    if (command.rfind("exit ", 0) == 0) b.exit_code = std::stoi(command.substr(5));
    if (command.rfind("sleep ", 0) == 0) b.runs_until_killed = true;
  }
  return b;
}

class FakeHarness : public OciRuntimeHarness {
 public:
  OciRuntime& runtime() override { return runtime_; }
  std::filesystem::path bundle(const std::string& script) override {
    return bundles_.bundle(script);
  }
  std::filesystem::path process(const std::string& script) override {
    return bundles_.process(script);
  }

 private:
  TempDir dir_;
  ScriptBundles bundles_{dir_.path(), Json::object()};
  FakeOciRuntime runtime_{play};
};

BERTH_OCI_RUNTIME_CONFORMANCE(Fake,
                              (OciRuntimeImplementation{"fake", [] {
                                                          return std::unique_ptr<OciRuntimeHarness>(
                                                              new FakeHarness);
                                                        }}));

TEST(FakeOciRuntime, RecordsItsCalls) {
  FakeHarness harness;
  auto& fake = static_cast<FakeOciRuntime&>(harness.runtime());
  fake.remove("x", true);
  EXPECT_EQ(fake.calls(), std::vector<std::string>{"remove --force x"});
}

TEST(FakeOciRuntime, CanBeMadeUnusable) {
  FakeOciRuntime fake;
  fake.check_usable();
  fake.set_unusable("crun refuses this host");
  try {
    fake.check_usable();
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.exit_code(), 125);
  }
}

}  // namespace
}  // namespace berth::runtime
