#include "cli/context.hpp"

#include <cstdlib>

#include "network/linux/linux_bridge_backend.hpp"
#include "store/schema.hpp"

namespace berth::cli {

std::filesystem::path Context::root() const {
  if (!options.root.empty()) return options.root;
  if (const char* env = std::getenv("BERTH_ROOT"); env && *env) return env;
  return "/var/lib/berth";
}

image::ImageStore& Context::images() {
  if (!images_) images_ = std::make_unique<image::ImageStore>(root());
  return *images_;
}

runtime::ContainerStore& Context::containers() {
  images();  // creates the root and migrates the schema first
  if (!containers_) containers_ = std::make_unique<runtime::ContainerStore>(root());
  return *containers_;
}

volume::VolumeStore& Context::volumes() {
  images();  // creates the root and migrates the schema first
  if (!volumes_) volumes_ = std::make_unique<volume::VolumeStore>(root());
  return *volumes_;
}

runtime::ContainerEngine& Context::engine() {
  if (!engine_) {
    runtime::EngineOptions options;
    options.root = std::filesystem::absolute(root());
    // The shim sits next to the berth binary (build/bin, or /usr/local/bin after install).
    auto self = std::filesystem::read_symlink("/proc/self/exe");
    options.berth_path = self;
    const char* shim = std::getenv("BERTH_SHIM");
    options.shim_path =
        shim && *shim ? std::filesystem::path(shim) : self.parent_path() / "berth-shim";
    engine_ = std::make_unique<runtime::ContainerEngine>(
        options, images(), containers(), volumes(),
        [this]() -> network::NetworkManager& { return networks(); });
  }
  return *engine_;
}

network::NetworkManager& Context::networks() {
  if (!networks_) {
    images();  // creates the root and migrates the schema first
    network_db_ =
        std::make_unique<store::Database>(root() / "berth.db", store::schema_migrations());
    runtime::EngineOptions defaults;
    network_backend_ = std::make_unique<network::LinuxBridgeBackend>(defaults.run_dir);
    networks_ = std::make_unique<network::NetworkManager>(*network_db_, *network_backend_,
                                                          defaults.run_dir);
  }
  return *networks_;
}

}  // namespace berth::cli
