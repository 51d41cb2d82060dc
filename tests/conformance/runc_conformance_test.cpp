// The OciRuntime conformance suite against runc (and crun when installed) through RuntimeCli:
// real containers from a busybox rootfs, as root.
#include <gtest/gtest.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "base/fs.hpp"
#include "base/process.hpp"
#include "conformance/oci_runtime_suite.hpp"
#include "conformance/script_bundles.hpp"
#include "runtime/runtime_cli.hpp"

namespace berth::runtime {
namespace runc_conformance_test {

constexpr const char* kBusybox = "/bin/busybox";

bool on_path(const std::string& program) {
  ProcessOptions options;
  options.search_path = true;
  return run_process({"sh", "-c", "command -v " + program}, options).exit_code == 0;
}

// Bundles over one busybox rootfs, with the runtime's own default spec (`runc spec`).
class CliHarness : public OciRuntimeHarness {
 public:
  explicit CliHarness(const std::string& binary)
      : dir_("/run", "berth-conformance-"), runtime_(binary, dir_.path() / "state", dir_.path()) {
    auto rootfs = dir_.path() / "rootfs";
    ensure_directory(rootfs / "bin");
    std::filesystem::copy_file(kBusybox, rootfs / "bin" / "busybox");
    for (const char* tool : {"sh", "echo", "sleep"}) {
      std::filesystem::create_symlink("busybox", rootfs / "bin" / tool);
    }
    auto result = run_process({"runc", "spec", "--bundle", dir_.path().string()},
                              ProcessOptions{.search_path = true});
    if (result.exit_code != 0) throw Error("runc spec: " + result.output);
    Json spec = Json::parse(read_file(dir_.path() / "config.json"));
    spec["root"] = {{"path", rootfs.string()}, {"readonly", true}};
    bundles_.emplace(dir_.path(), spec);
  }
  ~CliHarness() override {
    // Whatever a failed test left: delete it, then reap what we adopted as subreaper.
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(dir_.path() / "state", ec)) {
      runtime_.remove(entry.path().filename().string(), true);
    }
    while (::waitpid(-1, nullptr, WNOHANG) > 0) {
    }
  }

  OciRuntime& runtime() override { return runtime_; }
  std::filesystem::path bundle(const std::string& script) override {
    return bundles_->bundle(script);
  }
  std::filesystem::path process(const std::string& script) override {
    return bundles_->process(script);
  }

 private:
  TempDir dir_;
  RuntimeCli runtime_;
  std::optional<ScriptBundles> bundles_;
};

std::unique_ptr<OciRuntimeHarness> harness_for(const std::string& binary) {
  if (::geteuid() != 0 || !on_path(binary) || !on_path("runc") ||
      !std::filesystem::exists(kBusybox)) {
    return nullptr;  // the suite skips, saying why
  }
  // A container's init, once runc exits, is reparented here and reaped by the harness.
  ::prctl(PR_SET_CHILD_SUBREAPER, 1);
  return std::make_unique<CliHarness>(binary);
}

BERTH_OCI_RUNTIME_CONFORMANCE(Cli, (OciRuntimeImplementation{"runc",
                                                             [] { return harness_for("runc"); }}));

}  // namespace runc_conformance_test
}  // namespace berth::runtime
