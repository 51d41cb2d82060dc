#pragma once
// A real engine over a temporary root and run directory, for the conformance suites of what
// is built on it (SpaceRunner, ImageBuilder), as root. Its containers, networks and mounts go
// with it, whatever a failed test left.
#include <memory>
#include <optional>
#include <string>

#include "base/fs.hpp"
#include "engine/engine.hpp"

namespace berth::test_support {

class TemporaryEngine {
 public:
  // Why no engine can run here (not root, no runc, busybox or berth binaries next to this
  // one); nullopt when one can.
  static std::optional<std::string> cannot_run();

  TemporaryEngine();
  ~TemporaryEngine();
  TemporaryEngine(const TemporaryEngine&) = delete;
  TemporaryEngine& operator=(const TemporaryEngine&) = delete;

  const engine::EngineConfig& config() const { return config_; }
  // An engine of the harness's own (to add images, look at them).
  engine::Engine& engine() { return *engine_; }
  // A busybox image tagged `tag` whose command is `/bin/sh -c SCRIPT`.
  void add_script_image(const std::string& tag, const std::string& script);

 private:
  void remove_everything();

  TempDir root_;
  TempDir run_dir_;
  engine::EngineConfig config_;
  std::unique_ptr<engine::Engine> engine_;
};

}  // namespace berth::test_support
