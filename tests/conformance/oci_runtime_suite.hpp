#pragma once
// The OciRuntime conformance suite, as containerd has one per snapshotter: the same tests run
// against FakeOciRuntime (unit_tests, no root) and against runc (conformance_tests, as root),
// so the fake the engine's unit tests rely on behaves as the real runtime does.
#include <gtest/gtest.h>

#include <filesystem>
#include <functional>
#include <memory>
#include <string>

#include "runtime/oci_runtime.hpp"

namespace berth::runtime {

// What a suite needs of one implementation.
class OciRuntimeHarness {
 public:
  virtual ~OciRuntimeHarness() = default;
  virtual OciRuntime& runtime() = 0;
  // A bundle whose process is `/bin/sh -c SCRIPT`; scripts use echo, exit and sleep.
  virtual std::filesystem::path bundle(const std::string& script) = 0;
  // A process.json for exec that runs `/bin/sh -c SCRIPT`.
  virtual std::filesystem::path process(const std::string& script) = 0;
};

struct OciRuntimeImplementation {
  std::string name;  // for the test names
  std::function<std::unique_ptr<OciRuntimeHarness>()> make;
};

class OciRuntimeConformance : public ::testing::TestWithParam<OciRuntimeImplementation> {
 protected:
  void SetUp() override;
  OciRuntime& runtime() { return harness_->runtime(); }
  OciRuntimeHarness& harness() { return *harness_; }
  // A fresh container ID for this test.
  std::string id(const std::string& suffix);

 private:
  std::unique_ptr<OciRuntimeHarness> harness_;
};

// Instantiates the suite for `implementation`.
#define BERTH_OCI_RUNTIME_CONFORMANCE(prefix, implementation)                                \
  INSTANTIATE_TEST_SUITE_P(prefix, OciRuntimeConformance, ::testing::Values(implementation), \
                           [](const auto& info) { return info.param.name; })

}  // namespace berth::runtime
