#include "cli/context.hpp"

namespace berth::cli {

std::filesystem::path Context::root() const {
  return options.root.empty() ? engine::default_root() : std::filesystem::path(options.root);
}

engine::Engine& Context::core() {
  if (!core_) {
    core_ = std::make_unique<engine::Engine>(engine::EngineConfig::for_this_process(root()));
  }
  return *core_;
}

}  // namespace berth::cli
