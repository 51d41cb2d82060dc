#pragma once
// What every command shares: the global options and the engine library over the root they
// name, opened on first use.
#include <filesystem>
#include <memory>
#include <string>

#include "engine/engine.hpp"

namespace berth::cli {

struct GlobalOptions {
  std::string root;  // --root, $BERTH_ROOT, or /var/lib/berth
};

class Context {
 public:
  GlobalOptions options;

  std::filesystem::path root() const;
  engine::Engine& core();
  image::ImageStore& images() { return core().images(); }
  runtime::ContainerStore& containers() { return core().containers(); }
  runtime::ContainerEngine& engine() { return core().lifecycle(); }
  volume::VolumeStore& volumes() { return core().volumes(); }
  network::NetworkManager& networks() { return core().networks(); }

 private:
  std::unique_ptr<engine::Engine> core_;
};

}  // namespace berth::cli
