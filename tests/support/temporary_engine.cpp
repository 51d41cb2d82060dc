#include "support/temporary_engine.hpp"

#include <sys/mount.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "base/process.hpp"
#include "support/busybox_layer.hpp"
#include "support/test_images.hpp"

namespace berth::test_support {
namespace {

std::filesystem::path this_binary_dir() {
  return std::filesystem::read_symlink("/proc/self/exe").parent_path();
}

bool on_path(const std::string& program) {
  ProcessOptions options;
  options.search_path = true;
  return run_process({"sh", "-c", "command -v " + program}, options).exit_code == 0;
}

// Mount points at or under `dir`, deepest first.
std::vector<std::string> mounts_under(const std::filesystem::path& dir) {
  std::vector<std::string> found;
  std::ifstream mounts("/proc/self/mounts");
  for (std::string line; std::getline(mounts, line);) {
    std::istringstream fields(line);
    std::string source, target;
    fields >> source >> target;
    if (target == dir.string() || target.starts_with(dir.string() + "/")) found.push_back(target);
  }
  std::sort(found.rbegin(), found.rend());
  return found;
}

}  // namespace

std::optional<std::string> TemporaryEngine::cannot_run() {
  if (::geteuid() != 0) return "needs root";
  if (!std::filesystem::exists(kHostBusybox)) return std::string(kHostBusybox) + " is missing";
  if (!on_path("runc")) return "runc is missing";
  for (const char* binary : {"berth", "berth-shim"}) {
    if (!std::filesystem::exists(this_binary_dir() / binary)) {
      return std::string(binary) + " is not built next to this test binary";
    }
  }
  return std::nullopt;
}

TemporaryEngine::TemporaryEngine()
    : root_(std::filesystem::temp_directory_path(), "berth-conformance-root-"),
      // Short: a container's attach socket (run dir, 64-digit ID) must fit sun_path.
      run_dir_("/run", "berth-c-"),
      config_(engine::EngineConfig::for_this_process(root_.path())) {
  config_.berth_path = this_binary_dir() / "berth";  // the shims' exit command
  config_.shim_path = this_binary_dir() / "berth-shim";
  config_.run_dir = run_dir_.path();
  engine_ = std::make_unique<engine::Engine>(config_);
}

TemporaryEngine::~TemporaryEngine() {
  engine_.reset();
  remove_everything();
}

void TemporaryEngine::add_script_image(const std::string& tag, const std::string& script) {
  TestImage image;
  image.layer_tars.push_back(busybox_layer());
  image.tags.push_back(tag);
  image.runtime_config = {{"Cmd", {"/bin/sh", "-c", script}}};
  add_image(engine_->images(), image);
}

void TemporaryEngine::remove_everything() {
  engine::Engine engine(config_);
  try {
    for (const auto& c : engine.lifecycle().list()) {
      try {
        engine.lifecycle().remove(c.id, true, true);
      } catch (const std::exception&) {
        // What is left is unmounted below.
      }
    }
    engine.networks().reset();
  } catch (const std::exception&) {
    // Best effort: the mounts go below, the directories with the TempDirs.
  }
  for (const auto& target : mounts_under(run_dir_.path())) ::umount2(target.c_str(), MNT_DETACH);
  for (const auto& target : mounts_under(root_.path())) ::umount2(target.c_str(), MNT_DETACH);
  // Shims reparented to this process (a subreaper, when another suite made it one).
  while (::waitpid(-1, nullptr, WNOHANG) > 0) {
  }
}

}  // namespace berth::test_support
